"""What happened, recorded by the service that did it, in the same transaction.

An event is written with the change it reports: a rolled-back change leaves no event. After
commit a worker hands each event to every subscriber (`backbone.events.services.subscribe`):
notifications and e-mail today, webhooks and the newsletter's month next.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backbone.lib.translation import localize_params


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collective = models.ForeignKey(
        "network.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    # What subscribers need, in plain JSON: for people to be told, "message" (an English
    # sentence marked with gettext_noop), "params", "url", "subject", "audience" (user ids)
    # and "addresses" ([{"address": …, "language": …}] for people without an account).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set once every subscriber has taken the event; a worker picks up any left unset.
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_undispatched",
                condition=models.Q(dispatched_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def shown(self) -> str:
        """What it told people, in the language active now ("" if it told nobody)."""
        message = (self.data or {}).get("message")
        if not message:
            return ""
        params = localize_params(self.data.get("params", {}))
        try:
            return gettext(message) % params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            return message % params


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """Long work (a large import, say) run by the worker, with its progress for the page
    that started it to show. ``kind`` names a runner registered with `backbone.events.jobs`."""

    kind = models.CharField(_("kind"), max_length=80)
    collective = models.ForeignKey(
        "network.Collective", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    params = models.JSONField(default=dict, blank=True)
    # The uploaded file it works on, under VAR_DIR/jobs/, removed when the job ends.
    path = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
