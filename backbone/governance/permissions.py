"""What may be done with bodies, and by whom (registered with backbone.lib.permissions)."""

from __future__ import annotations

from enum import StrEnum

from backbone.governance.models import BodyMembership, MemberRole
from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, STAFF, Asker, any_of, staff_or
from backbone.lib.roles import RoleKind


class Action(StrEnum):
    BODY_VIEW = "body.view"
    BODY_VIEW_MEMBERS = "body.view_members"
    BODY_CREATE = "body.create"
    BODY_EDIT = "body.edit"


def seats(asker: Asker) -> dict[int, frozenset[str]]:
    """body id → the member roles the user holds there today: read once per request, however
    many bodies a page asks about."""

    def load() -> dict[int, frozenset[str]]:
        if not asker.authenticated:
            return {}
        held: dict[int, set[str]] = {}
        rows = BodyMembership.objects.current().filter(person__user=asker.user)
        for body_id, role in rows.values_list("body_id", "role"):
            held.setdefault(body_id, set()).add(role)
        return {body_id: frozenset(roles) for body_id, roles in held.items()}

    return asker.memo("governance.seats", load)


def _facilitates(asker: Asker, roles: frozenset[str], body) -> bool:
    # The seat is the grant: whoever currently chairs or facilitates the body may edit it.
    held = seats(asker).get(body.pk, frozenset())
    return bool(roles) and bool(held & {MemberRole.CHAIR, MemberRole.FACILITATOR})


def _body_members_visible(asker: Asker, roles: frozenset[str], body) -> bool:
    """Who sits in a body: every member of the collective, unless the body keeps its member
    list private (a community council's seats tell its members' lived experience); then only
    the staff and those who hold a seat in it today. The count is shown to all regardless."""
    if not roles:
        return False
    if not body.members_private or RoleKind.STAFF in roles:
        return True
    return body.pk in seats(asker)


RULES = {
    Action.BODY_VIEW: any_of(MEMBERS),
    Action.BODY_VIEW_MEMBERS: _body_members_visible,
    Action.BODY_CREATE: any_of(STAFF),
    Action.BODY_EDIT: staff_or(_facilitates),
}

permissions.register(Action, RULES)
