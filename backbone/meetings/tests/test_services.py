"""The rules of meetings, decisions and action items (backbone.meetings.services)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from backbone.accounts.models import RoleKind
from backbone.accounts.services import role_grant
from backbone.events.services import drain
from backbone.governance.models import BodyMembership, MemberRole
from backbone.meetings import reminders, services
from backbone.meetings.models import (
    BALLOT_PROCEDURES,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Choice,
    Decision,
    DecisionStatus,
    ItemStatus,
    MeetingSeries,
    MinutesStatus,
    Outcome,
    Procedure,
    Ratification,
    RatificationRule,
    RatificationStatus,
    SpeakingTurn,
    Vote,
)
from backbone.testing import BodyFactory, CollectiveFactory, PersonFactory, UserFactory

KYIV = ZoneInfo("Europe/Kyiv")


# Helpers shared by the meetings' tests.


def seat(body, person, role=MemberRole.MEMBER, **fields) -> BodyMembership:
    return BodyMembership.objects.create(body=body, person=person, role=role, **fields)


def member(world, body=None, role=MemberRole.MEMBER, *, collective=None, **person_fields):
    """A new user with a Person in the collective (national by default) and a seat in body."""
    user = UserFactory()
    PersonFactory(collective=collective or world.national, user=user, **person_fields)
    seat(body or world.body, user.person, role)
    return user


def seat_personas(world) -> None:
    """The community member and reporter A sit in the working group as voting members."""
    seat(world.body, world.community.person)
    seat(world.body, world.reporter_a.person)


def next_week(hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=7)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=KYIV)


def make_meeting(world, *, starts_at=None, hours: int = 2, body=None, by=None, **fields):
    starts_at = starts_at or next_week()
    return services.meeting_create(
        body=body or world.body,
        by=by or world.facilitator,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        **fields,
    )


def propose(world, procedure=Procedure.MAJORITY, *, body=None, by=None, **fields) -> Decision:
    if "meeting" not in fields:
        fields.setdefault("closes_at", timezone.now() + dt.timedelta(days=3))
    return services.decision_propose(
        body=body or world.body,
        by=by or world.facilitator,
        motion=fields.pop("motion", "Adopt the foster care standards."),
        procedure=procedure,
        **fields,
    )


# Outcomes under each procedure.


def counts(for_=0, against=0, abstain=0, object_=0, ballot=0) -> dict[str, int]:
    return {
        Choice.FOR: for_,
        Choice.AGAINST: against,
        Choice.ABSTAIN: abstain,
        Choice.OBJECT: object_,
        Choice.BALLOT: ballot,
    }


@pytest.mark.parametrize(
    ("procedure", "votes", "expected"),
    [
        # Consensus: everyone agrees; one against or one objection and it fails.
        (Procedure.CONSENSUS, counts(5), Outcome.ADOPTED),
        (Procedure.CONSENSUS, counts(4, abstain=1), Outcome.ADOPTED),
        (Procedure.CONSENSUS, counts(4, against=1), Outcome.REJECTED),
        (Procedure.CONSENSUS, counts(4, object_=1), Outcome.REJECTED),
        (Procedure.CONSENSUS, counts(abstain=3), Outcome.REJECTED),
        # Consent: only a reasoned objection stops it; against is a recorded reservation.
        (Procedure.CONSENT, counts(3, against=2), Outcome.ADOPTED),
        (Procedure.CONSENT, counts(4, object_=1), Outcome.REJECTED),
        (Procedure.CONSENT, counts(against=2), Outcome.REJECTED),
        # Simple majority: more for than against; abstentions do not count.
        (Procedure.MAJORITY, counts(3, against=2), Outcome.ADOPTED),
        (Procedure.MAJORITY, counts(2, against=2), Outcome.REJECTED),
        (Procedure.MAJORITY, counts(2, against=1, abstain=10), Outcome.ADOPTED),
        (Procedure.MAJORITY, counts(1, against=2, abstain=1), Outcome.REJECTED),
        # Two-thirds of those for or against.
        (Procedure.QUALIFIED, counts(2, against=1), Outcome.ADOPTED),
        (Procedure.QUALIFIED, counts(3, against=2), Outcome.REJECTED),
        (Procedure.QUALIFIED, counts(2, against=1, abstain=5), Outcome.ADOPTED),
        (Procedure.QUALIFIED, counts(abstain=3), Outcome.REJECTED),
    ],
)
def test_outcome_of_each_procedure(procedure, votes, expected):
    assert services.outcome_of(Decision(procedure=procedure), votes) == expected


@pytest.mark.parametrize("procedure", [p for p in Procedure.values if p not in BALLOT_PROCEDURES])
def test_below_the_quorum_there_is_no_quorum_and_abstentions_count_toward_it(procedure):
    decision = Decision(procedure=procedure, quorum=4)
    assert services.outcome_of(decision, counts(3)) == Outcome.NO_QUORUM
    assert services.outcome_of(decision, counts(3, abstain=1)) == Outcome.ADOPTED


def test_closing_tallies_the_votes_cast(world):
    seat_personas(world)
    decision = propose(world, Procedure.QUALIFIED, quorum=3)
    services.vote_cast(decision=decision, by=world.facilitator, choice=Choice.FOR)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    services.vote_cast(decision=decision, by=world.reporter_a, choice=Choice.AGAINST)
    closed = services.decision_close(decision=decision, by=world.facilitator)
    assert (closed.status, closed.outcome) == (DecisionStatus.CLOSED, Outcome.ADOPTED)
    assert closed.closed_at is not None
    assert services.tally(closed) == counts(2, against=1)


def test_closing_below_the_quorum_records_no_quorum(world):
    seat_personas(world)
    decision = propose(world, Procedure.MAJORITY, quorum=3)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    services.vote_cast(decision=decision, by=world.reporter_a, choice=Choice.ABSTAIN)
    closed = services.decision_close(decision=decision, by=world.facilitator)
    assert closed.outcome == Outcome.NO_QUORUM


# Who votes, and when.


def test_a_current_voting_member_votes_and_may_change_the_vote_while_open(world):
    seat_personas(world)
    decision = propose(world, Procedure.CONSENT)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.AGAINST)
    services.vote_cast(
        decision=decision, by=world.community, choice=Choice.OBJECT, reason="Not funded."
    )
    [vote] = Vote.objects.filter(decision=decision)
    assert (vote.person, vote.choice, vote.reason) == (
        world.community.person,
        Choice.OBJECT,
        "Not funded.",
    )


def test_an_observer_does_not_vote(world):
    observer = member(world, role=MemberRole.OBSERVER)
    decision = propose(world)
    with pytest.raises(PermissionDenied):
        services.vote_cast(decision=decision, by=observer, choice=Choice.FOR)
    assert not Vote.objects.exists()


def test_a_seat_that_ended_does_not_vote(world):
    today = timezone.localdate()
    seat(
        world.body,
        world.community.person,
        start_date=today - dt.timedelta(days=90),
        end_date=today,
    )
    decision = propose(world)
    with pytest.raises(PermissionDenied):
        services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    assert not Vote.objects.exists()


def test_a_member_of_another_body_or_of_none_does_not_vote(world):
    other = BodyFactory(collective=world.national)
    elsewhere = member(world, body=other)
    decision = propose(world)
    for user in (elsewhere, world.reporter_a, world.staff):
        with pytest.raises(PermissionDenied):
            services.vote_cast(decision=decision, by=user, choice=Choice.FOR)
    assert not Vote.objects.exists()


def test_a_closed_decision_takes_no_votes_and_does_not_close_twice(world):
    seat_personas(world)
    decision = propose(world)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    services.decision_close(decision=decision, by=world.facilitator)
    with pytest.raises(ValidationError):
        services.vote_cast(decision=decision, by=world.community, choice=Choice.AGAINST)
    with pytest.raises(ValidationError):
        services.decision_close(decision=decision, by=world.facilitator)
    assert Vote.objects.get(decision=decision).choice == Choice.FOR


def test_an_objection_needs_its_reason(world):
    seat_personas(world)
    decision = propose(world, Procedure.CONSENSUS)
    with pytest.raises(ValidationError) as raised:
        services.vote_cast(decision=decision, by=world.community, choice=Choice.OBJECT)
    assert "reason" in raised.value.message_dict
    with pytest.raises(ValidationError):
        services.vote_cast(
            decision=decision, by=world.community, choice=Choice.OBJECT, reason="   "
        )
    assert not Vote.objects.exists()


@pytest.mark.parametrize("procedure", [Procedure.MAJORITY, Procedure.QUALIFIED])
def test_a_vote_by_majority_has_no_objection(world, procedure):
    seat_personas(world)
    decision = propose(world, procedure)
    with pytest.raises(ValidationError):
        services.vote_cast(
            decision=decision, by=world.community, choice=Choice.OBJECT, reason="No."
        )
    assert not Vote.objects.exists()


def test_a_quorum_above_the_voting_seats_is_refused(world):
    observer = member(world, role=MemberRole.OBSERVER)
    assert observer  # an observer is no voting seat: the body has one (the facilitator)
    with pytest.raises(ValidationError) as raised:
        propose(world, quorum=2)
    assert "quorum" in raised.value.message_dict


# Meetings.


def test_a_meeting_cannot_end_before_it_starts(world):
    starts = next_week()
    for ends in (starts, starts - dt.timedelta(minutes=30)):
        with pytest.raises(ValidationError):
            services.meeting_create(
                body=world.body, by=world.facilitator, starts_at=starts, ends_at=ends
            )
    with pytest.raises(ValidationError):
        services.local_times(timezone.localdate(), dt.time(12), dt.time(11), "Europe/Kyiv")
    meeting = make_meeting(world)
    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=meeting, by=world.facilitator, ends_at=meeting.starts_at - dt.timedelta(hours=1)
        )


@pytest.mark.parametrize("zone", ["Europe/Nowhere", "Kyiv", "../etc/passwd"])
def test_a_time_zone_that_does_not_exist_is_refused(world, zone):
    with pytest.raises(ValidationError) as raised:
        make_meeting(world, time_zone=zone)
    assert "time_zone" in raised.value.message_dict
    with pytest.raises(ValidationError):
        services.local_times(timezone.localdate(), dt.time(10), dt.time(11), zone)


def test_local_times_keep_the_wall_clock_of_the_zone(world):
    starts, ends = services.local_times(
        dt.date(2026, 7, 1), dt.time(10), dt.time(12), "Europe/Kyiv"
    )
    assert starts.astimezone(dt.UTC).hour == 7  # summer time, UTC+3
    winter, _ends = services.local_times(
        dt.date(2026, 1, 15), dt.time(10), dt.time(12), "Europe/Kyiv"
    )
    assert winter.astimezone(dt.UTC).hour == 8  # UTC+2


def test_only_those_who_run_the_body_schedule_its_meetings(world):
    seat_personas(world)
    with pytest.raises(PermissionDenied):
        make_meeting(world, by=world.community)
    assert make_meeting(world, by=world.staff).body == world.body


def test_the_attendance_list_is_every_current_member_of_each_body_once(world):
    seat_personas(world)
    joint = BodyFactory(collective=world.national)
    seat(joint, world.community.person)  # in both bodies
    also = member(world, body=joint)
    today = timezone.localdate()
    former = PersonFactory(collective=world.national)
    seat(joint, former, start_date=today - dt.timedelta(days=30), end_date=today)
    meeting = make_meeting(world, joint_with=[joint])
    invited = list(meeting.attendance.values_list("person_id", flat=True))
    assert sorted(invited) == sorted(
        [
            world.facilitator.person.pk,
            world.community.person.pk,
            world.reporter_a.person.pk,
            also.person.pk,
        ]
    )
    assert set(meeting.attendance.values_list("status", flat=True)) == {AttendanceStatus.INVITED}
    assert {b.pk for b in meeting.bodies()} == {world.body.pk, joint.pk}


def test_a_joint_meeting_is_of_bodies_of_one_collective(world):
    other = BodyFactory(collective=world.elsewhere)
    with pytest.raises(ValidationError):
        make_meeting(world, joint_with=[other])


def test_an_item_parked_in_a_series_comes_back_once(world):
    series = MeetingSeries.objects.create(body=world.body, name="Monthly")
    first = make_meeting(world, series=series, items=[{"title": "Budget"}])
    kept = services.item_add(meeting=first, by=world.facilitator, title="Standards")
    [budget] = first.items.filter(title="Budget")
    services.item_set_status(item=budget, by=world.facilitator, status=ItemStatus.PARKED)
    services.item_set_status(item=kept, by=world.facilitator, status=ItemStatus.DISCUSSED)

    second = make_meeting(world, series=series, starts_at=next_week() + dt.timedelta(days=30))
    [carried] = second.items.all()
    assert (carried.title, carried.carried_from, carried.status) == (
        "Budget",
        budget,
        ItemStatus.PLANNED,
    )

    third = make_meeting(world, series=series, starts_at=next_week() + dt.timedelta(days=60))
    assert not third.items.exists()


def test_a_parked_item_of_another_series_is_not_carried(world):
    series = MeetingSeries.objects.create(body=world.body, name="Monthly")
    other = MeetingSeries.objects.create(body=world.body, name="Quarterly")
    first = make_meeting(world, series=series, items=[{"title": "Budget"}])
    services.item_set_status(item=first.items.get(), by=world.facilitator, status=ItemStatus.PARKED)
    later = make_meeting(world, series=other, starts_at=next_week() + dt.timedelta(days=30))
    assert not later.items.exists()


# Invitations and replies.


def _ics(message) -> icalendar.Calendar:
    [(name, content, mimetype)] = [tuple(a) for a in message.attachments]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def test_an_invitation_is_mailed_with_the_meeting_as_ics(world):
    seat_personas(world)
    guest = PersonFactory(collective=world.national, email="guest@example.org")
    seat(world.body, guest)
    seat(world.body, PersonFactory(collective=world.national))  # no address: not mailed
    meeting = make_meeting(world, title="Foster care standards", location="Kyiv, Khreshchatyk 1")

    assert services.meeting_invite(meeting=meeting, by=world.facilitator) == 4
    assert not mail.outbox  # sent by the worker, after commit
    drain()

    addresses = sorted(address for message in mail.outbox for address in message.to)
    assert addresses == sorted(
        [
            world.facilitator.email,
            world.community.email,
            world.reporter_a.email,
            "guest@example.org",
        ]
    )
    for message in mail.outbox:
        assert "Foster care standards" in message.subject
        calendar = _ics(message)
        [zone] = calendar.walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Europe/Kyiv"
        [event] = calendar.walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"
        assert event.decoded("DTSTART") == meeting.starts_at
        assert event.decoded("DTSTART").hour == 10  # the wall clock in Kyiv
        assert str(event["SUMMARY"]) == "Foster care standards"
        assert str(event["LOCATION"]) == "Kyiv, Khreshchatyk 1"
    # Each invitation carries its own reply link.
    guest_mail = next(m for m in mail.outbox if m.to == ["guest@example.org"])
    token = Attendance.objects.get(meeting=meeting, person=guest).reply_token
    assert token in guest_mail.body
    meeting.refresh_from_db()
    assert meeting.invited_at is not None


def test_nothing_is_sent_when_the_invitation_rolls_back(world):
    seat_personas(world)
    meeting = make_meeting(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.meeting_invite(meeting=meeting, by=world.facilitator)
        raise RuntimeError("the change fails after the invitations were recorded")
    drain()
    assert not mail.outbox
    meeting.refresh_from_db()
    assert meeting.invited_at is None


def test_only_who_runs_the_body_invites(world):
    seat_personas(world)
    meeting = make_meeting(world)
    with pytest.raises(PermissionDenied):
        services.meeting_invite(meeting=meeting, by=world.community)


def test_the_invited_person_replies_in_person_or_by_the_link(world):
    seat_personas(world)
    meeting = make_meeting(world)
    mine = Attendance.objects.get(meeting=meeting, person=world.community.person)
    services.attendance_reply(
        attendance=mine, status=AttendanceStatus.ATTENDING, by=world.community
    )
    mine.refresh_from_db()
    assert mine.status == AttendanceStatus.ATTENDING and mine.replied_at is not None

    theirs = Attendance.objects.get(meeting=meeting, person=world.reporter_a.person)
    found = Attendance.objects.get(reply_token=theirs.reply_token)
    services.attendance_reply(attendance=found, status=AttendanceStatus.APOLOGIES, by=None)
    theirs.refresh_from_db()
    assert theirs.status == AttendanceStatus.APOLOGIES


def test_another_user_does_not_reply_for_someone(world):
    seat_personas(world)
    meeting = make_meeting(world)
    mine = Attendance.objects.get(meeting=meeting, person=world.community.person)
    for user in (world.reporter_a, world.facilitator):
        with pytest.raises(PermissionDenied):
            services.attendance_reply(attendance=mine, status=AttendanceStatus.APOLOGIES, by=user)
    mine.refresh_from_db()
    assert mine.status == AttendanceStatus.INVITED


def test_a_reply_is_only_a_reply(world):
    seat_personas(world)
    meeting = make_meeting(world)
    mine = Attendance.objects.get(meeting=meeting, person=world.community.person)
    with pytest.raises(ValidationError):
        services.attendance_reply(
            attendance=mine, status=AttendanceStatus.PRESENT, by=world.community
        )


def test_no_reply_after_the_meeting_ended(world):
    seat_personas(world)
    past = timezone.now() - dt.timedelta(days=2)
    meeting = make_meeting(world, starts_at=past)
    mine = Attendance.objects.get(meeting=meeting, person=world.community.person)
    for by in (world.community, None):
        with pytest.raises(ValidationError):
            services.attendance_reply(attendance=mine, status=AttendanceStatus.ATTENDING, by=by)
    mine.refresh_from_db()
    assert mine.status == AttendanceStatus.INVITED


# Ratification by the collectives below.


@pytest.fixture
def two_below(world):
    """A second regional collective below the national one, so that two are asked."""
    return CollectiveFactory(parent=world.national, level="regional", name="Second oblast")


def _adopted(world, **fields) -> Decision:
    decision = propose(world, Procedure.MAJORITY, **fields)
    services.vote_cast(decision=decision, by=world.facilitator, choice=Choice.FOR)
    return services.decision_close(decision=decision, by=world.facilitator)


def _ratifier(collective, kind=RoleKind.STAFF):
    user = UserFactory()
    role_grant(user=user, collective=collective, kind=kind)
    return user


def test_a_decision_every_collective_below_ratifies(world, two_below):
    decision = _adopted(world, ratification=RatificationRule.ALL)
    assert decision.outcome == Outcome.PENDING_RATIFICATION
    rows = {r.collective_id: r for r in Ratification.objects.filter(decision=decision)}
    assert set(rows) == {world.oblast.pk, two_below.pk}
    assert {r.status for r in rows.values()} == {RatificationStatus.PENDING}

    services.ratification_record(
        ratification=rows[world.oblast.pk],
        by=_ratifier(world.oblast),
        status=RatificationStatus.RATIFIED,
    )
    decision.refresh_from_db()
    assert decision.outcome == Outcome.PENDING_RATIFICATION

    steering = _ratifier(two_below, RoleKind.STEERING)
    with pytest.raises(ValidationError) as raised:
        services.ratification_record(
            ratification=rows[two_below.pk], by=steering, status=RatificationStatus.OBJECTED
        )
    assert "reason" in raised.value.message_dict
    services.ratification_record(
        ratification=rows[two_below.pk],
        by=steering,
        status=RatificationStatus.OBJECTED,
        reason="Our oblast has no foster carers trained yet.",
    )
    decision.refresh_from_db()
    assert decision.outcome == Outcome.NOT_RATIFIED
    objected = Ratification.objects.get(pk=rows[two_below.pk].pk)
    assert objected.reason == "Our oblast has no foster carers trained yet."
    assert objected.decided_at is not None


def test_a_stated_number_of_ratifications_adopts_it(world, two_below):
    decision = _adopted(world, ratification=RatificationRule.COUNT, ratification_count=1)
    assert decision.outcome == Outcome.PENDING_RATIFICATION
    first = Ratification.objects.get(decision=decision, collective=world.oblast)
    services.ratification_record(
        ratification=first, by=_ratifier(world.oblast), status=RatificationStatus.RATIFIED
    )
    decision.refresh_from_db()
    assert decision.outcome == Outcome.ADOPTED
    # Once it is decided, the other collective is no longer asked.
    other = Ratification.objects.get(decision=decision, collective=two_below)
    with pytest.raises(ValidationError):
        services.ratification_record(
            ratification=other, by=_ratifier(two_below), status=RatificationStatus.RATIFIED
        )


def test_a_count_beyond_the_collectives_below_is_refused(world, two_below):
    with pytest.raises(ValidationError) as raised:
        propose(world, ratification=RatificationRule.COUNT, ratification_count=3)
    assert "ratification_count" in raised.value.message_dict


def test_a_rejected_decision_asks_no_ratification(world, two_below):
    decision = propose(world, Procedure.MAJORITY, ratification=RatificationRule.ALL)
    services.vote_cast(decision=decision, by=world.facilitator, choice=Choice.AGAINST)
    closed = services.decision_close(decision=decision, by=world.facilitator)
    assert closed.outcome == Outcome.REJECTED
    assert not Ratification.objects.filter(decision=decision).exists()


def test_only_staff_or_steering_of_the_collective_below_record_its_answer(world, two_below):
    decision = _adopted(world, ratification=RatificationRule.ALL)
    row = Ratification.objects.get(decision=decision, collective=world.oblast)
    other_staff = _ratifier(two_below)
    for user in (world.reporter_b, world.community, other_staff, world.outsider):
        with pytest.raises(PermissionDenied):
            services.ratification_record(
                ratification=row, by=user, status=RatificationStatus.RATIFIED
            )
    row.refresh_from_db()
    assert row.status == RatificationStatus.PENDING


def test_an_answer_waits_for_the_collectives_own_decision(world, two_below):
    decision = _adopted(world, ratification=RatificationRule.ALL)
    row = Ratification.objects.get(decision=decision, collective=world.oblast)
    staff = _ratifier(world.oblast)
    oblast_body = BodyFactory(collective=world.oblast, name="Oblast council")
    local = services.decision_propose(
        body=oblast_body,
        by=staff,
        motion="Ratify the national standards.",
        procedure=Procedure.MAJORITY,
        closes_at=timezone.now() + dt.timedelta(days=2),
        ratifies=row,
    )
    row.refresh_from_db()
    assert row.local == local
    with pytest.raises(ValidationError):
        services.ratification_record(ratification=row, by=staff, status=RatificationStatus.RATIFIED)
    row.refresh_from_db()
    assert row.status == RatificationStatus.PENDING


def test_the_answer_says_what_its_own_decision_said(world, two_below):
    decision = _adopted(world, ratification=RatificationRule.ALL)
    row = Ratification.objects.get(decision=decision, collective=world.oblast)
    staff = _ratifier(world.oblast)
    oblast_body = BodyFactory(collective=world.oblast, name="Oblast council")
    voter = member(world, body=oblast_body, collective=world.oblast)
    local = services.decision_propose(
        body=oblast_body,
        by=staff,
        motion="Ratify the national standards.",
        procedure=Procedure.MAJORITY,
        closes_at=timezone.now() + dt.timedelta(days=2),
        ratifies=row,
    )
    services.vote_cast(decision=local, by=voter, choice=Choice.FOR)
    services.decision_close(decision=local, by=staff)
    with pytest.raises(ValidationError):
        services.ratification_record(
            ratification=row, by=staff, status=RatificationStatus.OBJECTED, reason="No."
        )
    services.ratification_record(ratification=row, by=staff, status=RatificationStatus.RATIFIED)
    row.refresh_from_db()
    assert row.status == RatificationStatus.RATIFIED


# Speaking order.


def test_with_the_rule_on_people_with_lived_experience_speak_last(world):
    seat_personas(world)
    lived = [
        member(world, lived_experience=["care_leaver"]),
        member(world, lived_experience=["parent", "displaced"]),
    ]
    meeting = make_meeting(world, lived_experience_last=True)
    asked = [lived[0], world.community, lived[1], world.reporter_a]
    turns = [
        services.turn_request(meeting=meeting, by=world.facilitator, person=u.person) for u in asked
    ]
    assert [t.position for t in turns] == [1, 2, 3, 4]
    order = services.speaking_order(list(SpeakingTurn.objects.filter(meeting=meeting)), rule=True)
    assert [t.person_id for t in order] == [
        world.community.person.pk,
        world.reporter_a.person.pk,
        lived[0].person.pk,
        lived[1].person.pk,
    ]
    off = services.speaking_order(list(reversed(turns)), rule=False)
    assert [t.person_id for t in off] == [u.person.pk for u in asked]


def test_an_empty_lived_experience_is_none(world):
    assert not services.has_lived_experience(PersonFactory(lived_experience=[]))
    assert services.has_lived_experience(PersonFactory(lived_experience=["carer"]))


def test_only_people_on_the_list_ask_to_speak(world):
    meeting = make_meeting(world)
    with pytest.raises(ValidationError):
        services.turn_request(meeting=meeting, by=world.facilitator, person=PersonFactory())


def test_a_turn_records_how_long_it_lasted(world):
    seat_personas(world)
    meeting = make_meeting(world)
    turn = services.turn_request(
        meeting=meeting, by=world.facilitator, person=world.community.person
    )
    with pytest.raises(ValidationError):
        services.turn_stop(turn=turn, by=world.facilitator)  # no timer started, no length
    services.turn_stop(turn=turn, by=world.facilitator, seconds=95)
    turn.refresh_from_db()
    assert turn.seconds == 95
    with pytest.raises(ValidationError):
        services.turn_start(turn=turn, by=world.facilitator)  # spoken already
    with pytest.raises(ValidationError):
        services.turn_stop(turn=turn, by=world.facilitator, seconds=7 * 3600)


def test_closing_under_the_rule_says_whether_it_was_followed(world):
    seat_personas(world)
    meeting = make_meeting(world, lived_experience_last=True)
    decision = propose(world, meeting=meeting)
    assert decision.lived_experience_last is True
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    with pytest.raises(ValidationError) as raised:
        services.decision_close(decision=decision, by=world.facilitator)
    assert "rule_followed" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.decision_close(decision=decision, by=world.facilitator, rule_followed=False)
    assert "rule_note" in raised.value.message_dict
    closed = services.decision_close(
        decision=decision,
        by=world.facilitator,
        rule_followed=False,
        rule_note="The care leavers had to leave early.",
    )
    assert closed.lived_experience_last is False
    assert closed.rule_note == "The care leavers had to leave early."
    assert closed.outcome == Outcome.ADOPTED


def test_closing_without_the_rule_records_it_off(world):
    seat_personas(world)
    meeting = make_meeting(world)
    decision = propose(world, meeting=meeting)
    closed = services.decision_close(decision=decision, by=world.facilitator, rule_followed=True)
    assert closed.lived_experience_last is None


# Action items.


def test_an_action_belongs_to_someone_of_the_collective(world):
    stranger = PersonFactory(collective=world.elsewhere)
    with pytest.raises(ValidationError) as raised:
        services.action_create(
            collective=world.national,
            by=world.staff,
            title="Draft the standards",
            due=timezone.localdate(),
            owner=stranger,
        )
    assert "owner" in raised.value.message_dict
    with pytest.raises(ValidationError):
        services.action_create(
            collective=world.national, by=world.staff, title="Nobody's", due=timezone.localdate()
        )
    action = services.action_create(
        collective=world.national,
        by=world.staff,
        title="Draft the standards",
        due=timezone.localdate(),
        owner=world.community.person,
    )
    assert action.owner == world.community.person


def _overdue_action(world, days: int = 3, **fields):
    return services.action_create(
        collective=world.national,
        by=world.staff,
        title=fields.pop("title", "Send the budget"),
        due=timezone.localdate() - dt.timedelta(days=days),
        owner=world.community.person,
        **fields,
    )


def test_an_overdue_action_is_reminded_once_per_due_date(world):
    action = _overdue_action(world)
    assert reminders.remind_overdue() == 1
    assert reminders.remind_overdue() == 0
    action.refresh_from_db()
    assert action.reminded_for == action.due

    services.action_reschedule(
        action=action, by=world.staff, due=timezone.localdate() - dt.timedelta(days=1)
    )
    assert reminders.remind_overdue() == 1
    assert reminders.remind_overdue() == 0


def test_a_reminder_reaches_the_owner(world):
    _overdue_action(world, title="Send the budget")
    mail.outbox.clear()
    drain()  # the sweep reminds, the worker delivers
    assigned, overdue = (
        [m for m in mail.outbox if text in m.body and "Send the budget" in m.body]
        for text in ("An action is yours", "is still open")
    )
    assert [m.to for m in assigned] == [[world.community.email]]
    assert [m.to for m in overdue] == [[world.community.email]]


def test_an_action_done_or_not_yet_due_is_not_reminded(world):
    done = _overdue_action(world)
    services.action_set_status(action=done, by=world.staff, status=ActionStatus.DONE)
    done.refresh_from_db()
    assert done.done_at is not None
    services.action_create(
        collective=world.national,
        by=world.staff,
        title="Later",
        due=timezone.localdate(),
        owner=world.community.person,
    )
    assert reminders.remind_overdue() == 0


def test_the_owner_updates_their_action_and_others_do_not(world):
    action = _overdue_action(world)
    with pytest.raises(PermissionDenied):
        services.action_set_status(action=action, by=world.reporter_a, status=ActionStatus.DONE)
    services.action_set_status(action=action, by=world.community, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_decision_due_for_review_is_brought_back_once(world):
    seat_personas(world)
    decision = propose(world)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    services.decision_close(decision=decision, by=world.facilitator, review_on=timezone.localdate())
    later = propose(world, motion="Not yet.")
    services.decision_close(
        decision=later,
        by=world.facilitator,
        review_on=timezone.localdate() + dt.timedelta(days=30),
    )
    assert reminders.remind_reviews() == 1
    assert reminders.remind_reviews() == 0
    decision.refresh_from_db()
    assert decision.reviewed_reminded_on == timezone.localdate()


def test_a_decision_whose_time_is_up_is_closed_by_the_sweep(world):
    seat_personas(world)
    decision = propose(world)
    services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    assert services.close_due_decisions(now=timezone.now() + dt.timedelta(days=4)) == 1
    decision.refresh_from_db()
    assert (decision.status, decision.outcome) == (DecisionStatus.CLOSED, Outcome.ADOPTED)


# Minutes.


def _held(world):
    seat_personas(world)
    meeting = make_meeting(world, starts_at=timezone.now() - dt.timedelta(hours=3))
    statuses = {
        world.facilitator.person.pk: AttendanceStatus.PRESENT,
        world.community.person.pk: AttendanceStatus.PRESENT,
        world.reporter_a.person.pk: AttendanceStatus.APOLOGIES,
    }
    return services.attendance_record(meeting=meeting, by=world.facilitator, statuses=statuses)


def test_minutes_are_circulated_commented_and_approved(world):
    meeting = _held(world)
    version = services.minutes_circulate(
        meeting=meeting,
        by=world.facilitator,
        text="We agreed the standards.",
        comments_until=timezone.localdate() + dt.timedelta(days=7),
    )
    assert version.number == 1
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED

    comment = services.minutes_comment(
        version=version, by=world.community, body="Add who presented."
    )
    assert comment.author == world.community
    with pytest.raises(PermissionDenied):
        services.minutes_comment(version=version, by=world.outsider, body="Me too.")

    second = services.minutes_circulate(
        meeting=meeting,
        by=world.facilitator,
        text="We agreed the standards; Oksana presented.",
        comments_until=timezone.localdate() + dt.timedelta(days=7),
        based_on=1,
    )
    assert second.number == 2

    services.minutes_approve(meeting=meeting, by=world.facilitator, public=True)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED
    assert meeting.minutes_public and meeting.minutes_approved_at is not None


def test_minutes_are_approved_when_the_deadline_passes(world):
    meeting = _held(world)
    today = timezone.localdate()
    services.minutes_circulate(
        meeting=meeting, by=world.facilitator, text="Minutes.", comments_until=today
    )
    assert services.approve_due_minutes(today=today) == 0
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    assert services.approve_due_minutes(today=today + dt.timedelta(days=1)) == 1
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED


def test_approved_minutes_take_no_new_version_nor_comments(world):
    meeting = _held(world)
    version = services.minutes_circulate(
        meeting=meeting,
        by=world.facilitator,
        text="Minutes.",
        comments_until=timezone.localdate(),
    )
    services.minutes_approve(meeting=meeting, by=world.facilitator)
    with pytest.raises(ValidationError):
        services.minutes_circulate(
            meeting=meeting,
            by=world.facilitator,
            text="Corrected minutes.",
            comments_until=timezone.localdate() + dt.timedelta(days=7),
        )
    with pytest.raises(ValidationError):
        services.minutes_comment(version=version, by=world.community, body="Late.")
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=meeting, by=world.facilitator)
    assert meeting.minutes.count() == 1


def test_minutes_need_a_deadline_that_is_not_past(world):
    meeting = _held(world)
    with pytest.raises(ValidationError):
        services.minutes_circulate(
            meeting=meeting,
            by=world.facilitator,
            text="Minutes.",
            comments_until=timezone.localdate() - dt.timedelta(days=1),
        )
