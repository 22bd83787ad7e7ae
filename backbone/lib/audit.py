"""The audit registry: each app says which of its records the audit log shows, and how.

Apps register from their own ``audit.py`` (imported by their AppConfig.ready); the audit page
(backbone.home.audit) reads ``registered()`` and knows no model itself. This module imports no
model, so every app can register here without an import cycle.

Two kinds of source:

* ``History`` — a model with ``history = HistoricalRecords()``: each history row is compared
  with the previous row of the same record, field by field.
* ``Log`` — an append-only model that is its own history (a submission's workflow events, an
  indicator's definitions): each row is one entry, with its own who and when.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

# label(row, name) → the record's name in the log, where name("person") is the display name
# of the record a foreign key of the row points to (all fetched in bulk beforehand).
Name = Callable[[str], str]
Label = Callable[[Any, Name], str]
# A phrase for several entries of one kind grouped together, e.g. "8 people joined «X»":
# (singular, plural) with %(n)d and %(group)s, translated when shown.
Phrase = tuple[str, str]


def plural_phrase(singular: str, plural: str) -> Phrase:
    """A grouped phrase ("%(n)d people joined %(group)s"), translated where it is shown.

    Written through this function so that `backbone makemessages` finds both forms (the
    project's makemessages knows it as a keyword); a bare tuple would be dropped from the
    catalogues as obsolete."""
    return (singular, plural)


@dataclass(frozen=True)
class History:
    model: Any
    collective: str  # lookup from a history row to its collective's id
    label: Label | None = None  # default: the live record's str(), else its stored name
    actor: str | None = None  # a field naming who acted, when the history row has no user
    hidden: frozenset[str] = frozenset()  # fields never shown (technical or derived)
    choices: dict[str, Any] = field(default_factory=dict)  # labels for list fields' codes
    # What repeated entries share: a foreign key (a body), or a field of the history row
    # itself ("history_change_reason": the file an import came from).
    group_by: str | None = None
    phrases: dict[str, Phrase] = field(default_factory=dict)  # kind → grouped phrase
    verbose_name: Any = None  # instead of the model's, where the model has none translated
    verbose_name_plural: Any = None
    staff_only: bool = False  # left out of what members see (What is new)
    # Rows written together in bulk (the same moment, user, kind and reason: an importer
    # writes its history so) are one entry, counted by the database: an import of any size
    # is one line, "500 population figures imported from …", in the log as in What is new.
    batched: bool = False
    # For what members see: (history rows, the reader or None, collective ids) → the rows this
    # reader may see (a seat in a body whose member list is private, for instance, is not).
    visible_to: Callable[[Any, Any, list[int]], Any] | None = None


@dataclass(frozen=True)
class Log:
    model: Any
    # A lookup from a row to its collective's id; or, for rows that name no collective (a
    # failed log-in names only a username), a function (rows, collective ids) → those rows.
    collective: str | Callable[[Any, list[int]], Any]
    when: str
    who: str | Callable[[Any], str]  # the user field, or a function row → who is shown
    label: Label
    # A field holding the action code (with choices), or a function row → (code, label);
    # None → added.
    kind: str | Callable[[Any], tuple[str, Any]] | None = None
    # field → label, shown as details; a field of a record the row points to is named by its
    # path ("submission__source") and that record fetched through ``related``.
    fields: dict[str, Any] = field(default_factory=dict)
    # kind → more fields, shown on entries of that kind only (how a submission's values came
    # in, on its "created" step rather than on every step of its review)
    fields_of_kind: dict[str, dict[str, Any]] = field(default_factory=dict)
    related: tuple[str, ...] = ()  # select_related the label and the fields need
    group_by: str | None = None
    phrases: dict[str, Phrase] = field(default_factory=dict)
    verbose_name: Any = None
    verbose_name_plural: Any = None
    staff_only: bool = False


Source = History | Log


@dataclass(frozen=True)
class Naming:
    """How a record is named where a foreign key points to it (and wherever a label asks
    ``name("submission")``): ``label(record)``, else its str(); with what that reads fetched
    alongside, so that every name costs no query of its own."""

    label: Callable[[Any], str] | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()


_REGISTRY: list[Source] = []
_NAMING: dict[Any, Naming] = {}


def register(source: Source) -> None:
    if any(s.model is source.model for s in _REGISTRY):
        return
    _REGISTRY.append(source)


def register_name(
    model: Any,
    *,
    label: Callable[[Any], str] | None = None,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
) -> None:
    """Say how records of ``model`` are named in the log (a submission has no name of its own:
    "#12 — Organization A, 2025-03")."""
    _NAMING[model] = Naming(label, select_related, prefetch_related)


def registered() -> list[Source]:
    return list(_REGISTRY)


def naming(model: Any) -> Naming:
    return _NAMING.get(model, Naming())


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Record changes made outside a request (commands, the demo) as made by this user.

    django-simple-history takes the user from the request its middleware keeps; this gives it
    one for the duration of the block.
    """
    from simple_history.models import HistoricalRecords

    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous
