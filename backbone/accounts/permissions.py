"""The one place that says who may do what. Web views, the API and commands all ask here.

A role held in a collective applies to that collective and to every collective below it
(staff of the national collective can work in an oblast collective, not the reverse).
Platform admins (superusers) may do everything.

Who may see a person's lived experience and contact details is not here: it is the privacy
registry's (backbone.lib.privacy, the rules in backbone.network.privacy).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from backbone.accounts.models import RoleKind
from backbone.network.models import Collective


class Action(StrEnum):
    COLLECTIVE_VIEW = "collective.view"
    COLLECTIVE_EDIT = "collective.edit"
    ORGANIZATION_VIEW = "organization.view"
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_EDIT = "organization.edit"
    ORGANIZATION_ARCHIVE = "organization.archive"
    PERSON_VIEW = "person.view"
    PERSON_CREATE = "person.create"
    PERSON_EDIT = "person.edit"
    PERSON_ARCHIVE = "person.archive"
    BODY_VIEW = "body.view"
    BODY_VIEW_MEMBERS = "body.view_members"
    BODY_CREATE = "body.create"
    BODY_EDIT = "body.edit"
    AUDIT_VIEW = "audit.view"
    MEMBER_INVITE = "member.invite"
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_EDIT = "indicator.edit"
    SUBMISSION_LIST = "submission.list"
    SUBMISSION_CREATE = "submission.create"
    SUBMISSION_VIEW = "submission.view"
    SUBMISSION_EDIT = "submission.edit"
    SUBMISSION_REVIEW = "submission.review"
    MEASUREMENT_MANAGE = "measurement.manage"
    COMPLETENESS_VIEW = "completeness.view"
    DELIVERY_MANAGE = "delivery.manage"


MEMBERS = frozenset(RoleKind)
STAFF = frozenset({RoleKind.STAFF})

Rule = Callable[[Any, frozenset[str], Any], bool]


def _public(user, roles: frozenset[str], target) -> bool:
    return True


def _any_of(kinds: frozenset[str]) -> Rule:
    def rule(user, roles: frozenset[str], target) -> bool:
        return bool(roles & kinds)

    return rule


def _staff_or_own_organization(user, roles: frozenset[str], target) -> bool:
    if RoleKind.STAFF in roles:
        return True
    return RoleKind.REPORTER in roles and target.pk in _reporter_organization_ids(user)


def _staff_or_submitting_organization(user, roles: frozenset[str], target) -> bool:
    """Staff of the collective the submission is filed in; and the reporters of the
    organization it is filed for, wherever their role is held: an oblast organization's
    reporter sees what national staff filed for it at national level."""
    if RoleKind.STAFF in roles:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return target.organization_id in _reporter_organization_ids(user)


def _staff_or_self(user, roles: frozenset[str], target) -> bool:
    if RoleKind.STAFF in roles:
        return True
    return user.is_authenticated and target.user_id == user.pk


def _staff_or_body_facilitator(user, roles: frozenset[str], target) -> bool:
    if RoleKind.STAFF in roles:
        return True
    # The seat is the grant: whoever currently chairs or facilitates the body may edit it.
    return bool(roles) and target.is_facilitated_by(user)


def _body_members_visible(user, roles: frozenset[str], target) -> bool:
    """Who sits in a body: every member of the collective, unless the body keeps its member
    list private (a community council's seats tell its members' lived experience); then only
    the staff and those who hold a seat in it today. The count is shown to all regardless."""
    if not roles:
        return False
    if not target.members_private or RoleKind.STAFF in roles:
        return True
    seated: dict[int, bool] = user.__dict__.setdefault("_backbone_seated_in", {})
    if target.pk not in seated:
        seated[target.pk] = target.has_current_member(user)
    return seated[target.pk]


RULES: dict[Action, Rule] = {
    Action.COLLECTIVE_VIEW: _public,
    Action.COLLECTIVE_EDIT: _any_of(STAFF),
    Action.ORGANIZATION_VIEW: _public,
    Action.ORGANIZATION_CREATE: _any_of(STAFF),
    Action.ORGANIZATION_EDIT: _staff_or_own_organization,
    Action.ORGANIZATION_ARCHIVE: _any_of(STAFF),
    Action.PERSON_VIEW: _any_of(MEMBERS),
    Action.PERSON_CREATE: _any_of(STAFF),
    Action.PERSON_EDIT: _staff_or_self,
    Action.PERSON_ARCHIVE: _any_of(STAFF),
    Action.BODY_VIEW: _any_of(MEMBERS),
    Action.BODY_VIEW_MEMBERS: _body_members_visible,
    Action.BODY_CREATE: _any_of(STAFF),
    Action.BODY_EDIT: _staff_or_body_facilitator,
    Action.AUDIT_VIEW: _any_of(STAFF),
    Action.MEMBER_INVITE: _any_of(STAFF),
    Action.INDICATOR_VIEW: _public,
    Action.INDICATOR_EDIT: _any_of(STAFF),
    Action.SUBMISSION_LIST: _any_of(frozenset({RoleKind.STAFF, RoleKind.REPORTER})),
    # The target is the organization the values are reported for.
    Action.SUBMISSION_CREATE: _staff_or_own_organization,
    Action.SUBMISSION_VIEW: _staff_or_submitting_organization,
    Action.SUBMISSION_EDIT: _staff_or_submitting_organization,
    Action.SUBMISSION_REVIEW: _any_of(STAFF),
    Action.MEASUREMENT_MANAGE: _any_of(STAFF),
    Action.COMPLETENESS_VIEW: _any_of(MEMBERS),
    Action.DELIVERY_MANAGE: _any_of(STAFF),
}


def collective_of(target) -> Collective:
    if isinstance(target, Collective):
        return target
    return target.collective


def roles_in(user, collective: Collective) -> frozenset[str]:
    """The role kinds the user holds in this collective or any collective above it."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_backbone_roles", {})
    if collective.pk not in cache:
        scope = [collective.pk, *collective.ancestor_ids()]
        kinds = user.roles.current().filter(collective_id__in=scope).values_list("kind", flat=True)
        cache[collective.pk] = frozenset(kinds)
    return cache[collective.pk]


def _reporter_organization_ids(user) -> set[int]:
    cached = user.__dict__.get("_backbone_reporter_orgs")
    if cached is None:
        cached = set(
            user.roles.current()
            .filter(kind=RoleKind.REPORTER)
            .values_list("organization_id", flat=True)
        )
        user.__dict__["_backbone_reporter_orgs"] = cached
    return cached


def can(user, action: Action, target) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return RULES[action](user, roles_in(user, collective_of(target)), target)


def require(user, action: Action, target) -> None:
    """Raise PermissionDenied unless the user may do the action (anonymous → log-in redirect)."""
    if not can(user, action, target):
        raise PermissionDenied(action)


def collective_for_user(user, slug: str, action: Action = Action.COLLECTIVE_VIEW) -> Collective:
    try:
        collective = Collective.objects.select_related("parent", "place").get(slug=slug)
    except Collective.DoesNotExist:
        raise Http404("No such collective") from None
    require(user, action, collective)
    return collective


def scoped_or_404(queryset, collective: Collective, pk: int):
    """Fetch an object that must belong to this collective (or one below it), else 404."""
    try:
        return queryset.get(pk=pk, collective_id__in=collective.tree_ids())
    except queryset.model.DoesNotExist:
        raise Http404 from None


def visible_roles(user) -> list[tuple[str, str]]:
    """(collective name, role label) pairs for the account page and the header."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        (role.collective.name, role.get_kind_display())
        for role in user.roles.current().select_related("collective")
    ]
