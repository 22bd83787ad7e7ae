"""Notifications: what happened that a person should know, shown in the app and e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backbone.lib.translation import localize_params


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """``message`` is the English sentence (a translation key) with ``params`` to fill in: it is
    shown in whatever language its reader reads the page in. ``text`` is the sentence as it was
    written out for the recipient when it was sent (in their language), kept as it was."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.TextField(_("text"))
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text

    @property
    def shown(self) -> str:
        """The notification in the language active now."""
        if not self.message:
            return self.text
        params = localize_params(self.params)
        try:
            return gettext(self.message) % params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            return self.message % params


class DeliveryChannel(models.TextChoices):
    APP = "app", _("in the app")
    EMAIL = "email", _("e-mail")
    # One line of a daily or weekly e-mail: held until the digest's time, then sent together
    # with the person's other lines of that digest.
    DIGEST = "digest", _("digest")


class Topic(models.TextChoices):
    """What an event is about: its kind's first word ("meeting.invited" → meeting)."""

    MEETING = "meeting", _("Meetings and minutes")
    DECISION = "decision", _("Decisions and ratification")
    ACTION = "action", _("Action items")
    ACTIVITY = "activity", _("Activities")
    SUBMISSION = "submission", _("Figures submitted and reviewed")
    DOCUMENT = "document", _("Documents and the agenda")
    OTHER = "other", _("Everything else")


def topic_of(kind: str) -> str:
    head = kind.split(".", 1)[0]
    if head == "agenda":
        return Topic.DOCUMENT
    return head if head in Topic.values else Topic.OTHER


class How(models.TextChoices):
    EMAIL = "email", _("in the app and by e-mail at once")
    APP = "app", _("in the app only")
    DAILY = "daily", _("in the app, and a daily e-mail digest")
    WEEKLY = "weekly", _("in the app, and a weekly e-mail digest")
    NONE = "none", _("not at all")


class Preference(models.Model):
    """How a person is told of one topic; without a row: in the app and by e-mail at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    topic = models.CharField(_("about"), max_length=16, choices=Topic.choices)
    how = models.CharField(_("how"), max_length=8, choices=How.choices, default=How.EMAIL)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="preference_once_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.topic} → {self.how}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    # A worker stopped while the mail server had the message: it may or may not have left.
    # Not sent again by itself (that could send it twice); staff can send it again.
    UNCERTAIN = "uncertain", _("uncertain")


class Delivery(models.Model):
    """One event told to one person (or address) on one channel, with what became of it."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    address = models.EmailField(_("address"), blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "user"],
                condition=models.Q(user__isnull=False),
                name="delivery_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "channel", "address"],
                condition=models.Q(user__isnull=True),
                name="delivery_once_per_address",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="delivery_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.user or self.address}"
