"""``{% organization_contribution organization collective %}``: what an organization
contributes to the 3W, for its page (the network app shows it without knowing activities)."""

from django import template

from backbone.activities.permissions import Action
from backbone.activities.selectors import contribution, strategies_of
from backbone.lib.permissions import can
from backbone.network.models import Collective

register = template.Library()


@register.inclusion_tag("activities/_contribution.html", takes_context=True)
def organization_contribution(context, organization, collective) -> dict:
    request = context.get("request")
    if request is None or not can(request.user, Action.ACTIVITY_VIEW, collective):
        return {"shown": False}
    found = contribution(organization)
    titles = {}
    if found.strategies:
        titles = {s["key"]: s.get("title") or s["key"] for s in strategies_of(collective)}
    # Each activity is linked in its own collective (one query for all of them).
    slugs = dict(
        Collective.objects.filter(pk__in={a.collective_id for a in found.activities}).values_list(
            "pk", "slug"
        )
    )
    for activity in found.activities:
        activity.collective_slug = slugs.get(activity.collective_id, collective.slug)
    return {
        "shown": True,
        "collective": collective,
        "organization": organization,
        "contribution": found,
        "strategies": [titles.get(key, key) for key in found.strategies],
    }
