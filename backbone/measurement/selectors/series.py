"""An indicator's series per period against its baseline and target, with the definition
in force in each period."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import prefetch_related_objects

from backbone.interchange import periods
from backbone.measurement.models import Aggregation, Indicator
from backbone.measurement.rollups.context import _Context, batched
from backbone.measurement.rollups.engine import Rollup, rollup
from backbone.measurement.rollups.keys import PlaceTree, combination_categories
from backbone.measurement.selectors.completeness import complete_period, complete_periods
from backbone.measurement.selectors.targets import _goals, _goals_of


def context() -> _Context:
    return _Context(PlaceTree(), combination_categories())


def _grain(indicator: Indicator) -> str:
    return {"monthly": "month", "quarterly": "quarter", "annual": "year"}[indicator.frequency]


@dataclass
class Series:
    indicator: Indicator
    points: list[dict]
    definitions: list[dict]
    baseline: float | None
    target: dict | None
    deduplicated: bool
    notes: list[str] = field(default_factory=list)


def definition_changes(indicator: Indicator) -> list[dict]:
    """Each change of the counting rule after the first: the period (at the indicator's
    frequency) from which it counts, its version number and what changed."""
    # Sorted here, not by the database, so that versions prefetched for a list are used.
    versions = sorted(indicator.versions.all(), key=lambda v: v.number)
    return [
        {
            "period": periods.code_of(
                periods.bucket(v.effective_month, indicator.frequency), indicator.frequency
            ),
            "number": v.number,
            "note": v.change_note,
        }
        for v in versions[1:]
    ]


def definition_of(changes: list[dict], period: str) -> dict:
    """Which counting rule a period's figure was counted by (1 before any change), and the
    change that starts in that very period, if one does — for marking it in tables."""
    number = 1
    starting = None
    for change in changes:
        if change["period"] <= period:  # period codes of one frequency sort as they follow
            number = change["number"]
            if change["period"] == period:
                starting = change
    return {"definition": number, "definition_change": starting}


def has_rate(indicator: Indicator) -> bool:
    """Whether the indicator is shown per N of the population (where one is recorded)."""
    return bool(indicator.population_rate_per) and indicator.aggregation == Aggregation.SUM


def _series_rollup(indicator: Indicator, collective, ctx) -> Rollup:
    return rollup(
        indicator=indicator,
        collective=collective,
        by=[f"period:{_grain(indicator)}"],
        context=ctx,
        rate=has_rate(indicator),
    )


def indicator_series(indicator: Indicator, collective, ctx=None) -> Series:
    return _series(
        indicator,
        _series_rollup(indicator, collective, ctx),
        _goals(indicator, collective),
        complete_period(indicator, collective),
    )


def series_of(indicators: list[Indicator], collective, ctx: _Context) -> dict[int, Series]:
    """indicator_series of each indicator, in a number of queries that does not grow with
    theirs. The roll-ups are batched by what they read: the indicators of one frequency,
    with a rate per population or not (a rate reads figures per place as well)."""
    prefetch_related_objects(indicators, "versions")
    results: dict[int, Rollup] = {}

    def kind(indicator: Indicator) -> tuple[bool, str]:
        return has_rate(indicator), indicator.frequency

    for _kind, group in groupby(sorted(indicators, key=kind), key=kind):
        group = list(group)
        with batched(ctx, group):
            for indicator in group:
                results[indicator.pk] = _series_rollup(indicator, collective, ctx)
    goals = _goals_of(indicators, collective)
    complete = complete_periods(indicators, collective, ctx.tree_ids(collective))
    return {i.pk: _series(i, results[i.pk], goals[i.pk], complete[i.pk]) for i in indicators}


def _series(indicator: Indicator, result: Rollup, goals: dict, complete: int | None) -> Series:
    baselines = [(code, g["baseline"]) for code, g in sorted(goals.items()) if "baseline" in g]
    targets = [(code, g["target"]) for code, g in sorted(goals.items()) if "target" in g]
    changes = definition_changes(indicator)
    complete_code = periods.code_of(complete, indicator.frequency) if complete is not None else ""
    points = [
        {
            "period": row["period"],
            "value": row["value"],
            "claimed": row.get("claimed"),
            "rate": row.get("rate"),
            "population": row.get("population"),
            # Later than the last period every expected partner has reported: still coming in.
            "partial": row["period"] > complete_code,
            **definition_of(changes, row["period"]),
        }
        for row in result.rows
    ]
    return Series(
        indicator=indicator,
        points=points,
        definitions=changes,
        baseline=baselines[0][1] if baselines else None,
        target={"period": targets[-1][0], "value": targets[-1][1]} if targets else None,
        deduplicated=result.deduplicated,
        notes=result.notes,
    )
