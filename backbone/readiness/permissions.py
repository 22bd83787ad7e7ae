"""What may be done with readiness assessments, and by whom."""

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, STAFF, any_of


class Action(StrEnum):
    READINESS_VIEW = "readiness.view"
    READINESS_ANSWER = "readiness.answer"
    READINESS_RUN = "readiness.run"


RULES = {
    Action.READINESS_VIEW: any_of(MEMBERS),
    Action.READINESS_ANSWER: any_of(MEMBERS),
    Action.READINESS_RUN: any_of(STAFF),
}

permissions.register(Action, RULES)
