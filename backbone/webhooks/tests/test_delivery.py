"""Events posted to webhooks by the worker: signed, once, retried, never blocking the page
that recorded them, and never posted twice by themselves."""

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.db import transaction
from django.utils import timezone

from backbone.communication.models import Notification
from backbone.events.models import Event
from backbone.events.services import dispatch, record
from backbone.events.testing import run_worker
from backbone.webhooks import delivery, services
from backbone.webhooks.models import Webhook, WebhookDelivery, WebhookDeliveryStatus

MESSAGE = "The meeting %(title)s was moved."


def _webhook(world, receiver, **extra):
    fields = {"name": "Channel", "url": receiver.url, "format": "slack", "kinds": ["meeting."]}
    fields.update(extra)
    webhook, secret = services.webhook_create(collective=world.national, by=world.staff, **fields)
    return webhook, secret


def _happen(world, kind="meeting.moved", collective=None, **extra):
    with transaction.atomic():
        return record(
            kind,
            collective=collective or world.national,
            message=MESSAGE,
            params={"title": {"en": "Steering", "uk": "Керівний"}},
            url="/c/nation/meetings/1/",
            **extra,
        )


def _delivery(event) -> WebhookDelivery:
    return WebhookDelivery.objects.get(event=event)


def _due_now(delivery_row: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery_row.pk).update(due_at=timezone.now())


def test_an_event_is_posted_once_signed_in_english_with_its_link(world, receiver):
    webhook, secret = _webhook(world, receiver)
    event = _happen(world)
    run_worker()
    run_worker()
    assert len(receiver.received) == 1
    got = receiver.received[0]
    row = _delivery(event)
    assert row.status == WebhookDeliveryStatus.SENT
    assert row.response_code == 200
    assert row.attempts == 1
    assert got.headers["X-Backbone-Delivery"] == str(row.pk)
    timestamp = got.headers["X-Backbone-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + got.body, hashlib.sha256)
    assert got.headers["X-Backbone-Signature"] == f"sha256={expected.hexdigest()}"
    assert json.loads(got.body) == {
        "text": "The meeting Steering was moved.\n<https://backbone.example.org/c/nation/meetings/1/>"
    }
    assert webhook.secret == secret


def test_the_json_and_teams_formats(world, receiver):
    _webhook(world, receiver, name="Ours", format="json")
    _webhook(world, receiver, name="Teams", format="teams")
    event = _happen(world, collective=world.oblast)  # below the webhooks' collective
    run_worker()
    bodies = sorted((json.loads(r.body) for r in receiver.received), key=lambda b: "id" in b)
    teams, ours = bodies
    assert ours == {
        "id": event.pk,
        "kind": "meeting.moved",
        "collective": "ua-46",
        "created_at": event.created_at.isoformat(),
        "text": "The meeting Steering was moved.",
        "url": "https://backbone.example.org/c/nation/meetings/1/",
    }
    # What a Teams Workflows webhook takes: a message with one Adaptive Card (no MessageCard).
    assert teams == {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [
                        {
                            "type": "RichTextBlock",
                            "inlines": [
                                {
                                    "type": "TextRun",
                                    "text": world.oblast.name,
                                    "size": "Medium",
                                    "weight": "Bolder",
                                }
                            ],
                        },
                        {
                            "type": "RichTextBlock",
                            "inlines": [
                                {"type": "TextRun", "text": "The meeting Steering was moved."}
                            ],
                        },
                    ],
                    "actions": [
                        {
                            "type": "Action.OpenUrl",
                            "title": "Open in Backbone",
                            "url": "https://backbone.example.org/c/nation/meetings/1/",
                        }
                    ],
                },
            }
        ],
    }


def _teams_text(body: bytes) -> str:
    card = json.loads(body)["attachments"][0]["content"]
    return card["body"][1]["inlines"][0]["text"]


def test_a_teams_card_shows_the_text_as_written_not_as_markdown(world, receiver):
    _webhook(world, receiver, format="teams")
    written = "**Steering** [moved](https://evil.example/) <b>now</b> & _later_"
    with transaction.atomic():
        record("meeting.moved", collective=world.national, message="%(t)s", params={"t": written})
    run_worker()
    # A TextRun reads no Markdown and Teams no HTML: nothing to escape, shown as written.
    assert _teams_text(receiver.received[0].body) == written


