"""Reads across governance models."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from backbone.governance.models import Body, BodyMembership
from backbone.lib.collation import sort_by_name


def bodies_for_collective(collective) -> QuerySet[Body]:
    return (
        Body.objects.active()
        .filter(collective=collective)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=BodyMembership.objects.current().select_related("person"),
                to_attr="current_memberships",
            )
        )
    )


def body_members(body: Body) -> tuple[list[BodyMembership], list[BodyMembership]]:
    """(current, former) seats, people loaded in the same query."""
    today = timezone.localdate()
    rows = sort_by_name(
        body.memberships.select_related("person__collective"), key=lambda m: m.person.display_name
    )
    rows.sort(key=lambda m: m.role)  # stable: by role, and by name within a role
    current = [m for m in rows if m.end_date is None or m.end_date > today]
    former = [m for m in rows if m.end_date is not None and m.end_date <= today]
    return current, former
