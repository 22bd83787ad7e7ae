"""Posting queued webhook deliveries: the worker's sweep (registered by WebhooksConfig.ready).

Each due delivery is claimed by a conditional update (committed), posted, then marked. Its
request carries `X-Backbone-Delivery` (receivers drop a repeat by it), `X-Backbone-Timestamp`
and `X-Backbone-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>" with the secret>`.

What becomes of a post:
- an answer 2xx: sent;
- 408, 429, 5xx, a timeout, a refused or broken connection, a host that does not resolve:
  tried again after 1, 4, 16, 64, 256 minutes, then every 6 hours, up to MAX_ATTEMPTS
  (about four days, longer than the default BACKBONE_WEBHOOK_DISABLE_AFTER, so a receiver
  that stays down gets its webhook disabled first and what is queued waits for it);
- any other answer (3xx — redirects are not followed —, 400, 401, 403, 404, 410, …) or an
  address that is not public (any more): failed at once. The receiver has refused this very
  request, and the same bytes would be refused again; staff see the code and can send again.
A webhook failing without a success for longer than BACKBONE_WEBHOOK_DISABLE_AFTER is
disabled and the staff of its collective told. A worker killed between the claim and the mark
leaves the delivery "sending"; after the lease it becomes "uncertain" and is not posted again
by itself (it may have arrived); staff can send it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.webhooks.addresses import RefusedAddress, Target, Unresolved, check, parse
from backbone.webhooks.models import (
    Webhook,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookFormat,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
_WORKER = get_random_string(16)
_RETRIED_CODES = {408, 429}
_USER_AGENT = "Backbone-Webhooks/1"


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(4 ** max(attempts - 1, 0), 360))


def lease() -> dt.timedelta:
    """How long a claimed post may stay "sending" before its worker is taken for dead; it
    outlasts the request's timeout (BACKBONE_WEBHOOK_LEASE, by default twice the timeout and
    a minute)."""
    return dt.timedelta(seconds=settings.BACKBONE_WEBHOOK_LEASE)


# What is posted.


def absolute(url: str) -> str:
    if url and not url.startswith(("http://", "https://")):
        return settings.SITE_URL.rstrip("/") + url
    return url


def _slack_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Microsoft Teams takes posts through a Workflows webhook (Power Automate's "When a Teams
# webhook request is received"; the Office 365 connectors are retired and Workflows do not take
# their MessageCard): a message with one Adaptive Card. Workflows' "Post card in a chat or
# channel" shows no card above version 1.4, and Teams refuses a message above about 28 KB
# ("Request Entity too large"): the text is cut to leave room for what the workflow adds.
TEAMS_CARD_VERSION = "1.4"
TEAMS_MAX_BYTES = 24_000


def _teams_message(title: str, text: str, url: str) -> dict:
    # TextRuns, not TextBlocks: a TextRun shows its text as it is, where a TextBlock would
    # read Markdown in it (an event's "**" or "[x](y)" would turn into bold or a link).
    card: dict = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": TEAMS_CARD_VERSION,
        "body": [
            {
                "type": "RichTextBlock",
                "inlines": [
                    {"type": "TextRun", "text": title, "size": "Medium", "weight": "Bolder"}
                ],
            },
            {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text}]},
        ],
    }
    if url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": _("Open in Backbone"), "url": url}]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def _cut(text: str, length: int) -> str:
    return text if length >= len(text) else text[:length].rstrip() + "…"


def _teams(title: str, text: str, url: str) -> dict:
    """The message, its text cut (with "…") to the longest that keeps it within
    TEAMS_MAX_BYTES; found by halving, so at most ~20 tries however long the text."""
    title = _cut(title, 200)
    message = _teams_message(title, text, url)
    if len(encoded(message)) <= TEAMS_MAX_BYTES:
        return message
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if len(encoded(_teams_message(title, _cut(text, middle), url))) <= TEAMS_MAX_BYTES:
            fits = middle
        else:
            too_long = middle
    return _teams_message(title, _cut(text, fits), url)


def payload(webhook: Webhook, event) -> dict:
    """The body posted for the event, in English (a channel has many readers)."""
    with translation.override("en"):
        text = event.shown
        url = absolute((event.data or {}).get("url", ""))
        if webhook.format == WebhookFormat.SLACK:
            return {"text": _slack_escaped(text) + (f"\n<{url}>" if url else "")}
        if webhook.format == WebhookFormat.TEAMS:
            title = event.collective.name if event.collective_id else "Backbone"
            link = url if url.startswith(("https://", "http://")) else ""
            return _teams(title, text, link)
    return {
        "id": event.pk,
        "kind": event.kind,
        "collective": event.collective.slug if event.collective_id else None,
        "created_at": event.created_at.isoformat(),
        "text": text,
        "url": url,
    }


def encoded(body: dict) -> bytes:
    """The bytes posted: compact UTF-8 JSON."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


# How it is posted: to the address that was checked, with no redirect followed.


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, address: str, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Outcome:
    sent: bool
    retry: bool = False
    code: int | None = None
    error: str = ""


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    try:
        target = parse(url)
        addresses = check(target)
    except RefusedAddress as refused:
        return Outcome(sent=False, error=str(refused))
    except Unresolved as unresolved:
        return Outcome(sent=False, retry=True, error=str(unresolved))
    timeout = settings.BACKBONE_WEBHOOK_TIMEOUT
    pinned = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = pinned(target, addresses[0], timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        code = response.status
        answer = response.read(2000).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException) as error:  # timeouts, refusals, resets, TLS
        kind = "timeout" if isinstance(error, TimeoutError) else type(error).__name__
        return Outcome(sent=False, retry=True, error=f"{kind}: {error}"[:2000])
    finally:
        connection.close()
    if 200 <= code < 300:
        return Outcome(sent=True, code=code)
    retry = code in _RETRIED_CODES or code >= 500
    error = _("The receiver answered %(code)s.") % {"code": code}
    if 300 <= code < 400:
        error += " " + _("Redirects are not followed: give the address it redirects to.")
    return Outcome(sent=False, retry=retry, code=code, error=f"{error} {answer[:500]}".strip())


