"""Checks on typed text shared by the forms and the API, so both refuse the same input with
the same message."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from backbone.lib.text import control_character


def control_character_message(char: str) -> str:
    return gettext(
        "This field contains a control character (U+%(code)04X) that cannot be stored; remove it."
    ) % {"code": ord(char)}


def check_text(value: str, *, multiline: bool = False) -> None:
    """Refuses text carrying a control character; tab and line breaks only where
    ``multiline`` (a box of several lines)."""
    char = control_character(value, multiline=multiline)
    if char is not None:
        raise ValidationError(control_character_message(char), code="control_character")


def single_line_text(value: str) -> None:
    check_text(value)


def multiline_text(value: str) -> None:
    check_text(value, multiline=True)
