"""Who reports what: the one answer every page, form, check, API route and command asks.

Staff of the collective (whoever may review its submissions) report for any active
organization of its tree, every indicator and place. A partner reporter reports for the
organizations their reporter roles name (within the tree); for each of them, what they are
assigned to fill in, if someone assigned them anything, else every indicator and place. An
assignment that names no person says what the organization is expected to report (for
completeness); it limits nobody. An assignment without a place covers all places; one with a
place covers it and every place below it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from backbone.lib import permissions
from backbone.lib.permissions import can
from backbone.measurement.models import Assignment
from backbone.measurement.permissions import Action
from backbone.network.models import Organization

# indicator id → the place ids assigned (None in the set: every place)
Assigned = dict[int, set[int | None]]


@dataclass(frozen=True)
class Reporting:
    everything: bool  # staff: no limit of organization, indicator or place
    organization_ids: frozenset[int]
    # organization id → what this person is assigned there; absent: no limit for that one
    assigned: dict[int, Assigned] = field(default_factory=dict)

    def organizations(self):
        """The organizations, as a queryset for a form's choices."""
        return Organization.objects.filter(pk__in=self.organization_ids).order_by("name")

    def may_report_for(self, organization) -> bool:
        return organization.pk in self.organization_ids

    def assigned_to(self, organization) -> Assigned | None:
        """What the person is assigned for this organization; None: no limit."""
        if self.everything:
            return None
        return self.assigned.get(organization.pk)

    def indicator_ids(self, organizations: Iterable | None = None) -> set[int] | None:
        """The indicators the person reports for these organizations (all of theirs when not
        given); None: no limit."""
        if self.everything:
            return None
        chosen = self.organization_ids if organizations is None else {o.pk for o in organizations}
        found: set[int] = set()
        for pk in chosen:
            if pk not in self.assigned:
                return None  # one of them has no assignment: every indicator
            found |= set(self.assigned[pk])
        return found


def place_allowed(assigned: Assigned | None, indicator_id: int, place_id: int, parents) -> bool:
    """Whether an assignment covers this place (or a place above it); `parents` maps a place
    id to its parent's."""
    if assigned is None:
        return True
    places = assigned.get(indicator_id)
    if not places:
        return False
    if None in places:
        return True
    node: int | None = place_id
    while node is not None:
        if node in places:
            return True
        node = parents.get(node)
    return False


def reporting_for(user, collective) -> Reporting:
    """What this person may report in this collective (three queries at most)."""
    tree = collective.tree_ids()
    active = Organization.objects.filter(collective_id__in=tree, archived_at__isnull=True)
    if can(user, Action.SUBMISSION_REVIEW, collective):
        return Reporting(True, frozenset(active.values_list("pk", flat=True)))
    if not getattr(user, "is_authenticated", False):
        return Reporting(False, frozenset())
    own = permissions.asker_of(user).reporter_organization_ids()  # read with the user's roles
    ids = frozenset(active.filter(pk__in=own).values_list("pk", flat=True))
    assigned: dict[int, Assigned] = defaultdict(lambda: defaultdict(set))
    rows = Assignment.objects.filter(collective_id__in=tree, organization_id__in=ids, user=user)
    for organization_id, indicator_id, place_id in rows.values_list(
        "organization_id", "indicator_id", "place_id"
    ):
        assigned[organization_id][indicator_id].add(place_id)
    assigned = {pk: dict(found) for pk, found in assigned.items()}
    return Reporting(False, ids, assigned)
