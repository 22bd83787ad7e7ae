"""Events in the admin, to see what happened and whether it was dispatched."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backbone.events.models import Event
from backbone.lib.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    admin_note = _("Events are recorded by the actions they report, in the same transaction.")
    list_display = ("kind", "collective", "actor", "created_at", "dispatched_at")
    list_filter = ("kind", ("dispatched_at", admin.EmptyFieldListFilter))
    search_fields = ("kind",)
    list_select_related = ("collective", "actor")
