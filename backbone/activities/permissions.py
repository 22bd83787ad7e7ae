"""What may be done with activities (the 3W), and by whom.

Reporters record, import and report progress for their own organization's activities (the
target is the organization, or the activity: its lead). Staff record and import for any
organization, as coordinators do with a multi-organization 3W, and review progress.
Facilitators see and comment on the activities of the working groups they facilitate; every
member sees the matrix, the map, the gaps and the overlaps. Staff and facilitators mark an
overlap reviewed."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, STAFF, Asker, any_of, staff_or
from backbone.lib.roles import RoleKind
from backbone.network.permissions import reports_for


class Action(StrEnum):
    ACTIVITY_VIEW = "activity.view"
    ACTIVITY_CREATE = "activity.create"
    ACTIVITY_EDIT = "activity.edit"
    ACTIVITY_COMMENT = "activity.comment"
    ACTIVITY_IMPORT_ANY = "activity.import_any"
    PROGRESS_REVIEW = "progress.review"
    OVERLAP_REVIEW = "overlap.review"
    ACTIVITY_VOCABULARY = "activity.vocabulary"


def _organization_ids(activity) -> set[int]:
    return {role.organization_id for role in activity.roles.all()}


def _reports_for_activity(asker: Asker, roles: frozenset[str], activity) -> bool:
    """A reporter for the activity's lead or one of its partners."""
    return RoleKind.REPORTER in roles and bool(
        _organization_ids(activity) & asker.reporter_organization_ids()
    )


def _lead_reporter(asker: Asker, roles: frozenset[str], activity) -> bool:
    """A reporter for the organization that leads it."""
    lead = next((r.organization_id for r in activity.roles.all() if r.role == "lead"), None)
    return RoleKind.REPORTER in roles and lead in asker.reporter_organization_ids()


def _facilitates_group_of(asker: Asker, roles: frozenset[str], activity) -> bool:
    """A facilitator or chair of the activity's working group."""
    if activity.working_group_id is None or RoleKind.FACILITATOR not in roles:
        return False
    from backbone.governance.permissions import seats

    held = seats(asker).get(activity.working_group_id, frozenset())
    return bool(held & {"chair", "facilitator"})


def _view(asker: Asker, roles: frozenset[str], activity) -> bool:
    """Any member sees the collective's activities (the 3W is shared); the target may be the
    collective (the list) or one activity."""
    return bool(roles & MEMBERS)


RULES = {
    Action.ACTIVITY_VIEW: _view,
    # The target is the organization the activity is recorded for (its lead).
    Action.ACTIVITY_CREATE: staff_or(reports_for),
    Action.ACTIVITY_EDIT: staff_or(_lead_reporter),
    Action.ACTIVITY_COMMENT: staff_or(
        lambda asker, roles, activity: (
            _facilitates_group_of(asker, roles, activity)
            or _reports_for_activity(asker, roles, activity)
        )
    ),
    Action.ACTIVITY_IMPORT_ANY: any_of(STAFF),
    Action.PROGRESS_REVIEW: any_of(STAFF),
    Action.OVERLAP_REVIEW: any_of(frozenset({RoleKind.STAFF, RoleKind.FACILITATOR})),
    Action.ACTIVITY_VOCABULARY: any_of(STAFF),
}

permissions.register(Action, RULES)
