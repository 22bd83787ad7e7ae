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
