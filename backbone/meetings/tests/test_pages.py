"""The meetings pages through the web client: each role sees and does what it should."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from backbone.governance.models import BodyMembership, MemberRole
from backbone.meetings import services
from backbone.meetings.models import ActionItem, Attendance, CalendarToken, Decision, Meeting


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_facilitator_schedules_a_meeting_from_the_form(world):
    client = _client(world.facilitator)
    page = client.get("/c/nation/meetings/new/")
    assert page.status_code == 200
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        "/c/nation/meetings/new/",
        {
            "body": world.body.pk,
            "title": "",
            "day": day,
            "start": "10:00",
            "end": "12:00",
            "time_zone": "Europe/Kyiv",
            "location": "Kyiv, Khreshchatyk 1",
            "step_free": "on",
            "sign_language": "on",
            "items": "Budget 2027 | 20\nFoster carers' allowance",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.title == world.body.name
    assert meeting.starts_at.astimezone(dt.UTC).hour in (7, 8)  # 10:00 in Kyiv
    assert [i.title for i in meeting.items.all()] == ["Budget 2027", "Foster carers' allowance"]
    html = client.get(response["Location"]).content.decode()
    assert "step-free access" in html and "sign language" in html
    assert "10:00–12:00" in html


def test_a_meeting_that_ends_before_it_starts_is_refused_beside_the_field(world):
    client = _client(world.facilitator)
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        "/c/nation/meetings/new/",
        {
            "body": world.body.pk,
            "day": day,
            "start": "12:00",
            "end": "10:00",
            "time_zone": "Europe/Kyiv",
        },
    )
    assert response.status_code == 400
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_only_those_who_run_a_body_schedule_its_meetings(world):
    assert _client(world.community).get("/c/nation/meetings/new/").status_code == 403
    assert _client(world.reporter_a).get("/c/nation/meetings/new/").status_code == 403
    assert _client(world.staff).get("/c/nation/meetings/new/").status_code == 200


def test_every_page_opens_for_a_member(world, meeting):
    decision = services.decision_propose(
        body=world.body, by=world.facilitator, meeting=meeting, motion="Adopt", procedure="consent"
    )
    services.action_create(
        collective=world.national,
        by=world.facilitator,
        title="Draft the pilot",
        due=timezone.localdate(),
        owner=world.community.person,
        decision=decision,
    )
    client = _client(world.community)
    for url in (
        "/c/nation/meetings/",
        f"/c/nation/meetings/{meeting.pk}/",
        "/c/nation/decisions/",
        "/c/nation/decisions/?q=Adopt",
        f"/c/nation/decisions/{decision.pk}/",
        "/c/nation/actions/",
        "/c/nation/actions/?mine=1",
        f"/c/nation/bodies/{world.body.pk}/",
        f"/c/nation/people/{world.community.person.pk}/",
        "/calendar/",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert "Draft the pilot" in client.get("/c/nation/actions/?mine=1").content.decode()
    assert (
        "Draft the pilot"
        in client.get(f"/c/nation/people/{world.community.person.pk}/").content.decode()
    )
    assert _client(world.outsider).get("/c/nation/meetings/").status_code == 403


def test_a_member_replies_and_votes_the_chair_closes(world, meeting):
    member = _client(world.community)
    member.post(f"/c/nation/meetings/{meeting.pk}/reply/", {"status": "attending"})
    assert (
        Attendance.objects.get(meeting=meeting, person=world.community.person).status == "attending"
    )
    chair = _client(world.facilitator)
    chair.post(
        f"/c/nation/meetings/{meeting.pk}/decide/",
        {"motion": "Adopt the pilot", "procedure": "consent"},
    )
    decision = Decision.objects.get()
    member.post(f"/c/nation/decisions/{decision.pk}/vote/", {"choice": "object", "reason": ""})
    assert not decision.votes.exists()  # an objection without its reason
    member.post(f"/c/nation/decisions/{decision.pk}/vote/", {"choice": "for"})
    assert decision.votes.get().choice == "for"
    # The reporter holds no seat: the vote is refused.
    assert (
        _client(world.reporter_a)
        .post(f"/c/nation/decisions/{decision.pk}/vote/", {"choice": "for"})
        .status_code
        == 403
    )
    # The rule was on: the chair says whether it was followed.
    chair.post(f"/c/nation/decisions/{decision.pk}/close/", {"statement": "Go ahead."})
    decision.refresh_from_db()
    assert decision.status == "open"
    chair.post(
        f"/c/nation/decisions/{decision.pk}/close/",
        {"statement": "Go ahead.", "rule_followed": "yes"},
    )
    decision.refresh_from_db()
    assert (decision.status, decision.outcome, decision.lived_experience_last) == (
        "closed",
        "adopted",
        True,
    )


def test_the_reply_link_needs_no_log_in_and_changes_nothing_on_get(world, meeting):
    row = Attendance.objects.get(meeting=meeting, person=world.community.person)
    client = Client()
    url = f"/meetings/reply/{row.reply_token}/"
    assert client.get(url).status_code == 200
    row.refresh_from_db()
    assert row.status == "invited"
    client.post(url, {"status": "apologies"})
    row.refresh_from_db()
    assert row.status == "apologies"
    assert client.get("/meetings/reply/not-a-token/").status_code == 404


def test_calendar_feeds_need_a_live_token(world, meeting):
    client = _client(world.community)
    client.post("/calendar/")
    token = CalendarToken.objects.get(user=world.community, revoked_at__isnull=True).token
    anonymous = Client()
    response = anonymous.get(f"/calendar/{token}/me.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content and b"TZID=Europe/Kyiv" in response.content
    assert anonymous.get(f"/calendar/{token}/c/nation.ics").status_code == 200
    assert anonymous.get(f"/calendar/{token}/c/elsewhere.ics").status_code == 404
    client.post("/calendar/")  # a new address: the old one stops working
    assert anonymous.get(f"/calendar/{token}/me.ics").status_code == 404


def test_action_status_by_its_owner_only(world, meeting):
    action = services.action_create(
        collective=world.national,
        by=world.facilitator,
        title="Call the oblast",
        due=timezone.localdate(),
        owner=world.community.person,
        meeting=meeting,
    )
    _client(world.reporter_a).post(f"/c/nation/actions/{action.pk}/status/", {"status": "done"})
    action.refresh_from_db()
    assert action.status == "open"
    _client(world.community).post(f"/c/nation/actions/{action.pk}/status/", {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    assert ActionItem.objects.filter(status="done").count() == 1


def test_an_invitation_with_its_reply_link_is_never_posted_to_a_channel(world, meeting, settings):
    from backbone.events.testing import run_worker
    from backbone.webhooks.models import WebhookDelivery
    from backbone.webhooks.services import webhook_create

    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = True
    webhook_create(
        collective=world.national,
        by=world.staff,
        name="Slack",
        url="http://127.0.0.1:9/hook",
        format="slack",
        kinds=["meeting.", "decision."],
    )
    services.meeting_invite(meeting=meeting, by=world.facilitator)
    services.decision_propose(
        body=world.body,
        by=world.facilitator,
        motion="Adopt",
        procedure="consent",
        closes_at=timezone.now() + dt.timedelta(days=3),
    )
    run_worker(turns=2)
    posted = list(WebhookDelivery.objects.values_list("event__kind", flat=True))
    assert posted == ["decision.proposed"]


def test_invitees_and_attendance_are_in_the_history(world, meeting):
    invited = Attendance.objects.filter(meeting=meeting).count()
    assert Attendance.history.filter(history_type="+", meeting_id=meeting.pk).count() == invited
    services.attendance_record(
        meeting=meeting,
        by=world.facilitator,
        statuses={world.community.person.pk: "present", world.reporter_a.person.pk: "present"},
    )
    changed = Attendance.history.filter(history_type="~", meeting_id=meeting.pk)
    assert [(h.person_id, h.status, h.history_user_id) for h in changed] == [
        (world.community.person.pk, "present", world.facilitator.pk)
    ]
    # reporter_a was not on the list: added, as present
    added = Attendance.history.filter(history_type="+", person_id=world.reporter_a.person.pk)
    assert [(h.status, h.history_user_id) for h in added] == [("present", world.facilitator.pk)]


def test_speaking_time_by_group_only_when_each_group_is_big_enough(world):
    from backbone.meetings.models import SpeakingTurn
    from backbone.meetings.selectors import speaking_shares
    from backbone.testing import PersonFactory

    def turn(lived: bool, seconds: int, n: int):
        person = PersonFactory(
            collective=world.national, lived_experience=["care_leaver"] if lived else []
        )
        return SpeakingTurn(person=person, person_id=person.pk, position=n, seconds=seconds)

    few = [turn(True, 60, 1), turn(False, 30, 2), turn(False, 30, 3), turn(False, 30, 4)]
    assert speaking_shares(few) == []  # one speaker with lived experience: not shown apart
    many = [*few, turn(True, 40, 5), turn(True, 20, 6)]
    shares = {s.group: (s.turns, s.seconds) for s in speaking_shares(many)}
    assert shares == {"lived": (3, 120), "other": (3, 90)}


def test_a_private_body_keeps_who_came_and_who_voted_to_its_members(world):
    from backbone.governance.models import BodyKind
    from backbone.testing import BodyFactory

    council = BodyFactory(
        collective=world.national, kind=BodyKind.COMMUNITY_COUNCIL, members_private=True
    )
    BodyMembership.objects.create(
        body=council, person=world.community.person, role=MemberRole.CHAIR
    )
    start = timezone.now() + dt.timedelta(days=2)
    meeting = services.meeting_create(
        body=council, by=world.staff, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    decision = services.decision_propose(
        body=council, by=world.staff, meeting=meeting, motion="Meet monthly", procedure="consent"
    )
    services.vote_cast(decision=decision, by=world.community, choice="for")
    name = world.community.person.name
    outside = _client(world.reporter_a)
    for url in (f"/c/nation/meetings/{meeting.pk}/", f"/c/nation/decisions/{decision.pk}/"):
        html = outside.get(url).content.decode()
        assert name not in html, url
        assert "keeps its member list private" in html
    assert (
        "0 present of 1 invited."
        in outside.get(f"/c/nation/meetings/{meeting.pk}/").content.decode()
    )
    for insider in (world.community, world.staff):
        html = _client(insider).get(f"/c/nation/decisions/{decision.pk}/").content.decode()
        assert name in html


def test_a_new_time_is_sent_to_those_invited_and_the_calendar_entry_replaced(world, meeting):
    import icalendar
    from django.core import mail

    from backbone.events.testing import run_worker

    world.community.email = "community@example.org"
    world.community.save()
    services.meeting_invite(meeting=meeting, by=world.facilitator)
    run_worker()
    mail.outbox.clear()
    chair = _client(world.facilitator)
    page = chair.get(f"/c/nation/meetings/{meeting.pk}/edit/")
    assert page.status_code == 200
    day = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    form = {"title": meeting.title, "day": day, "start": "15:00", "end": "14:00"}
    form |= {"time_zone": "Europe/Kyiv", "location": "Lviv, hall 2", "step_free": "on"}
    refused = chair.post(f"/c/nation/meetings/{meeting.pk}/edit/", form)
    assert refused.status_code == 400
    assert "The meeting must end after it starts." in refused.content.decode()
    chair.post(f"/c/nation/meetings/{meeting.pk}/edit/", form | {"end": "17:00"})
    run_worker()
    (told,) = [m for m in mail.outbox if m.to == ["community@example.org"]]
    assert told.subject.startswith("Changed:") and "Lviv, hall 2" in told.body
    (ics,) = [a for a in told.attachments if a[0] == "meeting.ics"]
    (event,) = icalendar.Calendar.from_ical(ics[1]).walk("VEVENT")
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart").strftime("%H:%M") == "15:00"
    mail.outbox.clear()
    chair.post(f"/c/nation/meetings/{meeting.pk}/edit/", {"cancel": "1"})
    run_worker()
    (told,) = [m for m in mail.outbox if m.to == ["community@example.org"]]
    assert told.subject.startswith("Cancelled:")
    (ics,) = [a for a in told.attachments if a[0] == "meeting.ics"]
    (event,) = icalendar.Calendar.from_ical(ics[1]).walk("VEVENT")
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 2)
    # A cancelled meeting is not changed again.
    chair.post(f"/c/nation/meetings/{meeting.pk}/edit/", form | {"end": "18:00"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert timezone.localtime(meeting.ends_at).hour == 17


def test_approved_minutes_reach_the_body_or_everyone_when_public(world, meeting):
    services.attendance_record(
        meeting=meeting, by=world.facilitator, statuses={world.community.person.pk: "present"}
    )
    services.minutes_circulate(
        meeting=meeting,
        by=world.facilitator,
        text="We agreed the pilot.",
        comments_until=timezone.localdate() + dt.timedelta(days=3),
    )
    url = f"/c/nation/meetings/{meeting.pk}/"
    outsider = _client(world.reporter_a)  # a member of the collective, not of the body
    assert "We agreed the pilot." not in outsider.get(url).content.decode()
    assert "We agreed the pilot." in _client(world.community).get(url).content.decode()
    services.minutes_approve(meeting=meeting, by=world.facilitator)
    assert "We agreed the pilot." not in outsider.get(url).content.decode()
    assert "published to the members of the body" in outsider.get(url).content.decode()
    meeting.refresh_from_db()
    Meeting.objects.filter(pk=meeting.pk).update(minutes_public=True)
    assert "We agreed the pilot." in outsider.get(url).content.decode()


def test_an_action_names_a_strategy_only_of_the_agenda_in_force(world, meeting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.action_create(
            collective=world.national,
            by=world.facilitator,
            title="Call",
            due=timezone.localdate(),
            owner=world.community.person,
            meeting=meeting,
            strategy="no-such-strategy",
        )
    assert "Not a goal or strategy of the agenda: no-such-strategy." in refused.value.messages
    assert not ActionItem.objects.exists()


def test_a_reminder_writes_no_change_into_the_history(world, meeting):
    from backbone.meetings import reminders

    action = services.action_create(
        collective=world.national,
        by=world.facilitator,
        title="Call",
        due=timezone.localdate() - dt.timedelta(days=2),
        owner=world.community.person,
        meeting=meeting,
    )
    before = action.history.count()
    assert reminders.remind_overdue() == 1
    action.refresh_from_db()
    assert action.reminded_for == action.due
    assert action.history.count() == before


def test_the_chair_records_on_whose_behalf_a_person_came_among_their_organizations(world):
    from backbone.network.models import Affiliation
    from backbone.testing import OrganizationFactory

    person = world.community.person
    other = OrganizationFactory(collective=world.national, name="Care leavers' network")
    for organization in (world.org_a, other):
        Affiliation.objects.create(person=person, organization=organization)
    BodyMembership.objects.create(body=world.body, person=person, role=MemberRole.MEMBER)
    start = timezone.now() - dt.timedelta(hours=3)
    meeting = services.meeting_create(
        body=world.body,
        by=world.facilitator,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    chair = _client(world.facilitator)
    url = f"/c/nation/meetings/{meeting.pk}/"
    html = chair.get(url).content.decode()
    assert f'name="organization-{person.pk}"' in html
    assert "Care leavers&#x27; network" in html and "Organization A" in html
    chair.post(
        f"{url}attendance/",
        {f"status-{person.pk}": "present", f"organization-{person.pk}": str(world.org_a.pk)},
    )
    row = Attendance.objects.get(meeting=meeting, person=person)
    assert (row.status, row.organization_id) == ("present", world.org_a.pk)
    # An organization the person does not work with is refused, and nothing changes.
    refused = chair.post(
        f"{url}attendance/",
        {f"status-{person.pk}": "absent", f"organization-{person.pk}": str(world.org_b.pk)},
        follow=True,
    )
    assert "does not work with organization" in refused.content.decode()
    row.refresh_from_db()
    assert (row.status, row.organization_id) == ("present", world.org_a.pk)
    # The general discussion's speaker list is open before any motion.
    assert "General discussion" in chair.get(url).content.decode()
    assert "General discussion" not in _client(world.community).get(url).content.decode()
