from django.contrib import admin

from backbone.documents.models import Endorsement
from backbone.lib.admin import ReadOnlyAdmin


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    list_display = ("organization", "person", "version_type", "version_id", "given_on")
    list_filter = ("version_type",)
