"""`{{ text|shown }}`: a shipped readiness text (an instrument's name, a next step) in the
reader's language while it is as shipped; a collective's own words as written."""

from django import template

from backbone.readiness import defaults

register = template.Library()


@register.filter
def shown(text: str) -> str:
    return defaults.shown(text)
