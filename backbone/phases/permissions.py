"""What may be done with a collective's phases (registered with backbone.lib.permissions)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, any_of
from backbone.lib.roles import RoleKind


class Action(StrEnum):
    PHASE_VIEW = "phase.view"
    PHASE_MANAGE = "phase.manage"  # tick milestones by hand, record a move to another phase


RULES = {
    Action.PHASE_VIEW: any_of(MEMBERS),
    # The backbone keeps the checklist; the steering committee takes the decision to move.
    Action.PHASE_MANAGE: any_of(frozenset({RoleKind.STAFF, RoleKind.STEERING})),
}

permissions.register(Action, RULES)
