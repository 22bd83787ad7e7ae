from django import template
from django.utils.formats import number_format

from backbone.interchange import periods
from backbone.lib.bidi import ltr

register = template.Library()


@register.filter(is_safe=True)
def figure(value, indicator=None) -> str:
    """A figure as people read it: whole counts without decimals, rates with one or two,
    grouped the way the reader's language groups digits ("2 901" in Ukrainian), and isolated
    left-to-right so a minus sign stays in front in Hebrew."""
    if value is None or value == "":
        return "—"
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return ltr(number_format(int(value), force_grouping=True))
    digits = 1 if abs(value) >= 10 else 2
    return ltr(number_format(round(value, digits), digits, force_grouping=True))


@register.filter
def index(sequence, position: int):
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return None


@register.filter
def month_code(month_index: int) -> str:
    return periods.code_of(month_index, periods.MONTHLY)


@register.filter(is_safe=True)
def rate(value) -> str:
    """A rate per N of the population, with one decimal ("17.9"; "0.42" below one)."""
    if value is None or value == "":
        return "—"
    value = float(value)
    digits = 1 if abs(value) >= 1 else 2
    return ltr(number_format(round(value, digits), digits, force_grouping=True))


@register.filter(is_safe=True)
def figure_plain(value) -> str:
    """A whole number grouped as the reader's language groups digits ("10 000")."""
    if value is None or value == "":
        return ""
    return ltr(number_format(int(value), force_grouping=True))
