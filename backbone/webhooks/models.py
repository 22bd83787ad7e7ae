"""Webhooks: a collective's events posted to a chat channel (Slack, Teams) or any receiver.

A webhook takes the events of its collective and of every collective below it whose kind it
chose. Each event it takes becomes one `WebhookDelivery`, queued in the transaction that
dispatches the event and posted later by the worker's sweep (backbone.webhooks.delivery).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class WebhookFormat(models.TextChoices):
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")
    JSON = "json", _("JSON (for your own receiver)")


# The kinds of events a webhook may choose, by the prefix of their kind ("meeting.invited").
# A webhook may also name an exact kind; these are what the form offers.
KNOWN_KINDS = [
    ("meeting.", _("Meetings: invitations, minutes circulated and approved")),
    ("decision.", _("Decisions: proposed, closed, asked to ratify, ratified")),
    ("action.", _("Action items assigned")),
    ("activity.", _("Activities: progress reported and reviewed, overlaps reviewed")),
    ("agenda.", _("The common agenda adopted")),
    ("document.", _("Documents published and endorsed")),
    ("phase.", _("The collective's phase moved")),
    ("readiness.", _("Readiness assessments")),
]


class WebhookQuerySet(models.QuerySet["Webhook"]):
    def listening_to(self, event) -> WebhookQuerySet:
        """Active webhooks of the event's collective or of one above it (kinds not checked)."""
        if event.collective_id is None:
            return self.none()
        collective = event.collective
        return self.filter(
            active=True, collective_id__in=[collective.pk, *collective.ancestor_ids()]
        )


class Webhook(models.Model):
    collective = models.ForeignKey(
        "network.Collective",
        verbose_name=_("collective"),
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address"), max_length=500)
    format = models.CharField(
        _("format"), max_length=10, choices=WebhookFormat.choices, default=WebhookFormat.SLACK
    )
    # Prefixes of event kinds ("meeting.") or exact kinds ("decision.closed").
    kinds = models.JSONField(_("events"), default=list, blank=True)
    # Signs every request (HMAC-SHA256); shown once, when made. Kept out of the history.
    secret = models.CharField(_("secret"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    disabled_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Set at the first failure after a success, cleared at the next success: the receiver has
    # been failing since then. Past BACKBONE_WEBHOOK_DISABLE_AFTER the webhook is disabled.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["secret"])
    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name

    def takes(self, kind: str) -> bool:
        return any(
            kind.startswith(wanted) if wanted.endswith(".") else kind == wanted
            for wanted in self.kinds
        )


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    # A worker stopped while the receiver had the request: it may or may not have arrived.
    # Not posted again by itself (that could post it twice); staff can send it again.
    UNCERTAIN = "uncertain", _("uncertain")


class WebhookDelivery(models.Model):
    """One event posted to one webhook, with what became of it."""

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="webhook_deliveries",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="webhook_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="webhook_delivery_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.webhook} ← {self.event}"
