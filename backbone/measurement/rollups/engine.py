"""rollup(): an indicator's approved figures for a collective, grouped by keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from backbone.interchange import periods
from backbone.measurement.models import Indicator
from backbone.measurement.rollups.compute import _compute
from backbone.measurement.rollups.context import _Context
from backbone.measurement.rollups.keys import PlaceTree, combination_categories, parse_keys
from backbone.measurement.rollups.rates import _rates


@dataclass
class Rollup:
    indicator: Indicator
    keys: list[str]  # column names: "place", "period" or dimension codes
    rows: list[dict]  # one dict per group: the key columns, "value", and "claimed"
    deduplicated: bool = False
    notes: list[str] = field(default_factory=list)


def rollup(
    *,
    indicator: Indicator,
    collective,
    by: Sequence[str] = (),
    within=None,
    context: _Context | None = None,
    rate: bool = False,
) -> Rollup:
    """The indicator's approved figures for the collective (and those below), grouped by keys.

    ``within`` restricts to one place and everything under it. With ``rate``, each row also
    has ``population`` and ``rate``: the count of the places that have a population, over
    their summed population, per the indicator's N (see ``_rates``).
    """
    specs = parse_keys(indicator, by)
    context = context or _Context(PlaceTree(), combination_categories())
    collective_ids = context.tree_ids(collective)
    place_ids = context.tree.descendants(within.pk) if within is not None else None
    rows, notes, deduplicated = _compute(
        indicator, specs, context, collective_ids, place_ids, within
    )
    if rate:
        _rates(
            indicator, specs, context, collective, collective_ids, place_ids, within, rows, notes
        )
    columns = [spec.column for spec in specs]
    output = []
    for key in rows:
        row = {}
        for spec, part in zip(specs, key, strict=True):
            if spec.kind == "place":
                row[spec.column] = context.tree.code.get(part, "")
            elif spec.kind == "period":
                row[spec.column] = periods.code_of(part, spec.grain)
            else:
                row[spec.column] = part
        row.update(rows[key])
        output.append(row)
    output.sort(key=lambda row: [str(row[column]) for column in columns])
    return Rollup(
        indicator=indicator, keys=columns, rows=output, deduplicated=deduplicated, notes=notes
    )
