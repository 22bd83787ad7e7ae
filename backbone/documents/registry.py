"""The kinds of versioned document: each app registers its own (from its AppConfig.ready), so
that the endorsement pages and the notifications know, for any version, where it belongs,
what it is called and who may see it. This module imports no model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str  # in URLs: /documents/<name>/<pk>/…
    model: Any  # a DocumentVersion subclass
    collective: Callable[[Any], Any]  # version → the collective the document belongs to
    title: Callable[[Any], str]  # version → what the document is called ("Scope of work: …")
    url: Callable[[Any], str]  # version → the page of its versions
    can_view: Callable[[Any, Any], bool]  # (user, version) → may see it (and so endorse it)
    related: tuple[str, ...] = ()  # select_related that the three functions above need
    # Organizations endorse it (an agenda, a scope of work); a questionnaire is only versioned.
    endorsable: bool = True


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    for known in _KINDS.values():
        if known.name == kind.name and known.model is kind.model:
            return  # registered again by a second ready(): the same kind
        if known.name == kind.name or known.model is kind.model:
            raise ValueError(f"Two kinds of document named {kind.name!r} or for one model")
    _KINDS[kind.name] = kind


def kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No kind of document {name!r}") from None


def kind_of(version) -> Kind:
    for known in _KINDS.values():
        if isinstance(version, known.model):
            return known
    raise LookupError(f"{type(version).__name__} is not a registered kind of document")


def kinds() -> list[Kind]:
    return list(_KINDS.values())
