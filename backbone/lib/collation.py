"""Sorting names the way a reader of their language expects, through ICU (PyICU).

Python's ``sorted`` and the databases' default collations compare code points: in
Ukrainian, Є and І (U+0404, U+0406) then sort before А (U+0410), and Ґ lands after Я.
ICU's collator for the language knows the alphabet: А Б В Г Ґ Д Е Є Ж З И І Ї Й …
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

import icu
from django.conf import settings
from django.utils.translation import get_language

T = TypeVar("T")


@lru_cache(maxsize=16)
def collator(language: str) -> icu.Collator:
    # ICU's collators are safe to share between threads for comparing and sort keys.
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(text: str, language: str | None = None) -> bytes:
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return collator(language).getSortKey(text or "")


def sort_by_name(
    items: Iterable[T], key: Callable[[T], str] = str, language: str | None = None
) -> list[T]:
    """``items`` sorted by ``key(item)`` (their ``str`` by default) in the reader's language,
    or in ``language`` when given."""
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    keyed = collator(language).getSortKey
    return sorted(items, key=lambda item: keyed(key(item) or ""))
