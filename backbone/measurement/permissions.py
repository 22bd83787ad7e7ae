"""What may be done with indicators, submissions and the measurement set-up, and by whom
(registered with backbone.lib.permissions)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, STAFF, Asker, any_of, public, staff_or
from backbone.lib.roles import RoleKind
from backbone.network.permissions import reports_for


class Action(StrEnum):
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_EDIT = "indicator.edit"
    SUBMISSION_LIST = "submission.list"
    SUBMISSION_CREATE = "submission.create"
    SUBMISSION_VIEW = "submission.view"
    SUBMISSION_EDIT = "submission.edit"
    SUBMISSION_REVIEW = "submission.review"
    MEASUREMENT_MANAGE = "measurement.manage"
    COMPLETENESS_VIEW = "completeness.view"


def _submitted_for_own_organization(asker: Asker, roles: frozenset[str], submission) -> bool:
    """The reporters of the organization a submission is filed for, wherever their role is
    held: an oblast organization's reporter sees what national staff filed for it at national
    level."""
    return asker.authenticated and submission.organization_id in (asker.reporter_organization_ids())


RULES = {
    Action.INDICATOR_VIEW: public,
    Action.INDICATOR_EDIT: any_of(STAFF),
    Action.SUBMISSION_LIST: any_of(frozenset({RoleKind.STAFF, RoleKind.REPORTER})),
    # The target is the organization the values are reported for.
    Action.SUBMISSION_CREATE: staff_or(reports_for),
    Action.SUBMISSION_VIEW: staff_or(_submitted_for_own_organization),
    Action.SUBMISSION_EDIT: staff_or(_submitted_for_own_organization),
    Action.SUBMISSION_REVIEW: any_of(STAFF),
    Action.MEASUREMENT_MANAGE: any_of(STAFF),
    Action.COMPLETENESS_VIEW: any_of(MEMBERS),
}

permissions.register(Action, RULES)
