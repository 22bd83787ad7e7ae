"""How each person is told: per topic, in the app, by e-mail at once, in a daily or weekly
digest, or not at all; a digest is one e-mail, sent once."""

import datetime as dt
import zoneinfo

from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from backbone.communication.models import Delivery, Preference
from backbone.communication.services import deliver_digests, next_digest
from backbone.events.services import record
from backbone.events.testing import run_worker


def _tell(world, kind, *users, n=1):
    with transaction.atomic():
        for i in range(n):
            record(
                kind,
                collective=world.national,
                audience=users,
                message="Something happened: %(what)s",
                params={"what": f"thing {i}"},
                url="/c/nation/",
            )
    run_worker()


def test_without_a_choice_a_person_is_told_in_the_app_and_by_e_mail(world):
    _tell(world, "meeting.invited", world.community)
    assert world.community.notifications.count() == 1
    assert [m.to for m in mail.outbox] == [[world.community.email]]


def test_each_topic_follows_its_own_choice(world):
    Preference.objects.create(user=world.community, topic="meeting", how="none")
    Preference.objects.create(user=world.community, topic="action", how="app")
    _tell(world, "meeting.invited", world.community)
    _tell(world, "action.assigned", world.community)
    _tell(world, "decision.closed", world.community)  # no choice: e-mail at once
    assert [n.text for n in world.community.notifications.all()] == [
        "Something happened: thing 0",
        "Something happened: thing 0",
    ]
    assert len(mail.outbox) == 1
    assert not Delivery.objects.filter(event__kind="meeting.invited").exists()


def test_a_daily_digest_holds_the_lines_until_seven_then_sends_one_e_mail_once(world):
    Preference.objects.create(user=world.community, topic="activity", how="daily")
    _tell(world, "activity.progress_submitted", world.community, n=3)
    assert world.community.notifications.count() == 3  # in the app at once
    assert mail.outbox == []
    lines = Delivery.objects.filter(channel="digest")
    assert lines.count() == 3 and {d.status for d in lines} == {"pending"}
    Delivery.objects.filter(channel="digest").update(due_at=timezone.now())
    assert deliver_digests() == 1
    assert deliver_digests() == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count("Something happened") == 3 and "thing 2" in body
    assert {d.status for d in Delivery.objects.filter(channel="digest")} == {"sent"}


def test_a_failing_mail_server_puts_the_digest_back_for_later(world, settings):
    settings.EMAIL_BACKEND = "backbone.communication.tests.test_preferences.Refusing"
    Preference.objects.create(user=world.community, topic="activity", how="weekly")
    _tell(world, "activity.progress_submitted", world.community, n=2)
    Delivery.objects.filter(channel="digest").update(due_at=timezone.now())
    assert deliver_digests() == 1
    rows = list(Delivery.objects.filter(channel="digest"))
    assert {d.status for d in rows} == {"pending"}
    assert {d.attempts for d in rows} == {1}
    assert all(d.due_at > timezone.now() for d in rows)
    assert "refused" in rows[0].error


class Refusing:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("refused")


def test_digest_times_are_seven_in_the_morning_in_the_readers_zone(world):
    world.community.time_zone = "America/New_York"
    # Thursday 2026-12-03 20:00 UTC
    now = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)
    daily = next_digest("daily", world.community, now)
    weekly = next_digest("weekly", world.community, now)
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert daily.astimezone(new_york).replace(tzinfo=None) == dt.datetime(2026, 12, 4, 7)
    assert weekly.astimezone(new_york).replace(tzinfo=None) == dt.datetime(2026, 12, 7, 7)
    assert weekly.astimezone(new_york).weekday() == 0


def test_the_preferences_page_saves_choices_language_and_time_zone(world):
    client = Client()
    client.force_login(world.community)
    assert client.get("/notifications/preferences/").status_code == 200
    form = {f"topic-{t}": "email" for t in ("meeting", "decision", "action", "activity")}
    form |= {"topic-submission": "email", "topic-document": "email", "topic-other": "email"}
    bad = client.post("/notifications/preferences/", form | {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert "is not a time zone" in bad.content.decode()
    assert not Preference.objects.exists()
    response = client.post(
        "/notifications/preferences/",
        form | {"topic-meeting": "weekly", "language": "uk", "time_zone": "Europe/London"},
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert (world.community.language, world.community.time_zone) == ("uk", "Europe/London")
    assert Preference.objects.get(user=world.community, topic="meeting").how == "weekly"
