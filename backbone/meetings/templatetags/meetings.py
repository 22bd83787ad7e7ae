"""Meetings and actions shown on other apps' pages (a body's page, a person's page) without
those apps importing this one."""

from __future__ import annotations

from django import template

from backbone.meetings import selectors

register = template.Library()


@register.inclusion_tag("meetings/_body_meetings.html", takes_context=True)
def body_meetings(context, body):
    upcoming, past = selectors.upcoming_and_past(body.collective, body=body, past=6)
    return {
        "request": context.get("request"),
        "user": context.get("user"),
        "collective": body.collective,
        "body": body,
        "upcoming": upcoming,
        "past": past,
        "actions": list(selectors.actions(body.collective, body=body, open_only=True)[:20]),
    }


@register.inclusion_tag("meetings/_person_actions.html", takes_context=True)
def person_actions(context, person):
    return {
        "request": context.get("request"),
        "collective": context.get("collective"),
        "rows": list(selectors.actions(context["collective"], person=person)[:50]),
    }
