"""Translated content fields (django-modeltranslation): registration and reading/writing
one field's text in every language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, override
from modeltranslation.translator import TranslationOptions, translator

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _label in settings.LANGUAGES)


def register_translated(model: type[models.Model], *fields: str) -> None:
    """Give each of ``fields`` one column per language (``name_en``, ``name_uk``, ``name_he``).

    django-simple-history builds a model's historical twin when the model class is created,
    before modeltranslation adds the per-language fields at start-up; registering the twin
    too gives the historical table the same columns, so every version keeps every language
    (without it, saving fails: the twin has no ``name_en`` to copy into).
    """
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": fields})
    translator.register(model, options)
    history = getattr(model, "history", None)
    if history is not None:
        kept = {f.name for f in history.model._meta.fields}
        history_options = type(
            f"Historical{options.__name__}",
            (TranslationOptions,),
            {"fields": tuple(f for f in fields if f in kept)},
        )
        translator.register(history.model, history_options)


def current_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def translations(instance: models.Model, field: str) -> dict[str, str]:
    """``{"en": …, "uk": …, "he": …}``: what was entered in each language ("" where nothing)."""
    return {code: getattr(instance, f"{field}_{code}", None) or "" for code in LANGUAGE_CODES}


def in_each_language(text: Callable[[], Any]) -> dict[str, str]:
    """``{"en": …, "uk": …, "he": …}``: what ``text()`` gives with each language active (for a
    translated label kept in JSON, e.g. a choice's display name in an event)."""
    found = {}
    for code in LANGUAGE_CODES:
        with override(code):
            found[code] = str(text())
    return found


def split_translations(fields: dict[str, Any], translated: Iterable[str]) -> dict[str, dict]:
    """Take each translated field's texts out of ``fields`` (keyword arguments of a service).

    ``name="…"`` is the name in the current language, ``name_uk="…"`` the Ukrainian one and
    ``names={"uk": …}`` several at once; the result maps each field given to ``{code: text}``.
    """
    found: dict[str, dict] = {}
    for field in translated:
        texts: dict[str, str] = {}
        if field in fields:
            texts[current_language()] = fields.pop(field)
        for code, text in (fields.pop(f"{field}s", None) or {}).items():
            if code in LANGUAGE_CODES:
                texts[code] = text
        for code in LANGUAGE_CODES:
            if f"{field}_{code}" in fields:
                texts[code] = fields.pop(f"{field}_{code}")
        if texts:
            found[field] = texts
    return found


def apply_translations(
    instance: models.Model,
    texts: Mapping[str, Mapping[str, str | None]],
    clean: Callable[[str], str] = str.strip,
) -> list[str]:
    """Write each language's text; an empty one is stored as NULL (the reader then sees the
    fallback, and unique constraints let empty names repeat). Returns the columns written."""
    written = []
    for field, by_language in texts.items():
        for code, text in by_language.items():
            column = f"{field}_{code}"
            setattr(instance, column, clean(text or "") or None)
            written.append(column)
    return written


def first_filled(instance: models.Model, field: str) -> str:
    """The text in the fallback order of settings (English, Ukrainian, Hebrew)."""
    order = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", LANGUAGE_CODES)
    for code in order:
        text = getattr(instance, f"{field}_{code}", None)
        if text:
            return text
    return ""


def in_current_language(texts: Mapping[str, str]) -> str:
    """From ``{"en": …, "uk": …}``, the text in the current language, else in the fallback
    order of settings (as the translated fields themselves read)."""
    order = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", LANGUAGE_CODES)
    for code in (current_language(), *order):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")


def localize_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Message parameters with each per-language value (``{"en": …, "uk": …}``, as a
    notification stores a name) read in the current language."""
    return {
        key: in_current_language(value) if isinstance(value, dict) else value
        for key, value in params.items()
    }
