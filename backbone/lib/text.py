"""Pure text helpers shared by several apps."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """The form two names are compared in: case-folded, accents composed, inner spaces single.

    "  Hope  Foundation" and "hope foundation" are the same organization to a person, so
    uniqueness is enforced on this form rather than on what was typed.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip().casefold()


def clean_name(value: str) -> str:
    """What is stored as a display name: outer space removed, inner runs of space made single."""
    return _SPACE.sub(" ", value).strip()


# Characters no one types into a name or a note: the C0 and C1 controls (NUL, ESC, …), DEL,
# lone surrogates and the two non-characters XML rejects. Tab, line feed and carriage return
# are text in a box that takes several lines. XML 1.0 cannot hold any of the C0 ones, so a
# name carrying one breaks the IATI file; PostgreSQL refuses NUL outright.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` that has no place in typed text, or None."""
    found = (_CONTROL if multiline else _CONTROL_OR_BREAK).search(value)
    return found.group() if found else None


def xml_safe(value: str) -> str:
    """``value`` without the characters an XML 1.0 document cannot hold (for exporting what
    was stored before such characters were refused)."""
    return _XML_INCOMPATIBLE.sub("", value)
