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
    DecisionStatus,
    Meeting,
    Procedure,
    SpeakingTurn,
    Vote,
)
from backbone.meetings.services import ballot_result, has_lived_experience, tally


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
        .prefetch_related("votes", "ratifications", "options")
    )
    if query:
        rows = rows.filter(
            Q(motion__icontains=query)
            | Q(statement__icontains=query)
            | Q(body__name__icontains=query)
            | Q(options__text__icontains=query)
        ).distinct()
    if body is not None:
        rows = rows.filter(body=body)
    return rows.order_by("-created_at", "-pk")


def decision_page(collective, pk: int) -> Decision:
    """A decision of this collective, or one of the collective above asking it to ratify."""
    return (
        Decision.objects.select_related("body", "meeting", "collective", "chosen")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("person")),
            "options",
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


def votes_shown(decision: Decision) -> list[Vote]:
    """The decision's votes, each ballot with its marks in words (``shown_marks``): "option:
    score" in the options' order, or the options in the order ranked. Ballots are shown once
    the decision closes, like the count."""
    votes = list(decision.votes.all())
    options = {str(o.pk): o.text for o in decision.options.all()}
    closed = decision.status == DecisionStatus.CLOSED
    for vote in votes:
        vote.shown_marks = []
        if not (vote.marks and closed):
            continue
        if decision.procedure == Procedure.SCORE:
            vote.shown_marks = [
                f"{text}: {vote.marks[pk]}" for pk, text in options.items() if pk in vote.marks
            ]
        else:
            ranked = sorted(vote.marks.items(), key=lambda kv: kv[1])
            vote.shown_marks = [f"{rank}. {options[pk]}" for pk, rank in ranked if pk in options]
    return votes


def ballot_table(decision: Decision) -> dict | None:
    """The count of a score or ranked-choice decision as the page shows it: per option its
    total and mean (score), or its count in each round of the run-off, with the round it went
    out in (ranked choice); None for a motion voted for or against."""
    if not decision.by_ballot:
        return None
    options = list(decision.options.all())
    result = ballot_result(decision, decision.votes.all())
    if decision.procedure == Procedure.SCORE:
        rows = [
            {
                "option": o,
                "total": result.totals[o.pk],
                "mean": result.mean(o.pk),
                "won": result.winner == o.pk,
                "tied": o.pk in result.tied,
            }
            for o in options
        ]
        rows.sort(key=lambda row: -row["total"])
        return {"kind": "score", "rows": rows, "ballots": result.ballots}
    rows = []
    for o in options:
        cells, out = [], None
        for n, round_ in enumerate(result.rounds, 1):
            cells.append(round_.counts.get(o.pk))
            if o.pk in round_.eliminated:
                out = n
        rows.append(
            {
                "option": o,
                "cells": cells,
                "out": out,
                "won": result.winner == o.pk,
                "tied": o.pk in result.tied,
            }
        )
    # The winner first, then the options in the order they stayed in the count.
    last = len(result.rounds) + 1
    rows.sort(
        key=lambda row: (
            not row["won"],
            -(row["out"] or last),
            -max((c for c in row["cells"] if c is not None), default=0),
        )
    )
    return {
        "kind": "ranked",
        "rows": rows,
        "rounds": list(range(1, len(result.rounds) + 1)),
        "exhausted": [r.exhausted for r in result.rounds],
        "ballots": result.ballots,
    }


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
