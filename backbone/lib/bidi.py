"""Keeping numbers, ranges, codes and dates in reading order inside right-to-left text.

In a Hebrew paragraph the Unicode bidirectional algorithm lays out "0–2" as "2–0", "2025-Q1" as
"Q1-2025" and "-5" as "5-": the dash between two numbers takes the direction of the text
around it. Wrapping such a value in `<bdi dir="ltr">` isolates it and fixes its direction, so
it reads as written whatever surrounds it. These filters are template builtins (see
TEMPLATES in the settings), usable in every template without `{% load %}`.
"""

import unicodedata

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_RTL = {"R", "AL"}
_OPEN_ISOLATE = {"LRI", "RLI", "FSI"}


def direction_of(text: str) -> str:
    """The direction of the first strong character outside isolates (Unicode's rule P2);
    "ltr" for text with none ("0–2", "17")."""
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _OPEN_ISOLATE:
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind == "L":
            return "ltr"
        elif depth == 0 and kind in _RTL:
            return "rtl"
    return "ltr"


def isolated(text: str) -> str:
    """Plain text (a message, a CSV cell) with `text` set apart by Unicode's first-strong
    isolate: "0–2" or "2025-Q1" inside a Hebrew sentence then keeps its order too."""
    return f"\u2068{text}\u2069"


@register.filter(is_safe=True)
def ltr(value) -> SafeString:
    """A value left-to-right by nature (a code, a period, a number, a date), isolated."""
    return mark_safe(f'<bdi dir="ltr">{conditional_escape(value)}</bdi>')  # noqa: S308 — escaped


@register.filter(is_safe=True)
def isolate(value) -> SafeString:
    """A label that may be a word in any script or a bare range ("Girls", "בנות", "0–2"),
    isolated in its own direction, so neither it nor the text around it is reordered."""
    text = str(value)
    if text == "":
        return mark_safe("")
    return mark_safe(  # noqa: S308 — escaped
        f'<bdi dir="{direction_of(text)}">{conditional_escape(value)}</bdi>'
    )
