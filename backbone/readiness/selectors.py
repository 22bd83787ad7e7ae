"""Reads: results per condition, movement between rounds."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from backbone.network.models import Person
from backbone.readiness.models import Answer, InstrumentVersion, RespondentKind, Round

SHOWN_APART = 5  # a kind of respondent with fewer is not shown apart


@dataclass
class ConditionResult:
    key: str
    title: str
    score: float | None  # mean of the statements' scores, don't-know excluded
    spread: float | None  # population standard deviation of those scores
    respondents: int  # who scored at least one of its statements
    dont_know: int
    by_kind: dict[str, float | None] = field(default_factory=dict)  # None: fewer than 5
    disagreement: bool = False  # two shown kinds' means differ by a quarter of the scale
    recommendations: list = field(default_factory=list)


def results(round: Round) -> list[ConditionResult]:
    version = round.version
    instrument = version.instrument
    condition_of = {s["key"]: s["condition"] for s in version.statements}
    rows = Answer.objects.filter(response__round=round).values_list(
        "response_id", "response__respondent_kind", "statement", "score"
    )
    scores: dict[str, list[int]] = {}
    kinds: dict[str, dict[str, list[int]]] = {}
    people: dict[str, set[int]] = {}
    people_by_kind: dict[str, dict[str, set[int]]] = {}
    dont_know: dict[str, int] = {}
    for response_id, kind, statement, score in rows:
        condition = condition_of.get(statement)
        if condition is None:
            continue
        if score is None:
            dont_know[condition] = dont_know.get(condition, 0) + 1
            continue
        scores.setdefault(condition, []).append(score)
        kinds.setdefault(condition, {}).setdefault(kind, []).append(score)
        people.setdefault(condition, set()).add(response_id)
        people_by_kind.setdefault(condition, {}).setdefault(kind, set()).add(response_id)
    gap = (instrument.scale_max - instrument.scale_min) / 4
    recommendations = list(instrument.recommendations.all())
    out = []
    for condition in version.conditions:
        key = condition["key"]
        values = scores.get(key, [])
        score = statistics.fmean(values) if values else None
        by_kind: dict[str, float | None] = {}
        for kind in RespondentKind.values:
            if kind in kinds.get(key, {}):
                shown = len(people_by_kind[key][kind]) >= SHOWN_APART
                by_kind[kind] = statistics.fmean(kinds[key][kind]) if shown else None
        means = [m for m in by_kind.values() if m is not None]
        out.append(
            ConditionResult(
                key=key,
                title=condition["title"],
                score=score,
                spread=statistics.pstdev(values) if values else None,
                respondents=len(people.get(key, ())),
                dont_know=dont_know.get(key, 0),
                by_kind=by_kind,
                disagreement=len(means) > 1 and max(means) - min(means) >= gap,
                recommendations=recommended(recommendations, key, score),
            )
        )
    return out


def recommended(rules, condition: str, score: float | None) -> list:
    """The rules whose band holds the condition's score, read to two decimals as the report
    shows it (so 2.995 shows as 3.00 and falls in the band that starts at 3)."""
    if score is None:
        return []
    shown = Decimal(str(round(score, 2)))
    return [r for r in rules if r.condition == condition and r.band_min <= shown <= r.band_max]


def movement(earlier: Round, later: Round) -> list[tuple[str, float | None, float | None, bool]]:
    """(condition key, earlier score, later score, new) by condition key, across versions."""
    before = {r.key: r.score for r in results(earlier)}
    return [(r.key, before.get(r.key), r.score, r.key not in before) for r in results(later)]


def report_rows(collective, number: int | None = None) -> list[dict]:
    """One row per condition and round, for the CLI and exports."""
    rounds = Round.objects.filter(collective=collective).select_related("version__instrument")
    if number is not None:
        rounds = rounds.filter(number=number)
    rows = []
    for round in rounds.order_by("number"):
        for r in results(round):
            row = {
                "condition": r.key,
                "round": round.number,
                "score": None if r.score is None else round_(r.score),
                "respondents": r.respondents,
                "spread": None if r.spread is None else round_(r.spread),
            }
            for kind in RespondentKind.values:
                value = r.by_kind.get(kind)
                if kind in r.by_kind and value is None:
                    row[kind] = "fewer than 5"
                else:
                    row[kind] = None if value is None else round_(value)
            rows.append(row)
    return rows


def round_(value: float) -> float:
    return round(value, 2)


def answer_rows(round: Round) -> list[dict]:
    """Every answer of a round, for staff exports: an anonymous answer carries its kind and
    date only (no person, no response id, ordered by statement so that order tells nothing)."""
    answers = Answer.objects.filter(response__round=round).select_related("response__person")
    rows = [
        {
            "respondent": a.response.person.name if a.response.person_id else None,
            "respondent_kind": a.response.respondent_kind,
            "submitted_on": a.response.submitted_on,
            "statement": a.statement,
            "score": a.score,
        }
        for a in answers
    ]
    return sorted(rows, key=lambda r: (r["statement"], r["respondent_kind"], r["respondent"] or ""))


def person_of(user, collective) -> Person | None:
    """The user's person record in the collective's tree, if there is one."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, collective_id__in=collective.tree_ids()).first()


def latest_versions(collective):
    """The current version of each of the collective's instruments (a round opens on one)."""
    versions = InstrumentVersion.objects.filter(instrument__collective=collective)
    latest = [i.current_version().pk for i in {v.instrument for v in versions}]
    return versions.filter(pk__in=latest).select_related("instrument")
