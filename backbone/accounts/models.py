"""Users, their roles in collectives, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.lib.roles import RoleKind

__all__ = ["ApiToken", "Invitation", "Role", "RoleKind", "User"]


class User(AbstractUser):
    """A person who can log in. Platform admins are superusers; all else is a Role."""

    # The language the person last used Backbone in (remembered by RememberLanguageMiddleware):
    # what is written to them when they are not looking — notifications, e-mails — is in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Where the person lives, for meeting times shown in their own zone (blank: the meeting's).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleQuerySet(models.QuerySet["Role"]):
    def current(self) -> RoleQuerySet:
        return self.filter(ended_at__isnull=True)


class Role(models.Model):
    """What a user may do in one collective. A reporter's role names their organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    collective = models.ForeignKey(
        "network.Collective", on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organization"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collective", "kind", "organization"],
                condition=Q(ended_at__isnull=True, organization__isnull=False),
                name="role_unique_current_for_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "collective", "kind"],
                condition=Q(ended_at__isnull=True, organization__isnull=True),
                name="role_unique_current",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reporter") | Q(organization__isnull=False),
                name="role_reporter_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} @ {self.collective}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed link that lets a person create their account with a role already set."""

    VALID_FOR = timedelta(days=14)

    email = models.EmailField(_("e-mail"))
    collective = models.ForeignKey(
        "network.Collective", on_delete=models.CASCADE, related_name="invitations"
    )
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    person = models.ForeignKey(
        "network.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.email} → {self.get_kind_display()} @ {self.collective}"

    @staticmethod
    def hash_token(raw: str) -> str:
        return _hash_token(raw)

    @property
    def expired(self) -> bool:
        return timezone.now() > self.created_at + self.VALID_FOR


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its hash is stored; the raw key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "bb_" + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(raw: str) -> str:
        return _hash_token(raw)
