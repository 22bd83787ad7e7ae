"""Reading meetings, decisions and actions for the pages, the feeds and the exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from backbone.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    SpeakingTurn,
    Vote,
)
from backbone.meetings.services import has_lived_experience, tally


def meetings(collective, *, body=None) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(collective=collective).select_related("body")
    if body is not None:
        rows = rows.filter(Q(body=body) | Q(joint_with=body)).distinct()
    return rows.annotate(
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        invited=Count("attendance"),
    )


def upcoming_and_past(collective, *, body=None, past: int = 24):
    now = timezone.now()
    rows = meetings(collective, body=body)
    upcoming = list(rows.filter(ends_at__gte=now).order_by("starts_at"))
    earlier = list(rows.filter(ends_at__lt=now).order_by("-starts_at")[:past])
    return upcoming, earlier


def meeting_page(collective, pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("body", "series", "collective")
        .prefetch_related(
            "joint_with",
            "items__presenter",
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person", "organization").order_by(
                    "person__name"
                ),
            ),
            Prefetch("minutes"),
            "decisions__votes",
        )
        .get(collective=collective, pk=pk)
    )


@dataclass(frozen=True)
class SpeakingShare:
    group: str  # "lived" or "other"
    turns: int
    seconds: int


# A group of fewer speakers than this is not shown apart: with one or two people in it, its
# total would tell who they are (as readiness hides a kind of respondent under five).
SMALLEST_GROUP = 3


def speaking_shares(turns: list[SpeakingTurn]) -> list[SpeakingShare]:
    """Speaking turns and time by group — only ever in aggregate, and only when each group
    has at least SMALLEST_GROUP speakers: who has lived experience is not shown person by
    person. Empty when the groups are too small to show apart."""
    totals = {"lived": [0, 0], "other": [0, 0]}
    people: dict[str, set[int]] = {"lived": set(), "other": set()}
    for turn in turns:
        key = "lived" if has_lived_experience(turn.person) else "other"
        totals[key][0] += 1
        totals[key][1] += turn.seconds or 0
        people[key].add(turn.person_id)
    if any(len(p) < SMALLEST_GROUP for p in people.values()):
        return []
    return [SpeakingShare(k, v[0], v[1]) for k, v in totals.items()]


def decisions(collective, *, query: str = "", body=None) -> QuerySet[Decision]:
    rows = (
        Decision.objects.filter(collective=collective)
        .select_related("body", "meeting")
        .prefetch_related("votes", "ratifications")
    )
    if query:
        rows = rows.filter(
            Q(motion__icontains=query)
            | Q(statement__icontains=query)
            | Q(body__name__icontains=query)
        )
    if body is not None:
        rows = rows.filter(body=body)
    return rows.order_by("-created_at", "-pk")


def decision_page(collective, pk: int) -> Decision:
    """A decision of this collective, or one of the collective above asking it to ratify."""
    return (
        Decision.objects.select_related("body", "meeting", "collective")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("person")),
            "ratifications__collective",
            "ratifications__local",
            "actions__owner",
        )
        .filter(Q(collective=collective) | Q(ratifications__collective=collective))
        .distinct()
        .get(pk=pk)
    )


def counts(decision: Decision) -> dict[str, int]:
    return tally(decision, decision.votes.all())


def actions(collective, *, person=None, body=None, open_only: bool = False) -> QuerySet[ActionItem]:
    rows = ActionItem.objects.filter(collective_id__in=collective.tree_ids()).select_related(
        "owner", "owner_organization", "decision", "meeting", "body", "collective"
    )
    if person is not None:
        rows = rows.filter(owner_id=person.pk)
    if body is not None:
        rows = rows.filter(body=body)
    if open_only:
        rows = rows.filter(status=ActionStatus.OPEN)
    return rows.order_by("status", "due", "pk")


def ratification_asks(collective) -> QuerySet:
    """The decisions of the collectives above that this one is asked to ratify."""
    from backbone.meetings.models import Ratification

    return Ratification.objects.filter(collective=collective).select_related(
        "decision__body", "decision__collective", "local"
    )
