"""Reads across governance models."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from backbone.governance.models import Body, BodyMembership, ScopeOfWorkVersion
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


@dataclass(frozen=True)
class DiffRow:
    left_number: int | None
    left: str
    right_number: int | None
    right: str
    change: str  # "same", "changed", "removed", "added"


def scope_diff(old: ScopeOfWorkVersion, new: ScopeOfWorkVersion) -> list[DiffRow]:
    """Line-by-line side-by-side comparison of two versions."""
    a, b = old.text.splitlines(), new.text.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                DiffRow(i + 1, a[i], j + 1, b[j], "same")
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        elif tag == "replace":
            width = max(i2 - i1, j2 - j1)
            for k in range(width):
                i, j = i1 + k, j1 + k
                rows.append(
                    DiffRow(
                        i + 1 if i < i2 else None,
                        a[i] if i < i2 else "",
                        j + 1 if j < j2 else None,
                        b[j] if j < j2 else "",
                        "changed",
                    )
                )
        elif tag == "delete":
            rows += [DiffRow(i + 1, a[i], None, "", "removed") for i in range(i1, i2)]
        else:
            rows += [DiffRow(None, "", j + 1, b[j], "added") for j in range(j1, j2)]
    return rows
