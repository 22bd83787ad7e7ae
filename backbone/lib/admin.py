"""What the apps' admin classes share: a note on the page saying where a record is changed, and
read-only registrations for records a service keeps (the workflow, the totals cache)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models


class NotedAdmin(admin.ModelAdmin):
    """An admin whose list and change pages say, in one sentence, how the records change."""

    admin_note = ""
    # An address typed without its scheme is taken as https:// (the pages' own forms do the
    # same; Django 6 makes it the default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def changelist_view(self, request, extra_context=None):
        if self.admin_note:
            extra_context = {"subtitle": self.admin_note, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.admin_note and fieldsets:
            name, options = fieldsets[0]
            fieldsets = [(name, {**options, "description": self.admin_note}), *fieldsets[1:]]
        return fieldsets


class ReadOnlyAdmin(NotedAdmin):
    """Shown, never added, changed or deleted here: a service owns every write."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
