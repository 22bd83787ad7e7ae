"""Events are written with the change they report and told after commit, once."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from backbone.communication.models import Delivery, DeliveryStatus, Notification
from backbone.communication.services import MAX_ATTEMPTS, delivery_send_again
from backbone.events.models import Event
from backbone.events.services import dispatch, record
from backbone.events.testing import run_worker

MESSAGE = "%(org)s did something (#%(pk)s)."


class Refused(Exception):
    pass


class RefusingBackend:
    """A mail server that refuses everything."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise Refused("550 mailbox unavailable")


def _record(world, **extra):
    world.reporter_a.email = "a@example.org"
    world.reporter_a.save(update_fields=["email"])
    return record(
        "test.happened",
        actor=world.staff,
        collective=world.national,
        audience=[world.reporter_a],
        message=MESSAGE,
        params={"org": {"en": "Org A", "uk": "Орг А"}, "pk": 7},
        url="/somewhere/",
        **extra,
    )


def test_an_event_and_its_task_are_part_of_the_transaction(world):
    with transaction.atomic():
        event = _record(world)
    assert DBTaskResult.objects.filter(args_kwargs__args=[event.pk]).count() == 1
    assert not Notification.objects.exists() and not mail.outbox
    assert run_worker() > 0
    note = Notification.objects.get(user=world.reporter_a)
    assert note.text == "Org A did something (#7)." and note.url == "/somewhere/"
    [message] = mail.outbox
    assert message.to == ["a@example.org"]
    assert message.body.endswith("/somewhere/") and message.body.startswith("Org A did")
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2


def test_nothing_is_told_for_a_rolled_back_change(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        _record(world)
        raise RuntimeError("the change fails after the event was recorded")
    assert not Event.objects.exists() and not DBTaskResult.objects.exists()
    run_worker()
    assert not Notification.objects.exists() and not mail.outbox


def test_record_outside_a_transaction_is_refused(world):
    from backbone.events import services

    with pytest.raises(RuntimeError, match="inside the transaction"):
        # Call the function past pytest-django's own atomic block of the test.
        transaction.get_connection().in_atomic_block, saved = False, True
        try:
            services.record("x", message="y")
        finally:
            transaction.get_connection().in_atomic_block = saved


def test_each_person_is_told_once_in_their_language(world):
    world.reporter_a.language = "uk"
    world.reporter_a.save(update_fields=["language"])
    with transaction.atomic():
        event = _record(world)
    run_worker()
    assert not dispatch(event.pk)  # dispatched already: a second task does nothing
    run_worker()
    [note] = Notification.objects.filter(user=world.reporter_a)
    assert note.text.startswith("Орг А")
    assert len(mail.outbox) == 1 and mail.outbox[0].body.startswith("Орг А")


def test_a_refused_email_is_retried_with_back_off_then_shown_as_failed(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with transaction.atomic():
        _record(world)
    run_worker()
    email = Delivery.objects.get(channel="email")
    assert (email.status, email.attempts) == (DeliveryStatus.PENDING, 1)
    assert "550 mailbox unavailable" in email.error
    assert email.due_at > timezone.now() + dt.timedelta(seconds=50)  # not before a minute
    assert Delivery.objects.get(channel="app").status == DeliveryStatus.SENT
    waits = []
    for _attempt in range(MAX_ATTEMPTS - 1):
        email.refresh_from_db()
        waits.append(email.due_at - timezone.now())
        Delivery.objects.filter(pk=email.pk).update(due_at=timezone.now())
        run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert waits == sorted(waits)  # each wait longer than the one before
    # Staff see it and send it again once the mail server is back.
    page = Client()
    page.force_login(world.staff)
    listing = page.get(reverse("deliveries", args=["nation"]))
    assert "550 mailbox unavailable" in listing.content.decode()
    assert page.post(reverse("delivery_send_again", args=["nation", email.pk])).status_code == 302
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    email.refresh_from_db()
    assert email.status == DeliveryStatus.SENT and len(mail.outbox) == 1


def test_only_staff_see_and_resend_deliveries(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with transaction.atomic():
        _record(world)
    run_worker()
    email = Delivery.objects.get(channel="email")
    Delivery.objects.filter(pk=email.pk).update(status=DeliveryStatus.FAILED)
    for name in ("reporter_a", "steering"):
        client = Client()
        client.force_login(getattr(world, name))
        assert client.get(reverse("deliveries", args=["nation"])).status_code == 403
        url = reverse("delivery_send_again", args=["nation", email.pk])
        assert client.post(url).status_code == 403
    email.refresh_from_db()
    assert email.status == DeliveryStatus.FAILED
    # Staff of another collective do not see this one's deliveries.
    from backbone.accounts.services import role_grant

    role_grant(user=world.outsider, collective=world.elsewhere, kind="staff")
    client = Client()
    client.force_login(world.outsider)
    assert client.get(reverse("deliveries", args=["nation"])).status_code == 403
    assert client.get(reverse("deliveries", args=["elsewhere"])).status_code == 200


def test_a_sent_email_cannot_be_sent_again(world):
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        _record(world)
    run_worker()
    email = Delivery.objects.get(channel="email")
    with pytest.raises(ValidationError):
        delivery_send_again(delivery=email, by=world.staff)


def test_a_claim_left_by_a_dead_worker_becomes_uncertain_and_is_not_resent(world, settings):
    settings.BACKBONE_DELIVERY_LEASE = 60
    with transaction.atomic():
        _record(world)
    run_worker()
    mail.outbox.clear()
    email = Delivery.objects.get(channel="email")
    # As a worker killed between handing the message to the server and marking it sent:
    Delivery.objects.filter(pk=email.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - dt.timedelta(seconds=61)
    )
    run_worker()
    email.refresh_from_db()
    assert email.status == DeliveryStatus.UNCERTAIN and not mail.outbox
    # A fresh claim (a live worker sending right now) is left alone.
    Delivery.objects.filter(pk=email.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    run_worker()
    email.refresh_from_db()
    assert email.status == DeliveryStatus.SENDING and not mail.outbox


def test_an_invitation_link_is_forgotten_once_sent(world):
    from backbone.accounts.services import invitation_create

    invitation_create(
        email="new@example.org", collective=world.national, kind="staff", invited_by=world.staff
    )
    event = Event.objects.get(kind="member.invited")
    assert "/accounts/invitation/" in event.data["params"]["link"]
    run_worker()
    assert "/accounts/invitation/" in mail.outbox[0].body
    event.refresh_from_db()
    assert event.data["params"]["link"] == ""


def test_a_message_that_cannot_be_written_fails_alone(world):
    with transaction.atomic():
        record("test.broken", audience=[world.reporter_a], message="%(missing)s here")
        _record(world)
    run_worker()
    broken = Delivery.objects.get(event__kind="test.broken", channel="app")
    assert broken.status == DeliveryStatus.FAILED and "KeyError" in broken.error
    # The other event's deliveries went out all the same.
    assert Delivery.objects.filter(event__kind="test.happened", status="sent").count() == 2
