"""Files an e-mail carries (a meeting's ``.ics``), built when the e-mail is sent, so that a
message retried tomorrow carries the meeting as it is then. Each app registers the builders
of its own kinds; this module imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# kind → builder(pk, language) → (filename, content, mimetype), or None when it is gone
Builder = Callable[[Any, str], tuple[str, bytes | str, str] | None]
_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _BUILDERS[kind] = builder


def build(wanted: dict[str, Any], *, language: str) -> tuple[str, bytes | str, str] | None:
    try:
        builder = _BUILDERS[wanted["kind"]]
    except KeyError:
        raise LookupError(f"no attachment of kind {wanted.get('kind')!r} is registered") from None
    return builder(wanted.get("pk"), language)
