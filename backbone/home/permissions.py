"""Who may read the audit log (the page is home's; what it shows, backbone.lib.audit)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import STAFF, any_of


class Action(StrEnum):
    AUDIT_VIEW = "audit.view"


permissions.register(Action, {Action.AUDIT_VIEW: any_of(STAFF)})
