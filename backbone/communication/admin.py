"""Notifications in the admin, to see what was sent to whom; they are written by the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backbone.communication.models import Delivery, Notification
from backbone.lib.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    admin_note = _(
        "Notifications are written by the actions that cause them; they are kept as sent."
    )
    list_display = ("user", "text", "created_at", "read_at")
    list_filter = (("read_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "text")
    list_select_related = ("user",)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    admin_note = _(
        "One event told to one person on one channel. Staff send failed e-mails again from "
        "their collective's “Notifications sent” page."
    )
    list_display = ("event", "channel", "user", "address", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("user__username", "address", "event__kind")
    list_select_related = ("event", "user")