def test_a_very_long_text_is_cut_to_fit_a_teams_message(world, receiver):
    _webhook(world, receiver, format="teams")
    _webhook(world, receiver, name="Ours", format="json")
    long = "Засідання перенесено. " * 5000  # ~110,000 characters, twice as many bytes
    with transaction.atomic():
        record("meeting.moved", collective=world.national, message="%(t)s", params={"t": long})
    run_worker()
    by_format = {"id" in json.loads(r.body): r.body for r in receiver.received}
    teams, ours = by_format[False], by_format[True]
    assert len(teams) <= delivery.TEAMS_MAX_BYTES < 28 * 1024
    assert len(teams) > delivery.TEAMS_MAX_BYTES - 200  # cut no more than it had to
    text = _teams_text(teams)
    assert text.endswith("…")
    assert long.startswith(text.removesuffix("…"))
    assert json.loads(ours)["text"] == long  # only Teams has the limit


def test_only_chosen_kinds_of_its_collective_and_below_with_a_message(world, receiver):
    _webhook(world, receiver, kinds=["meeting.", "decision.closed"])
    _happen(world, kind="decision.closed")
    _happen(world, kind="decision.proposed")
    _happen(world, kind="activity.progress_submitted")
    _happen(world, collective=world.elsewhere)
    with transaction.atomic():
        record("meeting.quiet", collective=world.national)  # tells nobody anything
    _happen(world, secret=["title"])  # an invitation's link is never posted to a channel
    run_worker()
    assert [r.headers["X-Backbone-Delivery"] for r in receiver.received] == [
        str(WebhookDelivery.objects.get().pk)
    ]
    assert WebhookDelivery.objects.get().event.kind == "decision.closed"


def test_the_same_event_dispatched_twice_is_queued_once(world, receiver):
    _webhook(world, receiver)
    event = _happen(world)
    with transaction.atomic():
        services.queue_deliveries(event)
        services.queue_deliveries(event)
    assert dispatch(event.pk) is True
    assert dispatch(event.pk) is False
    run_worker()
    assert WebhookDelivery.objects.filter(event=event).count() == 1
    assert len(receiver.received) == 1


def test_a_rolled_back_change_posts_nothing(world, receiver):
    _webhook(world, receiver)
    with pytest.raises(RuntimeError), transaction.atomic():
        _happen(world)
        raise RuntimeError("the change failed")
    run_worker()
    assert not Event.objects.filter(kind="meeting.moved").exists()
    assert receiver.received == []


@pytest.mark.parametrize("trouble", ["error", "down"])
def test_a_failing_receiver_is_tried_again_later_then_sent(world, receiver, trouble):
    _webhook(world, receiver)
    if trouble == "down":
        receiver.go_down()
    else:
        receiver.mode = "error"
    event = _happen(world)
    run_worker()
    first = _delivery(event)
    assert first.status == WebhookDeliveryStatus.PENDING
    assert first.attempts == 1
    assert first.due_at > timezone.now()
    assert first.error
    assert first.response_code == (500 if trouble == "error" else None)
    assert Webhook.objects.get().failing_since is not None
    run_worker()  # not due yet: not tried
    assert _delivery(event).attempts == 1
    _due_now(first)
    run_worker()
    second = _delivery(event)
    assert second.attempts == 2
    assert second.due_at - timezone.now() > first.due_at - first.claimed_at
    if trouble == "down":
        receiver.come_back()
    else:
        receiver.mode = "ok"
    _due_now(second)
    run_worker()
    done = _delivery(event)
    assert done.status == WebhookDeliveryStatus.SENT
    assert done.attempts == 3
    assert Webhook.objects.get().failing_since is None
    assert len([r for r in receiver.received if r.headers.get("X-Backbone-Delivery")]) == (
        3 if trouble == "error" else 1
    )


