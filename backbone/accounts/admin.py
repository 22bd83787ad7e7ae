"""Accounts in the admin: users, roles, invitations and API tokens. Passwords show only as
Django's masked hash summary; token and invitation hashes are never shown."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from backbone.accounts import services
from backbone.accounts.models import ApiToken, Invitation, Role, User
from backbone.lib.admin import ReadOnlyAdmin, ReadOnlyInline


class RoleInline(ReadOnlyInline):
    model = Role
    fk_name = "user"
    fields = ("kind", "collective", "organization", "created_at", "ended_at")
    readonly_fields = fields


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Backbone"), {"fields": ("language",)}),
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    )
    inlines = (RoleInline,)


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    admin_note = _(
        "Roles are given by invitation (the invite page) and ended with the action below, "
        "so that the rules on who may hold which role are kept."
    )
    list_display = ("user", "kind", "collective", "organization", "created_at", "ended_at")
    list_filter = ("kind", "collective", ("ended_at", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "user__email", "organization__name")
    list_select_related = ("user", "collective", "organization")
    actions = ("end_roles",)

    @admin.action(description=_("End the selected roles"))
    def end_roles(self, request, queryset):
        ended = 0
        for role in queryset.filter(ended_at__isnull=True):
            services.role_end(role=role)
            ended += 1
        message = ngettext("%d role ended.", "%d roles ended.", ended) % ended
        self.message_user(request, message, messages.SUCCESS)


class RevocableAdmin(ReadOnlyAdmin):
    """Created elsewhere (with a secret shown once); deleting one here revokes it."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Invitation)
class InvitationAdmin(RevocableAdmin):
    admin_note = _(
        "Invitations are sent from the invite page, which e-mails the link; "
        "deleting one here withdraws it."
    )
    list_display = ("email", "kind", "collective", "organization", "invited_by", "created_at",
                    "accepted_at")  # fmt: skip
    list_filter = ("kind", "collective", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    list_select_related = ("collective", "organization", "invited_by")
    exclude = ("token_hash",)


@admin.register(ApiToken)
class ApiTokenAdmin(RevocableAdmin):
    admin_note = _(
        "Tokens are created on the account page, where the key is shown once; only its first "
        "characters are kept in readable form. Deleting a token here revokes it."
    )
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)
    exclude = ("key_hash",)
