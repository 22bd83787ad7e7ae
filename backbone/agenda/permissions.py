"""What may be done with a collective's common agenda, and by whom."""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from backbone.lib import permissions
from backbone.lib.permissions import MEMBERS, STAFF, Asker, any_of
from backbone.lib.roles import RoleKind

STAFF_AND_STEERING = frozenset({RoleKind.STAFF, RoleKind.STEERING})


class Action(StrEnum):
    AGENDA_VIEW = "agenda.view"
    AGENDA_EDIT = "agenda.edit"  # edit the draft and publish versions
    AGENDA_ADOPT = "agenda.adopt"  # adopt a version of the parent collective's agenda
    STRENGTH_EDIT = "strength.edit"  # an organization's strengths (target: the organization)
    STRENGTH_DEFINE = "strength.define"  # add kinds of strength to the collective's vocabulary


def spoken_for(asker: Asker) -> frozenset[int]:
    """The organizations the user speaks for today (a current affiliation that says so):
    read once per request, however many organizations a page asks about."""

    def load() -> frozenset[int]:
        if not asker.authenticated:
            return frozenset()
        from backbone.network.models import Affiliation

        today = timezone.localdate()
        rows = Affiliation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=today),
            person__user=asker.user,
            person__archived_at__isnull=True,
            speaks_for=True,
            start_date__lte=today,
        )
        return frozenset(rows.values_list("organization_id", flat=True))

    return asker.memo("agenda.spoken_for", load)


def _edits_strengths(asker: Asker, roles: frozenset[str], organization) -> bool:
    # Staff and steering of the collective; and the organization itself, through a member
    # recorded as speaking for it.
    if roles & STAFF_AND_STEERING:
        return True
    return bool(roles) and organization.pk in spoken_for(asker)


RULES = {
    Action.AGENDA_VIEW: any_of(MEMBERS),
    Action.AGENDA_EDIT: any_of(STAFF_AND_STEERING),
    Action.AGENDA_ADOPT: any_of(STAFF_AND_STEERING),
    Action.STRENGTH_EDIT: _edits_strengths,
    Action.STRENGTH_DEFINE: any_of(STAFF),
}

permissions.register(Action, RULES)
