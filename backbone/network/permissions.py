"""What may be done with collectives, organizations and people, and by whom (registered with
backbone.lib.permissions)."""

from __future__ import annotations

from enum import StrEnum

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, STAFF, Asker, any_of, public, staff_or
from backbone.lib.roles import RoleKind


class Action(StrEnum):
    COLLECTIVE_VIEW = "collective.view"
    COLLECTIVE_EDIT = "collective.edit"
    ORGANIZATION_VIEW = "organization.view"
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_EDIT = "organization.edit"
    ORGANIZATION_ARCHIVE = "organization.archive"
    PERSON_VIEW = "person.view"
    PERSON_CREATE = "person.create"
    PERSON_EDIT = "person.edit"
    PERSON_ARCHIVE = "person.archive"


def reports_for(asker: Asker, roles: frozenset[str], organization) -> bool:
    """A reporter here who reports for this organization (the target is the organization)."""
    return RoleKind.REPORTER in roles and organization.pk in asker.reporter_organization_ids()


def _self(asker: Asker, roles: frozenset[str], person) -> bool:
    return asker.authenticated and person.user_id == asker.user.pk


RULES = {
    Action.COLLECTIVE_VIEW: public,
    Action.COLLECTIVE_EDIT: any_of(STAFF),
    Action.ORGANIZATION_VIEW: public,
    Action.ORGANIZATION_CREATE: any_of(STAFF),
    Action.ORGANIZATION_EDIT: staff_or(reports_for),
    Action.ORGANIZATION_ARCHIVE: any_of(STAFF),
    Action.PERSON_VIEW: any_of(MEMBERS),
    Action.PERSON_CREATE: any_of(STAFF),
    Action.PERSON_EDIT: staff_or(_self),
    Action.PERSON_ARCHIVE: any_of(STAFF),
}

permissions.register(Action, RULES)
