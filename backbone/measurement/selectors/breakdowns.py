"""An indicator's latest complete period broken down by place and by each dimension."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from backbone.interchange import periods
from backbone.measurement.models import Direction, Indicator
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.selectors.completeness import complete_period
from backbone.measurement.selectors.series import (
    _grain,
    definition_changes,
    definition_of,
    has_rate,
)
from backbone.network.models import Place


def place_breakdown(indicator: Indicator, collective, level: int = 1, ctx=None) -> dict:
    """The latest complete period's values by place at a level, ranked, with the spread."""
    latest = complete_period(indicator, collective)
    if latest is None:
        return {"period": None, "rows": [], "spread": None}
    grain = _grain(indicator)
    result = rollup(
        indicator=indicator,
        collective=collective,
        by=[f"place:{level}", f"period:{grain}"],
        context=ctx,
    )
    code = periods.code_of(latest, indicator.frequency)
    names = {p.code: p.localized_name for p in Place.objects.filter(level__lte=level)}
    rows = [
        {
            "place": row["place"],
            "name": names.get(row["place"], row["place"]),
            "value": row["value"],
        }
        for row in result.rows
        if row["period"] == code and row["value"] is not None
    ]
    rows.sort(key=lambda r: r["value"], reverse=indicator.direction != Direction.DOWN)
    values = [r["value"] for r in rows]
    spread = None
    if values:
        low, high = min(values), max(values)
        spread = {"low": low, "high": high, "ratio": (high / low) if low else None}
    return {"period": code, "rows": rows, "spread": spread}


def dimension_breakdowns(indicator: Indicator, collective, ctx=None) -> list[dict]:
    """For each dimension, the series of each category (a table: periods × categories)."""
    grain = _grain(indicator)
    complete = complete_period(indicator, collective)
    complete_code = periods.code_of(complete, indicator.frequency) if complete is not None else ""
    changes = definition_changes(indicator)
    dimensions = (
        indicator.numerator.dimensions.all() if indicator.is_ratio else indicator.dimensions.all()
    )
    tables = []
    for dimension in dimensions:
        try:
            result = rollup(
                indicator=indicator,
                collective=collective,
                by=[f"period:{grain}", dimension.code],
                context=ctx,
                rate=has_rate(indicator),
            )
        except ValidationError:  # a ratio whose terms are not both split by this dimension
            continue
        categories = list(dimension.categories.all())
        grid: dict[str, dict[str, float | None]] = {}
        rates: dict[str, dict[str, float | None]] = {}
        for row in result.rows:
            grid.setdefault(row["period"], {})[row[dimension.code]] = row["value"]
            rates.setdefault(row["period"], {})[row[dimension.code]] = row.get("rate")
        # Compared by rate when every subgroup has a population in some period.
        by_rate = any(all(rates[p].get(c.code) is not None for c in categories) for p in rates)
        tables.append(
            {
                "dimension": dimension,
                "categories": categories,
                "by_rate": by_rate,
                "counts_only": has_rate(indicator) and not by_rate,
                "notes": result.notes,
                "rows": [
                    {
                        "period": p,
                        "values": [grid[p].get(c.code) for c in categories],
                        "rates": [rates[p].get(c.code) for c in categories],
                        "unstated": grid[p].get(""),
                        # Not every expected partner has reported: shown, never used for flags.
                        "partial": p > complete_code,
                        **definition_of(changes, p),
                    }
                    for p in sorted(grid)
                ],
            }
        )
    return tables
