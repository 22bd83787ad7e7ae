"""``{% may "submission.list" collective as allowed %}``: ask backbone.lib.permissions."""

from django import template

from backbone.lib.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action: str, target) -> bool:
    request = context.get("request")
    if request is None or target is None:
        return False
    return can(request.user, action, target)
