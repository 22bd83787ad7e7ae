"""What may be done with a collective's common agenda, and by whom."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, any_of
from backbone.lib.roles import RoleKind


class Action(StrEnum):
    AGENDA_VIEW = "agenda.view"
    AGENDA_EDIT = "agenda.edit"  # edit the draft and publish versions


RULES = {
    Action.AGENDA_VIEW: any_of(MEMBERS),
    Action.AGENDA_EDIT: any_of(frozenset({RoleKind.STAFF, RoleKind.STEERING})),
}

permissions.register(Action, RULES)
