"""What may be done with meetings, decisions and action items, and by whom (registered with
backbone.lib.permissions).

A body's chair or facilitator runs its meetings, as they edit the body; staff run every
body's. Only those holding a seat in a decision's body today (not as observers) vote in it.
A collective below ratifies a decision of the one above through its own staff or steering
committee, who record what its own body decided.
"""

from __future__ import annotations

from enum import StrEnum

from backbone.governance.models import MemberRole
from backbone.governance.permissions import seats
from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, Asker, any_of, staff_or
from backbone.lib.roles import RoleKind

RUNS = frozenset({MemberRole.CHAIR, MemberRole.FACILITATOR})
VOTES = frozenset({MemberRole.CHAIR, MemberRole.FACILITATOR, MemberRole.MEMBER})


class Action(StrEnum):
    MEETING_VIEW = "meeting.view"
    MEETING_MANAGE = "meeting.manage"
    DECISION_VOTE = "decision.vote"
    DECISION_RATIFY = "decision.ratify"
    ACTION_CREATE = "action.create"
    ACTION_UPDATE = "action.update"


def _body_of(target):
    """The body a target belongs to (a body, a meeting, a decision, an action), or None."""
    if hasattr(target, "members_private"):
        return target
    return getattr(target, "body", None)


def _runs_body(asker: Asker, roles: frozenset[str], target) -> bool:
    body = _body_of(target)
    if not roles or body is None:
        return False
    return bool(seats(asker).get(body.pk, frozenset()) & RUNS)


def _votes(asker: Asker, roles: frozenset[str], decision) -> bool:
    return bool(seats(asker).get(decision.body_id, frozenset()) & VOTES)


def _ratifies(asker: Asker, roles: frozenset[str], collective) -> bool:
    """Staff (of it or above), or its own steering committee: a steering seat in the
    collective above does not answer for the collective below."""
    if RoleKind.STAFF in roles:
        return True
    return RoleKind.STEERING in asker.roles_held_in(collective.pk)


def _owns(asker: Asker, roles: frozenset[str], action) -> bool:
    """The action's owner (a person with an account), and whoever runs its body."""
    if not asker.authenticated:
        return False
    owner = getattr(action, "owner", None)
    if owner is not None and owner.user_id == asker.user.pk:
        return True
    return _runs_body(asker, roles, action)


RULES = {
    Action.MEETING_VIEW: any_of(MEMBERS),
    Action.MEETING_MANAGE: staff_or(_runs_body),
    Action.DECISION_VOTE: _votes,
    Action.DECISION_RATIFY: _ratifies,
    Action.ACTION_CREATE: staff_or(_runs_body),
    Action.ACTION_UPDATE: staff_or(_owns),
}


permissions.register(Action, RULES)
