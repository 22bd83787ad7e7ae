"""What the activities pages share: the scope and the places of the collective."""

from __future__ import annotations

from django.http import HttpRequest

from backbone.activities.permissions import Action
from backbone.activities.services import places_within
from backbone.network.models import Organization, Place
from backbone.network.scope import Scope, scope_for


def activities_scope(request: HttpRequest, slug: str) -> Scope:
    """Any member sees the 3W."""
    return scope_for(request, slug, Action.ACTIVITY_VIEW)


def lead_choices(scope: Scope):
    """The organizations the user may record an activity for: any of the collective's (staff),
    else those they report for."""
    organizations = Organization.objects.active().in_collective_tree(scope.collective)
    if scope.can(Action.ACTIVITY_IMPORT_ANY):
        return organizations
    allowed = [
        o.pk
        for o in organizations.filter(pk__in=scope.reporter_organization_ids())
        if scope.can(Action.ACTIVITY_CREATE, o)
    ]
    return organizations.filter(pk__in=allowed)


def may_record(scope: Scope) -> bool:
    return scope.can(Action.ACTIVITY_IMPORT_ANY) or lead_choices(scope).exists()


def place_subtree(scope: Scope) -> list[Place]:
    """The collective's place and every place below it, coarsest first."""
    within = places_within(scope.collective)
    places = Place.objects.only("pk", "code", "name", "names", "parent_id", "level")
    return sorted((p for p in places if p.pk in within), key=lambda p: (p.level, p.code))


def descendants(places: list[Place], place_id: int) -> set[int]:
    """The place and every place below it, among ``places``."""
    children: dict[int | None, list[int]] = {}
    for place in places:
        children.setdefault(place.parent_id, []).append(place.pk)
    found, stack = set(), [place_id]
    while stack:
        pk = stack.pop()
        found.add(pk)
        stack.extend(children.get(pk, ()))
    return found


def short_name(organization: Organization) -> str:
    return organization.acronym or organization.display_name
