"""Writes on accounts: roles, invitations, API tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.accounts.models import ApiToken, Invitation, Role, RoleKind, User
from backbone.events.services import record
from backbone.lib import permissions
from backbone.lib.translation import current_language, in_each_language, translations
from backbone.network.models import Collective, Organization, Person


@transaction.atomic
def role_grant(
    *, user: User, collective: Collective, kind: str, organization: Organization | None = None
) -> Role:
    if kind == RoleKind.REPORTER and organization is None:
        raise ValidationError(
            {"organization": _("A partner reporter reports for an organization.")}
        )
    if organization is not None and organization.collective_id not in collective.tree_ids():
        raise ValidationError({"organization": _("This organization is not in this collective.")})
    role, _created = Role.objects.get_or_create(
        user=user,
        collective=collective,
        kind=kind,
        organization=organization if kind == RoleKind.REPORTER else None,
        ended_at=None,
    )
    permissions.forget(user)  # what this user object was allowed is read again
    return role


@transaction.atomic
def role_end(*, role: Role) -> Role:
    role.ended_at = timezone.now()
    role.save(update_fields=["ended_at"])
    if "user" in role._state.fields_cache:
        permissions.forget(role.user)
    return role


@transaction.atomic
def invitation_create(
    *,
    email: str,
    collective: Collective,
    kind: str,
    invited_by: User,
    organization: Organization | None = None,
    person: Person | None = None,
    base_url: str | None = None,
) -> tuple[Invitation, str]:
    """Record an invitation and e-mail its link; returns the invitation and the raw token."""
    if kind == RoleKind.REPORTER and organization is None:
        raise ValidationError(
            {"organization": _("Choose the organization this reporter reports for.")}
        )
    if organization is not None and organization.collective_id not in collective.tree_ids():
        raise ValidationError({"organization": _("This organization is not in this collective.")})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email.strip().lower(),
        collective=collective,
        kind=kind,
        organization=organization if kind == RoleKind.REPORTER else None,
        person=person,
        invited_by=invited_by,
        token_hash=Invitation.hash_token(raw),
    )
    invitation.full_clean()
    invitation.save()
    link = (base_url or settings.SITE_URL).rstrip("/") + reverse("invitation_accept", args=[raw])
    # Sent by the worker after commit, in the language the inviter works in. The link is a
    # credential: the event keeps it only until the e-mail has left ("secret" below).
    record(
        "member.invited",
        actor=invited_by,
        collective=collective,
        target=invitation,
        addresses=[{"address": invitation.email, "language": current_language()}],
        subject=gettext_noop("You are invited to %(collective)s on Backbone"),
        message=gettext_noop(
            "%(inviter)s invited you to join %(collective)s as %(role)s.\n\n"
            "Create your account here (the link is valid for 14 days):\n%(link)s\n"
        ),
        params={
            "inviter": invited_by.get_full_name() or invited_by.username,
            "collective": translations(collective, "name"),
            "role": in_each_language(invitation.get_kind_display),
            "link": link,
        },
        secret=["link"],
    )
    return invitation, raw


def invitation_for_token(raw: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("collective", "organization")
        .filter(token_hash=Invitation.hash_token(raw))
        .first()
    )
    if invitation is None or invitation.accepted_at is not None or invitation.expired:
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.expired:
        raise ValidationError(_("This invitation has already been used or has expired."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    user = User(
        username=username, email=invitation.email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    role_grant(
        user=user,
        collective=invitation.collective,
        kind=invitation.kind,
        organization=invitation.organization,
    )
    if invitation.person_id and invitation.person.user_id is None:
        invitation.person.user = user
        invitation.person.save(update_fields=["user"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw key is returned once and never stored."""
    raw = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", key_hash=ApiToken.hash_key(raw), prefix=raw[3:9]
    )
    return token, raw


def user_for_api_key(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