def test_a_slow_receiver_times_out_and_is_tried_again_never_in_the_recording(
    world, receiver, settings
):
    settings.BACKBONE_WEBHOOK_TIMEOUT = 0.1
    receiver.mode = "slow"
    _webhook(world, receiver)
    event = _happen(world)
    # The service that recorded the event has returned: nothing was posted or even queued.
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()
    run_worker()
    row = _delivery(event)
    assert row.status == WebhookDeliveryStatus.PENDING
    assert row.attempts == 1
    assert "timeout" in row.error.lower()
    receiver.mode = "ok"
    _due_now(row)
    run_worker()
    assert _delivery(event).status == WebhookDeliveryStatus.SENT


def test_a_receiver_refusing_the_request_fails_it_without_retry(world, receiver):
    receiver.mode = "gone"
    _webhook(world, receiver)
    event = _happen(world)
    run_worker()
    row = _delivery(event)
    assert row.status == WebhookDeliveryStatus.FAILED
    assert row.response_code == 410
    assert "410" in row.error
    services.delivery_send_again(delivery=row, by=world.staff)
    receiver.mode = "ok"
    run_worker()
    assert _delivery(event).status == WebhookDeliveryStatus.SENT


def test_a_webhook_failing_too_long_is_disabled_and_staff_told(world, receiver, settings):
    settings.BACKBONE_WEBHOOK_DISABLE_AFTER = 3600
    receiver.mode = "error"
    webhook, _secret = _webhook(world, receiver)
    _happen(world)
    run_worker()
    webhook.refresh_from_db()
    assert webhook.active  # failing, but not for long yet
    Webhook.objects.filter(pk=webhook.pk).update(
        failing_since=timezone.now() - dt.timedelta(hours=2)
    )
    WebhookDelivery.objects.update(due_at=timezone.now())
    run_worker()
    webhook.refresh_from_db()
    assert not webhook.active
    assert webhook.disabled_at is not None
    assert "500" in webhook.disabled_reason
    told = Event.objects.get(kind="webhook.disabled")
    assert told.data["audience"] == [world.staff.pk]
    assert Notification.objects.filter(user=world.staff, text__contains="Channel").exists()
    # Disabled: what waits is not posted, new events are not queued for it.
    posts = len(receiver.received)
    receiver.mode = "ok"
    WebhookDelivery.objects.update(due_at=timezone.now())
    _happen(world)
    run_worker()
    assert len(receiver.received) == posts
    assert WebhookDelivery.objects.count() == 1
    services.webhook_enable(webhook=webhook, by=world.staff)
    run_worker()
    assert WebhookDelivery.objects.get().status == WebhookDeliveryStatus.SENT


def test_a_post_cut_off_by_a_killed_worker_becomes_uncertain_and_is_not_resent(world, receiver):
    _webhook(world, receiver)
    event = _happen(world)
    with transaction.atomic():
        dispatch(event.pk)
    row = _delivery(event)
    # What a worker killed (SIGKILL) between the claim and the mark leaves behind.
    assert delivery._claim(row.pk)
    WebhookDelivery.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - delivery.lease() - dt.timedelta(seconds=1)
    )
    run_worker()
    run_worker()
    row.refresh_from_db()
    assert row.status == WebhookDeliveryStatus.UNCERTAIN
    assert "may or may not" in row.error
    assert receiver.received == []
    services.delivery_send_again(delivery=row, by=world.staff)
    run_worker()
    row.refresh_from_db()
    assert row.status == WebhookDeliveryStatus.SENT
    assert len(receiver.received) == 1


def test_a_sending_post_within_its_lease_is_left_alone(world, receiver):
    _webhook(world, receiver)
    event = _happen(world)
    with transaction.atomic():
        dispatch(event.pk)
    row = _delivery(event)
    assert delivery._claim(row.pk)  # another worker is posting it right now
    run_worker()
    row.refresh_from_db()
    assert row.status == WebhookDeliveryStatus.SENDING
    assert receiver.received == []


def test_an_address_no_longer_public_at_delivery_fails_clearly(world, receiver, settings):
    _webhook(world, receiver)
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = False
    event = _happen(world)
    run_worker()
    row = _delivery(event)
    assert row.status == WebhookDeliveryStatus.FAILED
    assert "public address" in row.error
    assert receiver.received == []
