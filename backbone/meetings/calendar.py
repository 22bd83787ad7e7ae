"""iCalendar out: a meeting's ``.ics`` (attached to its invitation) and the feeds of a person,
a body and a collective (meetings, actions due, decisions' closing times).

Meetings carry their own time zone (TZID with its VTIMEZONE), so a calendar client shows
each attendee the meeting in their own zone. Actions due are all-day events (VTODO is
ignored by the commonest clients). UIDs are stable, so a feed read again updates its events
rather than adding them twice; a cancelled meeting stays in the feed as CANCELLED.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backbone.governance.models import BodyMembership
from backbone.meetings.models import (
    ActionItem,
    ActionStatus,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
)
from backbone.meetings.services import decision_url, meeting_url

PRODID = "-//Backbone//Collective Impact//EN"


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "backbone"


def access_offered(meeting: Meeting) -> list[str]:
    offered = [
        (meeting.step_free, _("step-free access")),
        (meeting.sign_language, _("sign language")),
        (meeting.childcare, _("childcare")),
        (meeting.breaks, _("regular breaks")),
        (meeting.travel_support, _("travel support")),
    ]
    lines = [label for on, label in offered if on]
    if meeting.interpretation:
        lines.append(_("interpretation: %s") % meeting.interpretation)
    return lines


def meeting_event(meeting: Meeting) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(meeting.time_zone)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.created_at)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    place = meeting.location or meeting.online_url
    if place:
        event.add("location", place)
    url = _absolute(meeting_url(meeting))
    event.add("url", url)
    lines = [meeting.body.name]
    items = [item.title for item in meeting.items.all()]
    if items:
        lines += ["", _("Agenda:"), *(f"{n}. {t}" for n, t in enumerate(items, 1))]
    access = access_offered(meeting)
    if access:
        lines += ["", _("Access: %s") % "; ".join(access)]
    if meeting.access_note:
        lines.append(meeting.access_note)
    if meeting.online_url:
        lines += ["", _("Online: %s") % meeting.online_url]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    # Raised by every change, so that a calendar replaces the entry it holds.
    event.add("sequence", meeting.sequence)
    return event


def action_event(action: ActionItem) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"action-{action.pk}-{action.due.isoformat()}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", action.due)
    event.add("summary", _("Due: %s") % action.title)
    event.add("transp", "TRANSPARENT")
    url = _absolute(f"/c/{action.collective.slug}/actions/")
    event.add("url", url)
    owner = action.owner or action.owner_organization
    event.add("description", f"{owner}\n{url}")
    return event


def decision_event(decision: Decision) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"decision-{decision.pk}-closes@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", decision.closes_at)
    event.add("dtend", decision.closes_at)
    event.add("summary", _("Decision closes: %s") % decision.motion[:80])
    url = _absolute(decision_url(decision))
    event.add("url", url)
    event.add("description", f"{decision.body.name}\n\n{decision.motion}\n\n{url}")
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(name: str, events: Iterable[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _meetings(filter_: Q) -> Iterable[Meeting]:
    return (
        Meeting.objects.filter(filter_)
        .select_related("body", "collective")
        .prefetch_related("items")
        .order_by("starts_at")
        .distinct()
    )


def feed(*, collective, body=None, person=None, language: str = "") -> bytes:
    """The feed of a collective (and the collectives below it), of one of its bodies, or of
    one person there: the meetings they are invited to, their actions due, and the closing
    times of the decisions their bodies are asked to take."""
    with translation.override(language or settings.LANGUAGE_CODE):
        ids = collective.tree_ids()
        meetings = Q(collective_id__in=ids)
        actions = Q(collective_id__in=ids, status=ActionStatus.OPEN)
        decisions = Q(collective_id__in=ids, status=DecisionStatus.OPEN, closes_at__isnull=False)
        name = collective.name
        if body is not None:
            meetings &= Q(body=body) | Q(joint_with=body)
            actions &= Q(body=body)
            decisions &= Q(body=body)
            name = f"{body.name} — {collective.name}"
        if person is not None:
            meetings &= Q(attendance__person=person)
            actions &= Q(owner=person)
            sits = BodyMembership.objects.current().filter(person=person).values("body_id")
            decisions &= Q(body_id__in=sits)
            name = f"{person.display_name} — {name}"
        events = [meeting_event(m) for m in _meetings(meetings)]
        events += [
            action_event(a)
            for a in ActionItem.objects.filter(actions).select_related(
                "collective", "owner", "owner_organization"
            )
        ]
        events += [
            decision_event(d) for d in Decision.objects.filter(decisions).select_related("body")
        ]
        return _calendar(name, events)


def meeting_ics(pk, language: str) -> tuple[str, bytes, str] | None:
    """The attachment of an invitation (registered with backbone.communication.attachments)."""
    meeting = Meeting.objects.select_related("body", "collective").filter(pk=pk).first()
    if meeting is None:
        return None
    with translation.override(language or settings.LANGUAGE_CODE):
        content = _calendar(meeting.title, [meeting_event(meeting)])
    return ("meeting.ics", content, "text/calendar; method=PUBLISH; charset=utf-8")
