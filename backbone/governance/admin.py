"""Governance in the admin: bodies, their seats and the versions of their scopes of work."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from backbone.governance import services
from backbone.governance.models import Body, BodyMembership, ScopeOfWorkVersion
from backbone.lib.admin import ReadOnlyAdmin, ReadOnlyInline


class MembershipInline(ReadOnlyInline):
    model = BodyMembership
    fields = ("person", "role", "start_date", "end_date")
    readonly_fields = fields


@admin.register(Body)
class BodyAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "collective", "members_private", "archived_at")
    list_filter = (
        "kind",
        "collective",
        "members_private",
        ("archived_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("name",)
    list_select_related = ("collective",)
    inlines = (MembershipInline,)


@admin.register(BodyMembership)
class BodyMembershipAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    admin_note = _(
        "Seats are given on the body's page, which checks the person belongs to the collective "
        "and holds one seat at a time; end them with the action below so their history stays."
    )
    list_display = ("person", "body", "role", "start_date", "end_date")
    list_filter = ("role", "body", ("end_date", admin.EmptyFieldListFilter))
    search_fields = ("person__name", "person__name_latin", "body__name")
    list_select_related = ("person", "body")
    actions = ("end_seats",)

    @admin.action(description=_("End the selected seats today"))
    def end_seats(self, request, queryset):
        ended = 0
        for membership in queryset.filter(end_date__isnull=True):
            services.membership_end(membership=membership)
            ended += 1
        message = ngettext("%d seat ended.", "%d seats ended.", ended) % ended
        self.message_user(request, message, messages.SUCCESS)


@admin.register(ScopeOfWorkVersion)
class ScopeOfWorkVersionAdmin(ReadOnlyAdmin):
    admin_note = _(
        "A scope of work is published as a new version on the body's page; none is edited."
    )
    list_display = ("body", "number", "change_note", "published_by", "published_at")
    list_filter = ("body",)
    list_select_related = ("body", "published_by")
