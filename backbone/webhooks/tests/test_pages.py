"""Staff pages of webhooks: theirs only, the secret shown once, nothing posted by a page."""

import datetime as dt

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backbone.events.services import dispatch, record
from backbone.events.testing import run_worker
from backbone.webhooks import delivery
from backbone.webhooks.models import Webhook, WebhookDelivery, WebhookDeliveryStatus


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(client, receiver, slug="nation", **extra):
    data = {"name": "Channel", "url": receiver.url, "format": "slack", "kinds": ["meeting."]}
    data.update(extra)
    return client.post(reverse("webhook_add", args=[slug]), data)


def test_staff_add_a_webhook_and_see_its_secret_once(world, receiver):
    client = _client(world.staff)
    page = _add(client, receiver)
    assert page.status_code == 200
    webhook = Webhook.objects.get()
    assert webhook.secret in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    listing = client.get(reverse("webhooks", args=["nation"]))
    assert listing.status_code == 200
    assert webhook.secret not in listing.content.decode()
    assert "Channel" in listing.content.decode()
    renewed = client.post(reverse("webhook_secret", args=["nation", webhook.pk]))
    old = webhook.secret
    webhook.refresh_from_db()
    assert webhook.secret != old
    assert webhook.secret in renewed.content.decode()


def test_the_history_never_keeps_the_secret(world, receiver):
    _add(_client(world.staff), receiver)
    assert "secret" not in {f.name for f in Webhook.history.model._meta.fields}
    assert Webhook.history.count() == 1


def test_a_refused_address_is_told_beside_its_field(world, settings):
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = False
    page = _client(world.staff).post(
        reverse("webhook_add", args=["nation"]),
        {"name": "x", "url": "http://169.254.169.254/", "format": "json", "kinds": ["action."]},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["url"]
    assert not Webhook.objects.exists()


def test_others_are_refused(world, receiver):
    _add(_client(world.staff), receiver)
    webhook = Webhook.objects.get()
    for persona in ("reporter_a", "steering", "community"):
        client = _client(world.persona(persona))
        assert client.get(reverse("webhooks", args=["nation"])).status_code == 403
        assert (
            client.post(reverse("webhook_disable", args=["nation", webhook.pk])).status_code == 403
        )
    # Staff of another collective's page cannot reach this one's webhook through theirs.
    staff = _client(world.staff)
    assert staff.post(reverse("webhook_disable", args=["ua-46", webhook.pk])).status_code == 404
    assert Webhook.objects.get().active


def test_disable_enable_and_send_again_from_the_page(
    world, receiver, django_assert_max_num_queries
):
    client = _client(world.staff)
    _add(client, receiver)
    webhook = Webhook.objects.get()
    receiver.mode = "gone"
    for n in range(3):
        with transaction.atomic():
            record(
                "meeting.moved", collective=world.national, message="Moved %(n)s.", params={"n": n}
            )
    run_worker()
    failed = WebhookDelivery.objects.filter(status=WebhookDeliveryStatus.FAILED)
    assert failed.count() == 3
    with django_assert_max_num_queries(15):
        listing = client.get(reverse("webhooks", args=["nation"]))
    text = listing.content.decode()
    assert "410" in text and "Send again" in text
    receiver.mode = "ok"
    client.post(reverse("webhook_delivery_send_again", args=["nation", failed.first().pk]))
    run_worker()
    assert WebhookDelivery.objects.filter(status=WebhookDeliveryStatus.SENT).count() == 1
    client.post(reverse("webhook_disable", args=["nation", webhook.pk]))
    webhook.refresh_from_db()
    assert not webhook.active
    assert webhook.disabled_reason
    client.post(reverse("webhook_enable", args=["nation", webhook.pk]))
    webhook.refresh_from_db()
    assert webhook.active


def test_the_command_line_lists_and_delivers(world, receiver, capsys):
    _add(_client(world.staff), receiver)
    with transaction.atomic():
        event = record("meeting.moved", collective=world.national, message="Moved.")
    dispatch(event.pk)  # queued, not posted yet
    call_command("webhooks", "deliver")
    assert capsys.readouterr().out.strip() == "1 webhook deliveries tried."
    call_command("webhooks", "list", "--collective", "nation")
    line = capsys.readouterr().out.strip()
    assert line.split("\t")[:4] == ["Channel", receiver.url, "slack", "active"]
    assert "sent 1" in line


def test_a_post_cut_off_by_a_killed_worker_shows_as_uncertain_with_send_again(world, receiver):
    client = _client(world.staff)
    _add(client, receiver)
    with transaction.atomic():
        event = record("meeting.moved", collective=world.national, message="Moved.")
    dispatch(event.pk)
    row = WebhookDelivery.objects.get()
    # A claim whose worker died (SIGKILL: see test_worker.py), found by the sweep.
    assert delivery._claim(row.pk)
    WebhookDelivery.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - delivery.lease() - dt.timedelta(seconds=1)
    )
    assert delivery.recover_stale() == 1
    text = client.get(reverse("webhooks", args=["nation"])).content.decode()
    assert "<td>uncertain</td>" in text
    assert "<strong>1</strong> uncertain" in text
    assert "may or may not have it" in text
    assert reverse("webhook_delivery_send_again", args=["nation", row.pk]) in text


def test_the_form_tells_teams_users_to_give_a_workflows_webhook(world):
    page = _client(world.staff).get(reverse("webhook_add", args=["nation"]))
    assert "Workflows webhook" in page.content.decode()
