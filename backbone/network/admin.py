"""The network in the admin: places, collectives, organizations, people and affiliations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from backbone.lib.admin import NotedAdmin, ReadOnlyAdmin
from backbone.network.models import Affiliation, Collective, Organization, Person, Place, Sector


@admin.register(Place)
class PlaceAdmin(NotedAdmin):
    admin_note = _(
        "Countries and first-level places come from ISO 3166-2 (backbone load_places); "
        "deeper levels from a CSV file. Uploads find a place by its code, p-code or any name."
    )
    list_display = ("code", "name", "pcode", "kind", "level", "parent")
    list_filter = ("level", "kind")
    search_fields = ("code", "name", "pcode")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


@admin.register(Collective)
class CollectiveAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ("name", "slug", "level", "parent", "place", "phase", "independent_approval")
    list_filter = ("level", "phase", "independent_approval")
    search_fields = ("name", "slug")
    list_select_related = ("parent", "place")
    raw_id_fields = ("parent", "place")


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Organization)
class OrganizationAdmin(NotedAdmin, SimpleHistoryAdmin):
    admin_note = _(
        "Organizations are added, renamed and deleted on the site, which refuses a second "
        "organization of the same name; their other details can be corrected here."
    )
    list_display = ("name", "collective", "kind", "resources_tier", "archived_at")
    list_filter = (
        "kind",
        "resources_tier",
        "collective",
        ("archived_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("name", "email")
    list_select_related = ("collective",)
    filter_horizontal = ("sectors", "places_served")
    inlines = (AffiliationInline,)

    def get_readonly_fields(self, request, obj=None):
        # The name in every language: the uniqueness check lives in organization_update.
        return [
            f.name
            for f in Organization._meta.fields
            if f.name == "name" or f.name.startswith(("name_", "normalized_name"))
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(NotedAdmin, SimpleHistoryAdmin):
    admin_note = _(
        "People are archived rather than deleted, so that their seats and affiliations keep "
        "their history."
    )
    list_display = ("name", "name_latin", "collective", "email", "contact_visibility", "user",
                    "archived_at")  # fmt: skip
    list_filter = ("collective", "contact_visibility", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "name_latin", "email", "user__username")
    list_select_related = ("collective", "user")
    raw_id_fields = ("user",)
    inlines = (AffiliationInline,)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ("person", "organization", "title", "start_date", "end_date")
    search_fields = ("person__name", "person__name_latin", "organization__name", "title")
    list_select_related = ("person", "organization")
    raw_id_fields = ("person", "organization")


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    admin_note = _("Sectors are fixed by the code; a migration creates them.")
    list_display = ("code",)
