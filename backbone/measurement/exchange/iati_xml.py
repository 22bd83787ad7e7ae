"""Writing IATI XML: every text and attribute made XML-safe, narratives in their language."""

from __future__ import annotations

import math

from lxml import etree

from backbone.lib.text import xml_safe
from backbone.lib.translation import translations
from backbone.measurement.exchange.iati_codes import XML_LANG
from backbone.measurement.models import Category, Indicator


# Every text and attribute goes through xml_safe: a control character stored before the forms
# and the API refused them would otherwise stop the whole file ("All strings must be XML
# compatible").
def _sub(parent: etree._Element, tag: str, attributes: dict | None = None, **more: str):
    values = {**(attributes or {}), **more}
    return etree.SubElement(
        parent, tag, {k: xml_safe(v) if isinstance(v, str) else v for k, v in values.items()}
    )


def _narrative(parent: etree._Element, text: str, language: str = "") -> None:
    narrative = _sub(parent, "narrative", {XML_LANG: language} if language else None)
    narrative.text = xml_safe(text)


def _title(parent: etree._Element, indicator: Indicator, language: str) -> None:
    """The name in the activity's language, then each translation under its own xml:lang."""
    _names(_sub(parent, "title"), indicator, language)


def _names(parent: etree._Element, obj, language: str) -> None:
    """The name in the activity's language, then each other language's under its xml:lang."""
    _narrative(parent, obj.name)
    for code, name in sorted(translations(obj, "name").items()):
        if code != language and name.strip():
            _narrative(parent, name.strip(), code)


def _dimension(parent: etree._Element, category: Category | None) -> None:
    if category is not None:
        _sub(parent, "dimension", name=category.dimension.code, value=category.code)


def _comment(parent: etree._Element, text: str) -> None:
    if text.strip():
        _narrative(_sub(parent, "comment"), text.strip())


def _number(value: float | None) -> str | None:
    """A figure as IATI reads it, or None when there is none to publish.

    Plain decimal notation, because IATI checks values with XPath number(), which reads no
    exponent. A negative figure can only come from a de-duplication adjustment larger than the
    claims: a data error rather than a result, so it is left out, as IATI values are >= 0.
    """
    if value is None or not math.isfinite(value) or value < 0:
        return None
    if value == 0:
        return "0"  # also turns -0.0 into "0"
    text = f"{round(value, 4):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
