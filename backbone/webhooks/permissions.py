"""Who may manage a collective's webhooks (registered with backbone.lib.permissions)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import STAFF, any_of


class Action(StrEnum):
    WEBHOOK_MANAGE = "webhook.manage"


permissions.register(Action, {Action.WEBHOOK_MANAGE: any_of(STAFF)})
