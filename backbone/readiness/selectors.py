"""Reads: results per condition, movement between rounds."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from backbone.network.models import Person
from backbone.readiness import defaults
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
                title=defaults.shown(condition["title"]),
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


@dataclass
class Report:
    """What a round's report page and its PDF show."""

    round: Round
    previous: Round | None
    rows: list[tuple[ConditionResult, tuple[float | None, bool] | None]]  # (earlier, new)
    kinds: list[tuple[str, str]]  # the kinds of respondent who answered, as columns
    respondents: int
    by_kind: list[tuple[str, int | None]]  # (label, count); None: fewer than SHOWN_APART

    @property
    def strengths(self) -> list[ConditionResult]:
        return [r for r, _ in self.rows if any(x.kind == "strength" for x in r.recommendations)]

    @property
    def weaknesses(self) -> list[ConditionResult]:
        return [r for r, _ in self.rows if any(x.kind == "weakness" for x in r.recommendations)]


def report(round: Round) -> Report:
    previous = (
        Round.objects.filter(collective_id=round.collective_id, number__lt=round.number)
        .select_related("version__instrument")
        .order_by("-number")
        .first()
    )
    current = results(round)
    before = {r.key: r.score for r in results(previous)} if previous else {}
    rows = [(r, (before.get(r.key), r.key not in before) if previous else None) for r in current]
    counts: dict[str, int] = {}
    for kind in round.responses.values_list("respondent_kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    kinds = [(value, str(label)) for value, label in RespondentKind.choices if value in counts]
    by_kind = [
        (label, counts[value] if counts[value] >= SHOWN_APART else None) for value, label in kinds
    ]
    return Report(round, previous, rows, kinds, sum(counts.values()), by_kind)


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
    """Every answer of a round, for staff exports. An anonymous answer carries its kind and
    date only — no person, no response id, ordered by statement so that order tells nothing —
    and not even its kind when fewer than SHOWN_APART anonymous answers share it."""
    condition_of = {s["key"]: s["condition"] for s in round.version.statements}
    answers = list(Answer.objects.filter(response__round=round).select_related("response__person"))
    anonymous: dict[str, set[int]] = {}
    for a in answers:
        if a.response.person_id is None:
            anonymous.setdefault(a.response.respondent_kind, set()).add(a.response_id)
    rows = []
    for a in answers:
        kind = a.response.respondent_kind
        if a.response.person_id is None and len(anonymous[kind]) < SHOWN_APART:
            kind = ""
        rows.append(
            {
                "respondent": a.response.person.name if a.response.person_id else None,
                "respondent_kind": kind,
                "submitted_on": a.response.submitted_on,
                "statement": a.statement,
                "condition": condition_of.get(a.statement, ""),
                "score": a.score,
            }
        )
    return sorted(rows, key=lambda r: (r["statement"], r["respondent_kind"], r["respondent"] or ""))


def round_of(collective, number: int) -> Round:
    """The collective's round `number` with its instrument, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Round.objects.select_related("version__instrument", "collective"),
        collective=collective,
        number=number,
    )


def person_of(user, collective) -> Person | None:
    """The user's person record in the collective's tree, if there is one."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, collective_id__in=collective.tree_ids()).first()


def latest_versions(collective):
    """The current version of each instrument of the collective or a collective above it (a
    round opens on one; oblasts asking the national instrument can be compared)."""
    newest = InstrumentVersion.objects.filter(instrument=OuterRef("instrument")).order_by("-number")
    return InstrumentVersion.objects.filter(
        instrument__collective_id__in=[collective.pk, *collective.ancestor_ids()],
        pk=Subquery(newest.values("pk")[:1]),
    ).select_related("instrument")


@dataclass
class Comparison:
    versions: list[InstrumentVersion]  # those with a closed round somewhere in the tree
    version: InstrumentVersion | None
    columns: list[Round]  # the latest closed round of each collective on that version
    rows: list[tuple[str, list[ConditionResult | None]]]  # condition title, a cell per column


def comparison(collective, version_pk: int | None = None) -> Comparison:
    """Collectives of the tree side by side on one instrument version: each one's latest
    closed round on it, condition by condition."""
    closed = (
        Round.objects.filter(collective_id__in=collective.tree_ids(), closed_at__isnull=False)
        .select_related("collective", "version__instrument")
        .order_by("collective__level", "collective__name", "-number")
    )
    versions = list({r.version_id: r.version for r in closed}.values())
    versions.sort(key=lambda v: (v.instrument.name, -v.number))
    version = next((v for v in versions if v.pk == version_pk), None) or (
        max(versions, key=lambda v: sum(r.version_id == v.pk for r in closed), default=None)
    )
    if version is None:
        return Comparison([], None, [], [])
    columns: list[Round] = []
    for round in closed:
        if round.version_id == version.pk and all(
            c.collective_id != round.collective_id for c in columns
        ):
            columns.append(round)
    results_of = [{r.key: r for r in results(round)} for round in columns]
    rows = [
        (defaults.shown(condition["title"]), [found.get(condition["key"]) for found in results_of])
        for condition in version.conditions
    ]
    return Comparison(versions, version, columns, rows)
