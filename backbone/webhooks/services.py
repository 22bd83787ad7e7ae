"""A collective's webhooks: added, disabled and enabled by its staff, and the events each takes.

The worker dispatches each event here once (`queue_deliveries`, in the dispatching
transaction): an active webhook of the event's collective, or of one above it, that chose its
kind gets one delivery (at most one: a unique constraint, inserts that ignore conflicts).
Posting happens later, in the worker's sweep (backbone.webhooks.delivery), never in a page.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.lib.permissions import require
from backbone.webhooks.addresses import RefusedAddress, check_url_to_save
from backbone.webhooks.models import (
    KNOWN_KINDS,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookFormat,
)
from backbone.webhooks.permissions import Action


def queue_deliveries(event) -> None:
    """The deliveries an event asks for (a subscriber to `backbone.events`).

    Only an event that tells people something (it has a message) is posted. One that carries
    secret params (an invitation's link) is never posted: a channel is read by more people
    than the one invited."""
    data = event.data or {}
    if not data.get("message") or data.get("secret"):
        return
    rows = [
        WebhookDelivery(webhook=webhook, event=event)
        for webhook in Webhook.objects.listening_to(event)
        if webhook.takes(event.kind)
    ]
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _clean(*, name: str, url: str, format: str, kinds: list[str]) -> dict:  # noqa: A002
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Give the webhook a name.")
    try:
        check_url_to_save(url)
    except RefusedAddress as refused:
        errors["url"] = str(refused)
    if format not in WebhookFormat.values:
        errors["format"] = _("Choose Slack, Microsoft Teams or JSON.")
    kinds = [kind.strip() for kind in kinds if kind.strip()]
    if not kinds:
        errors["kinds"] = _("Choose at least one kind of event.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "url": url.strip(), "format": format, "kinds": sorted(set(kinds))}


@transaction.atomic
def webhook_create(
    *,
    collective,
    by,
    name: str,
    url: str,
    format: str,  # noqa: A002
    kinds: list[str],
) -> tuple[Webhook, str]:
    """A new webhook and its secret (shown to its maker once; kept to sign each post)."""
    require(by, Action.WEBHOOK_MANAGE, collective)
    fields = _clean(name=name, url=url, format=format, kinds=kinds)
    secret = new_secret()
    webhook = Webhook.objects.create(collective=collective, created_by=by, secret=secret, **fields)
    return webhook, secret


@transaction.atomic
def webhook_new_secret(*, webhook: Webhook, by) -> str:
    """Replace the secret (one that leaked): posts from now on are signed with the new one."""
    require(by, Action.WEBHOOK_MANAGE, webhook.collective)
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret"])
    return webhook.secret


@transaction.atomic
def webhook_disable(*, webhook: Webhook, by, reason: str = "") -> Webhook:
    """Stop posting. Events from now on are not queued for it; what was queued waits."""
    require(by, Action.WEBHOOK_MANAGE, webhook.collective)
    if webhook.active:
        webhook.active = False
        webhook.disabled_at = timezone.now()
        webhook.disabled_reason = reason or _("Disabled by %(name)s.") % {
            "name": by.get_full_name() or by.get_username()
        }
        webhook.save(update_fields=["active", "disabled_at", "disabled_reason"])
    return webhook


@transaction.atomic
def webhook_enable(*, webhook: Webhook, by) -> Webhook:
    """Post again: what waited is due now, and the failure streak starts afresh."""
    require(by, Action.WEBHOOK_MANAGE, webhook.collective)
    try:
        check_url_to_save(webhook.url)
    except RefusedAddress as refused:
        raise ValidationError(str(refused)) from None
    if not webhook.active:
        webhook.active = True
        webhook.disabled_at = None
        webhook.disabled_reason = ""
        webhook.failing_since = None
        webhook.save(update_fields=["active", "disabled_at", "disabled_reason", "failing_since"])
        webhook.deliveries.filter(status=WebhookDeliveryStatus.PENDING).update(
            due_at=timezone.now()
        )
    return webhook


def delivery_send_again(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Staff post a failed or uncertain delivery again (the receiver may see it twice, and
    can tell by X-Backbone-Delivery); back-off starts afresh."""
    require(by, Action.WEBHOOK_MANAGE, delivery.webhook.collective)
    changed = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status__in=[WebhookDeliveryStatus.FAILED, WebhookDeliveryStatus.UNCERTAIN],
    ).update(
        status=WebhookDeliveryStatus.PENDING,
        attempts=0,
        due_at=timezone.now(),
        error="",
        response_code=None,
    )
    if not changed:
        raise ValidationError(_("Only a failed or uncertain delivery can be sent again."))
    delivery.refresh_from_db()
    return delivery


def webhooks_of(collective, *, latest: int = 10) -> list[Webhook]:
    """The collective's own webhooks, each with its latest deliveries (``latest``) and its
    count of deliveries by status (``counts``: status → n; ``count_rows`` for every status)
    and its kinds of events as labels (``kinds_shown``)."""
    webhooks = list(Webhook.objects.filter(collective=collective).select_related("created_by"))
    ids = [webhook.pk for webhook in webhooks]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for webhook_id, status, n in (
        WebhookDelivery.objects.filter(webhook_id__in=ids)
        .order_by()
        .values_list("webhook_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts[webhook_id][status] = n
    by_webhook: dict[int, list[WebhookDelivery]] = {pk: [] for pk in ids}
    recent = (
        WebhookDelivery.objects.filter(webhook_id__in=ids)
        .annotate(row=Window(RowNumber(), partition_by=[F("webhook_id")], order_by=F("pk").desc()))
        .filter(row__lte=latest)
        .select_related("event", "event__collective")
        .order_by("-pk")
    )
    for delivery in recent:
        by_webhook[delivery.webhook_id].append(delivery)
    labels = dict(KNOWN_KINDS)
    for webhook in webhooks:
        webhook.latest = by_webhook[webhook.pk]
        webhook.counts = counts[webhook.pk]
        webhook.count_rows = [(s, counts[webhook.pk].get(s, 0)) for s in WebhookDeliveryStatus]
        webhook.kinds_shown = [str(labels.get(kind, kind)) for kind in webhook.kinds]
    return webhooks


def deliveries_of(collective):
    """Deliveries of the collective's own webhooks (for the send-again lookup)."""
    return WebhookDelivery.objects.filter(webhook__collective=collective).select_related(
        "webhook", "webhook__collective", "event"
    )
