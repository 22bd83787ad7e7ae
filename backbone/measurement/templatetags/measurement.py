from django import template
from django.utils.formats import number_format

from backbone.measurement import periods

register = template.Library()


@register.filter
def figure(value, indicator=None) -> str:
    """A figure as people read it: whole counts without decimals, rates with one or two."""
    if value is None or value == "":
        return "—"
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return number_format(int(value), force_grouping=True)
    digits = 1 if abs(value) >= 10 else 2
    return number_format(round(value, digits), digits, force_grouping=True)


@register.filter
def index(sequence, position: int):
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return None


@register.filter
def month_code(month_index: int) -> str:
    return periods.code_of(month_index, periods.MONTHLY)
