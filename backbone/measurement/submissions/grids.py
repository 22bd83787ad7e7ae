"""The web form's grids: per indicator and place, rows of category combinations by the
columns of the last dimension; empty cells are not reported, totals are derived on screen."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from backbone.interchange import periods
from backbone.lib.bidi import isolated
from backbone.measurement.models import LIVE_STATUSES, Submission, Value


@dataclass
class Cell:
    name: str
    categories: list  # Category objects, one per dimension
    value: str = ""


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Grid:
    indicator: object
    place: object
    period: int
    columns: list  # categories of the last dimension ([] when not disaggregated)
    rows: list[Row] = field(default_factory=list)

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def period_code(self) -> str:
        return periods.code_of(self.period, "monthly")


def _name(indicator, place, categories) -> str:
    ids = "_".join(str(c.pk) for c in sorted(categories, key=lambda c: c.pk)) or "0"
    return f"v-{indicator.pk}-{place.pk}-{ids}"


def build_grids(indicators, places, period: int) -> list[Grid]:
    indicators = list(indicators)
    # The dimensions and categories of all the indicators in two queries, not two per
    # indicator (each category then knows its dimension, which grid_entries reads).
    prefetch_related_objects(indicators, "dimensions__categories")
    grids = []
    for indicator in indicators:
        dimensions = list(indicator.dimensions.all())
        categories = [list(d.categories.all()) for d in dimensions]
        for place in places:
            columns = categories[-1] if categories else []
            grid = Grid(indicator=indicator, place=place, period=period, columns=columns)
            for combo in itertools.product(*categories[:-1]):
                # Each category set apart, so "0–2 · בנות" keeps both parts' order in Hebrew.
                label = " · ".join(isolated(c.localized_name) for c in combo)
                cells = [
                    Cell(_name(indicator, place, [*combo, column]), [*combo, column])
                    for column in columns
                ] or [Cell(_name(indicator, place, []), [])]
                grid.rows.append(Row(label=label, cells=cells))
            grids.append(grid)
    return grids


def grid_entries(grids: list[Grid], data) -> tuple[list[dict], list[str]]:
    """The filled cells as pipeline rows, and the input name of each row (for errors)."""
    entries, names = [], []
    for grid in grids:
        for cell in grid.cells:
            text = (data.get(cell.name) or "").strip()
            cell.value = text
            if not text:
                continue
            entry = {
                "indicator": grid.indicator.code,
                "place": grid.place.code,
                "period": grid.period_code,
            }
            for category in cell.categories:
                entry[category.dimension.code] = category.code
            entry["value"] = text
            entries.append(entry)
            names.append(cell.name)
    return entries, names


def prefill_grids(grids: list[Grid], *, organization, collective) -> None:
    """Show what the organization already reported for these cells (its live submissions)."""
    if not grids:
        return
    live = Submission.objects.filter(
        organization=organization,
        collective_id__in=collective.tree_ids(),
        status__in=LIVE_STATUSES,
    )
    values = (
        Value.objects.filter(
            submission__in=live,  # the unique index starts with the submission
            period=grids[0].period,
            indicator_id__in={g.indicator.pk for g in grids},
        )
        .select_related("indicator", "place")
        .prefetch_related("combination__categories")
    )
    known = {}
    for value in values.order_by("submission__created_at"):
        categories = list(value.combination.categories.all())
        known[_name(value.indicator, value.place, categories)] = value.value
    for grid in grids:
        for cell in grid.cells:
            if cell.name in known:
                number = known[cell.name]
                cell.value = str(int(number)) if number == int(number) else str(number)
