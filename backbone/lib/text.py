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
