"""The dashboard: each indicator's latest figure, trend and reporting."""

from __future__ import annotations

from backbone.measurement.models import Direction, Indicator
from backbone.measurement.selectors.completeness import completeness_of, last_ended_period
from backbone.measurement.selectors.equity import _trend
from backbone.measurement.selectors.series import context, series_of


def dashboard(collective) -> list[dict]:
    """Each common indicator's latest value, change, target status and completeness."""
    ctx = context()
    indicators = list(
        Indicator.objects.for_collective(collective).select_related("numerator", "denominator")
    )
    all_series = series_of(indicators, collective, ctx)
    counted = [indicator for indicator in indicators if not indicator.is_ratio]
    reports = completeness_of(
        counted,
        collective,
        {indicator.pk: last_ended_period(indicator) for indicator in counted},
        ctx.tree_ids(collective),
    )
    rows = []
    for indicator in indicators:
        series = all_series[indicator.pk]
        points = [p for p in series.points if p["value"] is not None and not p["partial"]]
        latest = points[-1] if points else None
        previous = points[-2] if len(points) > 1 else None
        trend = (
            _trend(previous["value"], latest["value"], indicator.direction) if previous else "flat"
        )
        status = None
        if latest and series.target:
            reached = (
                latest["value"] <= series.target["value"]
                if indicator.direction == Direction.DOWN
                else latest["value"] >= series.target["value"]
            )
            status = "met" if reached else "not_met"
        rows.append(
            {
                "indicator": indicator,
                "latest": latest,
                "previous": previous,
                "trend": trend,
                "target": series.target,
                "status": status,
                "completeness": reports.get(indicator.pk),
            }
        )
    return rows
