"""Personal and consent-bound fields, in one place: which they are, and who may see each.

An app registers its fields here (from its own ``privacy.py``, imported by its AppConfig.ready,
as the audit registry is) with the one rule that says who may see them. Every channel that
shows records asks this module and nothing else: pages and the API pass records through
``redact``, the audit log and exports pass their rows (dicts) through it, a search asks
``visible`` before it matches on a field. This module imports no model, so every app can
register here without an import cycle.

Platform admins (active superusers) see every field, as they may do everything
(backbone.lib.permissions.can).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# rule(viewer, record) → may this viewer see the field on this record. The viewer may be None
# or anonymous (then no rule should admit them).
Rule = Callable[[Any, Any], bool]


class Kind(StrEnum):
    LIVED_EXPERIENCE = "lived_experience"  # self-declared and sensitive
    CONTACT = "contact"  # how to reach a person: e-mail, phone
    CONSENT = "consent"  # a person's own choice of who sees the above


@dataclass(frozen=True)
class PersonalField:
    model: Any
    name: str
    kind: Kind
    rule: Rule
    # Attributes computed from the field (its labels, say): hidden whenever it is.
    derived: tuple[str, ...] = ()
    # What the rule reads through foreign keys, for select_related when records are fetched
    # in bulk to be shown (the audit log).
    related: tuple[str, ...] = ()


_FIELDS: dict[Any, dict[str, PersonalField]] = {}


def register(
    model: Any,
    name: str,
    *,
    kind: Kind,
    rule: Rule,
    derived: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> None:
    model._meta.get_field(name)  # a misspelt field fails at start-up, not in a page
    _FIELDS.setdefault(model, {})[name] = PersonalField(model, name, kind, rule, derived, related)


def registered() -> list[PersonalField]:
    return [spec for fields in _FIELDS.values() for spec in fields.values()]


def fields_of(model: Any) -> dict[str, PersonalField]:
    """The registered fields of a model (of the model a history model keeps, too)."""
    model = getattr(model, "instance_type", model)  # django-simple-history's Historical…
    return _FIELDS.get(model, {})


def related(model: Any) -> tuple[str, ...]:
    """select_related that makes the rules of this model's fields cost no query per record."""
    return tuple(dict.fromkeys(r for spec in fields_of(model).values() for r in spec.related))


def _admin(viewer) -> bool:
    return bool(getattr(viewer, "is_superuser", False) and getattr(viewer, "is_active", False))


def visible(viewer, record, field: str) -> bool:
    """May ``viewer`` see ``field`` of ``record``? Fields nobody registered are not personal."""
    record = _unwrapped(record)
    spec = fields_of(type(record)).get(field)
    if spec is None:
        return True
    return _admin(viewer) or bool(spec.rule(viewer, record))


def hidden(viewer, record) -> frozenset[str]:
    """The registered fields of the record the viewer may not see, with what derives from them."""
    record = _unwrapped(record)
    names: set[str] = set()
    for spec in fields_of(type(record)).values():
        if not visible(viewer, record, spec.name):
            names |= {spec.name, *spec.derived}
    return frozenset(names)


def visible_ids(viewer, records: Iterable[Any], field: str) -> set[Any]:
    """The pks of those records whose ``field`` the viewer may see (for a list's column)."""
    return {r.pk for r in records if visible(viewer, r, field)}


class Redacted:
    """A record as one viewer may see it: each registered field they may not see, and what is
    derived from it, reads as None; anything else is read from the record. For reading only:
    it cannot be saved, so a blanked field can never be written back.

    ``visible`` maps each registered field to whether it is shown, for a template's
    ``{% if person.visible.email %}``."""

    __slots__ = ("_hidden", "_record", "visible")

    def __init__(self, record, hidden_names: frozenset[str], shown: dict[str, bool]) -> None:
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_hidden", hidden_names)
        object.__setattr__(self, "visible", shown)

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden:
            return None
        if name in ("save", "delete", "refresh_from_db", "save_base"):
            raise AttributeError(f"{name}: a redacted record is for reading only")
        return getattr(self._record, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a redacted record is for reading only")

    def __str__(self) -> str:
        return str(self._record)

    def __repr__(self) -> str:
        return f"<Redacted {self._record!r} hiding {sorted(self._hidden)}>"

    def __eq__(self, other: object) -> bool:
        other = other._record if isinstance(other, Redacted) else other
        return self._record == other

    def __hash__(self) -> int:
        return hash(self._record)


def _unwrapped(record):
    return object.__getattribute__(record, "_record") if isinstance(record, Redacted) else record


def redact(viewer, record, data: dict[str, Any] | None = None) -> Any:
    """The record as the viewer may see it.

    Without ``data``: a read-only ``Redacted`` view of the record (for templates and API
    schemas). With ``data`` (a row about this record, as an export or the audit log builds
    it): a copy of it in which each field the viewer may not see is None.
    """
    record = _unwrapped(record)
    names = hidden(viewer, record)
    if data is not None:
        return {key: None if key in names else value for key, value in data.items()}
    shown = {name: name not in names for name in fields_of(type(record))}
    return Redacted(record, names, shown)


def redact_each(viewer, records: Iterable[Any]) -> list[Any]:
    return [redact(viewer, record) for record in records]
