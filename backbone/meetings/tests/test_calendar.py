"""iCalendar out: a meeting's .ics and the feeds of a collective, a body and a person."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone

from backbone.meetings import calendar, services
from backbone.meetings.models import Choice, MeetingStatus, Procedure
from backbone.meetings.tests.test_services import (
    make_meeting,
    member,
    next_week,
    propose,
    seat_personas,
)
from backbone.testing import BodyFactory


def parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def events(content: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in parse(content).walk("VEVENT")}


def test_a_meeting_ics_carries_its_zone_its_agenda_and_its_access(world):
    seat_personas(world)
    meeting = make_meeting(
        world,
        title="Standards",
        time_zone="Europe/Kyiv",
        items=[{"title": "Budget"}, {"title": "Training"}],
        step_free=True,
        interpretation="Ukrainian ↔ English",
        online_url="https://meet.example.org/standards",
    )
    name, content, mimetype = calendar.meeting_ics(meeting.pk, "en")
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    ical = parse(content)
    assert str(ical["VERSION"]) == "2.0"
    assert [str(z["TZID"]) for z in ical.walk("VTIMEZONE")] == ["Europe/Kyiv"]
    [event] = ical.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@" + str(event["UID"]).split("@", 1)[1]
    assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert (event.decoded("DTSTART").hour, event.decoded("DTEND").hour) == (10, 12)
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "1. Budget" in description and "2. Training" in description
    assert "step-free access" in description and "Ukrainian ↔ English" in description
    assert str(event["LOCATION"]) == "https://meet.example.org/standards"
    assert calendar.meeting_ics(meeting.pk + 1000, "en") is None


def test_a_meeting_elsewhere_keeps_its_own_zone(world):
    starts = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    meeting = make_meeting(world, starts_at=starts, time_zone="America/New_York")
    [event] = parse(calendar.meeting_ics(meeting.pk, "en")[1]).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").hour == 4  # 09:00 UTC in New York in winter
    assert event.decoded("DTSTART") == starts


def test_the_collective_feed_has_meetings_actions_due_and_decisions_closing(world):
    seat_personas(world)
    meeting = make_meeting(world, title="Standards")
    below = BodyFactory(collective=world.oblast, name="Oblast council")
    oblast_meeting = make_meeting(world, body=below, by=world.staff, title="Oblast meeting")
    elsewhere = BodyFactory(collective=world.elsewhere)
    make_meeting(world, body=elsewhere, by=world.admin, title="Not ours")
    action = services.action_create(
        collective=world.national,
        by=world.staff,
        title="Send the budget",
        due=timezone.localdate() + dt.timedelta(days=5),
        owner=world.community.person,
    )
    decision = propose(world, motion="Adopt the standards.")

    found = events(calendar.feed(collective=world.national))
    summaries = sorted(str(e["SUMMARY"]) for e in found.values())
    assert summaries == sorted(
        [
            "Standards",
            "Oblast meeting",
            "Due: Send the budget",
            "Decision closes: Adopt the standards.",
        ]
    )
    [due] = [e for e in found.values() if str(e["SUMMARY"]).startswith("Due")]
    assert due.decoded("DTSTART") == action.due  # an all-day event
    [closing] = [e for e in found.values() if str(e["SUMMARY"]).startswith("Decision")]
    assert closing.decoded("DTSTART") == decision.closes_at.replace(microsecond=0)
    assert any(uid.startswith(f"meeting-{meeting.pk}@") for uid in found)
    assert any(uid.startswith(f"meeting-{oblast_meeting.pk}@") for uid in found)


def test_a_feed_read_twice_keeps_its_uids(world):
    make_meeting(world)
    first = set(events(calendar.feed(collective=world.national)))
    assert first and first == set(events(calendar.feed(collective=world.national)))


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(world):
    meeting = make_meeting(world)
    services.meeting_update(meeting=meeting, by=world.facilitator, status=MeetingStatus.CANCELLED)
    [event] = events(calendar.feed(collective=world.national)).values()
    assert str(event["STATUS"]) == "CANCELLED"


def test_done_actions_and_closed_decisions_leave_the_feed(world):
    seat_personas(world)
    action = services.action_create(
        collective=world.national,
        by=world.staff,
        title="Send the budget",
        due=timezone.localdate(),
        owner=world.community.person,
    )
    services.action_set_status(action=action, by=world.staff, status="done")
    decision = propose(world)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    services.decision_close(decision=decision, by=world.facilitator)
    assert not events(calendar.feed(collective=world.national))


def test_a_body_feed_has_its_own_and_joint_meetings_only(world):
    seat_personas(world)
    other = BodyFactory(collective=world.national, name="Steering committee")
    third = BodyFactory(collective=world.national, name="Data group")
    make_meeting(world, title="Working group")
    make_meeting(world, body=other, by=world.staff, title="Joint", joint_with=[world.body])
    make_meeting(world, body=third, by=world.staff, title="Data only")
    propose(world, body=other, by=world.staff, motion="Their decision.")
    ical = parse(calendar.feed(collective=world.national, body=world.body))
    assert str(ical["X-WR-CALNAME"]) == "Working group on foster care — National collective"
    assert sorted(str(e["SUMMARY"]) for e in ical.walk("VEVENT")) == ["Joint", "Working group"]


def test_a_person_feed_has_what_concerns_them(world):
    seat_personas(world)
    other = BodyFactory(collective=world.national, name="Steering committee")
    outsider = member(world, body=other)
    make_meeting(world, title="Theirs")  # the community member is invited
    make_meeting(world, body=other, by=world.staff, title="Not theirs")
    services.action_create(
        collective=world.national,
        by=world.staff,
        title="Mine",
        due=timezone.localdate() + dt.timedelta(days=3),
        owner=world.community.person,
    )
    services.action_create(
        collective=world.national,
        by=world.staff,
        title="Someone else's",
        due=timezone.localdate() + dt.timedelta(days=3),
        owner=outsider.person,
    )
    propose(world, Procedure.CONSENT, motion="In my body.")
    propose(world, body=other, by=world.staff, motion="Not in my body.")
    ical = parse(calendar.feed(collective=world.national, person=world.community.person))
    assert sorted(str(e["SUMMARY"]) for e in ical.walk("VEVENT")) == [
        "Decision closes: In my body.",
        "Due: Mine",
        "Theirs",
    ]
    assert str(ical["X-WR-CALNAME"]).startswith(world.community.person.display_name)


def test_meetings_in_the_feed_are_in_time_order_with_one_zone_each(world):
    make_meeting(world, starts_at=next_week() + dt.timedelta(days=1), title="Second")
    make_meeting(world, title="First")
    make_meeting(
        world,
        starts_at=next_week() + dt.timedelta(days=2),
        title="Third",
        time_zone="Europe/Warsaw",
    )
    ical = parse(calendar.feed(collective=world.national))
    assert [str(e["SUMMARY"]) for e in ical.walk("VEVENT")] == ["First", "Second", "Third"]
    assert sorted(str(z["TZID"]) for z in ical.walk("VTIMEZONE")) == [
        "Europe/Kyiv",
        "Europe/Warsaw",
    ]
