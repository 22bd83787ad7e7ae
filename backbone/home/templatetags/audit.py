from django import template

from backbone.home.audit import quoted as quote_name

register = template.Library()


@register.filter
def quoted(name) -> str:
    """A name in the reader's quotation marks, isolated for right-to-left pages."""
    return quote_name(str(name))