def _request(delivery: WebhookDelivery) -> tuple[bytes, dict[str, str]]:
    body = encoded(payload(delivery.webhook, delivery.event))
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": _USER_AGENT,
        "X-Backbone-Delivery": str(delivery.pk),
        "X-Backbone-Timestamp": timestamp,
        "X-Backbone-Signature": signature(delivery.webhook.secret, timestamp, body),
    }
    return body, headers


# The sweep.


def recover_stale() -> int:
    """Claims older than the lease belong to a worker that died: uncertain, not posted again."""
    return WebhookDelivery.objects.filter(
        status=WebhookDeliveryStatus.SENDING, claimed_at__lt=timezone.now() - lease()
    ).update(
        status=WebhookDeliveryStatus.UNCERTAIN,
        error=_("The worker stopped while posting; the receiver may or may not have it."),
    )


def _claim(pk: int) -> bool:
    with transaction.atomic():
        return bool(
            WebhookDelivery.objects.filter(pk=pk, status=WebhookDeliveryStatus.PENDING).update(
                status=WebhookDeliveryStatus.SENDING,
                claimed_at=timezone.now(),
                claimed_by=_WORKER,
            )
        )


def deliver_due(limit: int = 50) -> int:
    """Post up to ``limit`` due deliveries of active webhooks; returns how many were tried.
    Safe to run from several workers at once: each delivery is claimed first."""
    done = recover_stale()
    due = (
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING,
            due_at__lte=timezone.now(),
            webhook__active=True,
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(due):
        if not _claim(pk):
            continue
        delivery = WebhookDelivery.objects.select_related(
            "webhook", "webhook__collective", "event", "event__collective"
        ).get(pk=pk)
        done += 1
        try:
            body, headers = _request(delivery)
        except Exception as error:  # a message that cannot be written out must not stop others
            logger.exception("webhook delivery %s could not be written", pk)
            outcome = Outcome(sent=False, error=f"{type(error).__name__}: {error}"[:2000])
        else:
            outcome = post(delivery.webhook.url, body, headers)
        _mark(delivery, outcome)
    return done


def _mark(delivery: WebhookDelivery, outcome: Outcome) -> None:
    now = timezone.now()
    attempts = delivery.attempts + 1
    webhook = delivery.webhook
    claimed = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDeliveryStatus.SENDING)
    if outcome.sent:
        claimed.update(
            status=WebhookDeliveryStatus.SENT,
            sent_at=now,
            attempts=attempts,
            response_code=outcome.code,
            error="",
        )
        Webhook.objects.filter(pk=webhook.pk, failing_since__isnull=False).update(
            failing_since=None
        )
        return
    retry = outcome.retry and attempts < MAX_ATTEMPTS
    due_at = now + backoff(attempts)
    claimed.update(
        status=WebhookDeliveryStatus.PENDING if retry else WebhookDeliveryStatus.FAILED,
        attempts=attempts,
        due_at=due_at,
        response_code=outcome.code,
        error=outcome.error,
    )
    logger.warning("webhook delivery %s failed (attempt %s): %s", delivery.pk, attempts, outcome)
    if outcome.retry:
        # The receiver is down or slow: its other queued posts wait as long, rather than each
        # costing the worker a timeout now. Their own attempts are not counted.
        WebhookDelivery.objects.filter(
            webhook=webhook, status=WebhookDeliveryStatus.PENDING, due_at__lt=due_at
        ).update(due_at=due_at)
    Webhook.objects.filter(pk=webhook.pk, failing_since__isnull=True).update(failing_since=now)
    _disable_if_failing_too_long(webhook.pk, outcome.error)


def _disable_if_failing_too_long(webhook_id: int, error: str) -> None:
    from backbone.accounts.selectors import staff_of
    from backbone.events.services import record

    cutoff = timezone.now() - dt.timedelta(seconds=settings.BACKBONE_WEBHOOK_DISABLE_AFTER)
    with transaction.atomic():
        webhook = (
            Webhook.objects.select_for_update(of=("self",))
            .select_related("collective")
            .filter(pk=webhook_id, active=True, failing_since__lt=cutoff)
            .first()
        )
        if webhook is None:
            return
        since = timezone.localtime(webhook.failing_since).strftime("%Y-%m-%d %H:%M %Z")
        webhook.active = False
        webhook.disabled_at = timezone.now()
        webhook.disabled_reason = (
            _("Failing since %(since)s: %(error)s") % {"since": since, "error": error}
        )[:300]
        webhook.save(update_fields=["active", "disabled_at", "disabled_reason"])
        record(
            "webhook.disabled",
            collective=webhook.collective,
            target=webhook,
            audience=staff_of(webhook.collective),
            message=gettext_noop(
                "The webhook %(name)s was disabled: its receiver has been failing since "
                "%(since)s (%(error)s). Enable it again once the receiver works."
            ),
            params={"name": webhook.name, "since": since, "error": error[:300]},
            url=reverse("webhooks", args=[webhook.collective.slug]),
        )
