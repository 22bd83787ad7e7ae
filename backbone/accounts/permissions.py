"""What may be done with accounts (invitations), and by whom (registered with
backbone.lib.permissions, where the mechanism is)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import STAFF, any_of


class Action(StrEnum):
    MEMBER_INVITE = "member.invite"


permissions.register(Action, {Action.MEMBER_INVITE: any_of(STAFF)})
