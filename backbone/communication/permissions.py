"""Who may manage a collective's deliveries (e-mails, webhooks) (registered with
backbone.lib.permissions)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import STAFF, any_of


class Action(StrEnum):
    DELIVERY_MANAGE = "delivery.manage"


permissions.register(Action, {Action.DELIVERY_MANAGE: any_of(STAFF)})
