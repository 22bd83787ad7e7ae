"""The admin site: for platform admins (superusers) only.

Who may do what is decided in one place, backbone.lib.permissions; Django's per-model
permissions are not used, so a staff flag with a few model permissions would be a second,
unchecked permission system. The admin therefore lets in superusers and nobody else."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BackboneAdminSite(AdminSite):
    site_header = _("Backbone administration")
    site_title = _("Backbone administration")

    def has_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class BackboneAdminConfig(AdminConfig):
    default_site = "backbone.accounts.admin_site.BackboneAdminSite"
