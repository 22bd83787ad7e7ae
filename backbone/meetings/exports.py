"""Decisions out: one row per decision of a collective (its own, not those of the collectives
below), as CSV or XLSX, written by backbone.interchange.writers so that a motion typed as
``=HYPERLINK(…)`` never runs as a formula in a spreadsheet.

    backbone decisions export --collective SLUG --format csv|xlsx -o FILE
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from backbone.interchange import writers
from backbone.meetings.models import Choice, Decision, RatificationStatus

COLUMNS = [
    "date",
    "body",
    "motion",
    "procedure",
    "outcome",
    "votes_for",
    "votes_against",
    "abstentions",
    "lived_experience_last",
    "ratification",
]

FORMATS = ("csv", "xlsx")


def _rule(value: bool | None) -> str:
    if value is None:
        return "off"
    return "yes" if value else "no"


def decisions_table(collective) -> list[dict]:
    """The collective's decisions, oldest first, each as a dict with the keys of COLUMNS."""
    decisions = (
        Decision.objects.filter(collective=collective)
        .select_related("body")
        .annotate(
            # Under score and ranked choice, "for" counts the ballots.
            n_for=Count(
                "votes", filter=Q(votes__choice__in=[Choice.FOR, Choice.BALLOT]), distinct=True
            ),
            n_against=Count("votes", filter=Q(votes__choice=Choice.AGAINST), distinct=True),
            n_abstain=Count("votes", filter=Q(votes__choice=Choice.ABSTAIN), distinct=True),
            n_asked=Count("ratifications", distinct=True),
            n_ratified=Count(
                "ratifications",
                filter=Q(ratifications__status=RatificationStatus.RATIFIED),
                distinct=True,
            ),
        )
        .order_by("created_at", "pk")
    )
    rows = []
    for decision in decisions:
        when = decision.closed_at or decision.created_at
        rows.append(
            {
                "date": timezone.localdate(when).isoformat(),
                "body": decision.body.name,
                "motion": decision.motion,
                "procedure": decision.procedure,
                "outcome": decision.outcome,
                "votes_for": decision.n_for,
                "votes_against": decision.n_against,
                "abstentions": decision.n_abstain,
                "lived_experience_last": _rule(decision.lived_experience_last),
                "ratification": f"{decision.n_ratified} of {decision.n_asked}"
                if decision.ratification
                else "",
            }
        )
    return rows


def write_table(rows: list[dict], fmt: str) -> bytes:
    """The rows of ``decisions_table`` as a file: csv or xlsx."""
    if fmt not in FORMATS:
        raise ValueError(f"not a format of decisions: {fmt}")
    sheet = writers.Sheet(
        headers=list(COLUMNS), rows=[[row[column] for column in COLUMNS] for row in rows]
    )
    return writers.write(sheet, fmt)


def decisions_csv(collective) -> bytes:
    return write_table(decisions_table(collective), "csv")


def decisions_xlsx(collective) -> bytes:
    return write_table(decisions_table(collective), "xlsx")


def decisions_file(collective, fmt: str) -> tuple[bytes, str]:
    """(content, content type) of the decisions as ``fmt`` (csv or xlsx)."""
    return write_table(decisions_table(collective), fmt), writers.CONTENT_TYPES[fmt]
