"""What one roll-up, or a page's batch of them, looks up once: the place tree, the
category cells, the collectives' trees, the populations; and the keys' grouping of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from backbone.interchange import periods
from backbone.measurement.models import Adjustment, Indicator, RollupState
from backbone.measurement.rollups.keys import Key, KeySpec, PlaceTree


@dataclass
class _Context:
    tree: PlaceTree
    combos: dict[int, dict[str, str]]
    # None: not looked up yet; False: the totals cannot be used; else the levels they keep.
    summary: int | bool | None = None
    # Looked up once per context (a page asks for many roll-ups of the same collective).
    trees: dict[int, list[int]] = field(default_factory=dict)
    adjusted: set[int] | None = None  # indicators with a de-duplication adjustment
    populations: tuple | None = None  # (collective id, PopulationTable), loaded once
    # Indicators a page rolls up one after another (see ``batched``): each read is made once
    # for all of them and kept here, by what was asked, until the batch ends.
    batch: frozenset[int] = frozenset()
    loaded: dict[tuple, dict[int, list]] = field(default_factory=dict)

    def read_for_batch(
        self, indicator_id: int, key: tuple, read: Callable[[list[int]], Iterable[tuple]]
    ) -> list[tuple] | None:
        """This indicator's rows of ``read(ids)`` (rows that start with the indicator id),
        read for the whole batch the first time ``key`` is asked; None outside a batch."""
        if indicator_id not in self.batch:
            return None
        rows = self.loaded.get(key)
        if rows is None:
            rows = defaultdict(list)
            for row in read(sorted(self.batch)):
                rows[row[0]].append(row)
            self.loaded[key] = rows
        return rows.get(indicator_id, [])

    def tree_ids(self, collective) -> list[int]:
        if collective.pk not in self.trees:
            self.trees[collective.pk] = collective.tree_ids()
        return self.trees[collective.pk]

    def has_adjustments(self, indicator_id: int) -> bool:
        if self.adjusted is None:
            self.adjusted = set(
                Adjustment.objects.values_list("indicator_id", flat=True).distinct()
            )
        return indicator_id in self.adjusted

    def summary_levels(self) -> int:
        """How many place levels the approved totals answer for (0: read the values)."""
        if self.summary is None:
            state = RollupState.objects.order_by("pk").first()
            valid = state is not None and state.tree == self.tree.fingerprint
            self.summary = state.levels if valid else False
        return self.summary or 0


@contextmanager
def batched(context: _Context, indicators: Iterable[Indicator]) -> Iterator[_Context]:
    """Roll up these indicators (and a ratio's terms) with one query per kind of read for
    all of them, instead of one per indicator: a list page's N roll-ups with the same keys.
    The figures are the same as one by one."""
    ids: set[int] = set()
    for indicator in indicators:
        ids.add(indicator.pk)
        if indicator.is_ratio:
            ids.update((indicator.numerator_id, indicator.denominator_id))
    context.batch, context.loaded = frozenset(ids), {}
    try:
        yield context
    finally:
        context.batch, context.loaded = frozenset(), {}


def _frozen(place_ids) -> frozenset[int] | None:
    return frozenset(place_ids) if place_ids is not None else None


def _group_key(
    specs: list[KeySpec], context: _Context, place_id: int, period: int, combo: int
) -> Key | None:
    parts: list = []
    for spec in specs:
        if spec.kind == "place":
            parts.append(context.tree.at_level(place_id, spec.level))
        elif spec.kind == "period":
            parts.append(periods.bucket(period, spec.grain))
        else:
            parts.append(context.combos.get(combo, {}).get(spec.dimension, ""))
    return tuple(parts)


def _grouper(specs: list[KeySpec], context: _Context):
    """_group_key as one function for a roll-up, memoised per place and per combination."""
    rank = {"place": 0, "period": 1, "dimension": 2}
    kinds = [rank[spec.kind] for spec in specs]
    if kinds != sorted(kinds):
        return lambda place_id, period, combo: _group_key(specs, context, place_id, period, combo)
    place_specs = [spec for spec in specs if spec.kind == "place"]
    dimension_specs = [spec for spec in specs if spec.kind == "dimension"]
    span = next((periods.SPAN[spec.grain] for spec in specs if spec.kind == "period"), 0)
    place_parts: dict[int, tuple] = {}
    combo_parts: dict[int, tuple] = {}

    def key(place_id: int, period: int, combo: int) -> Key:
        place_part = place_parts.get(place_id)
        if place_part is None:
            place_part = place_parts[place_id] = tuple(
                context.tree.at_level(place_id, spec.level) for spec in place_specs
            )
        combo_part = combo_parts.get(combo)
        if combo_part is None:
            cell = context.combos.get(combo, {})
            combo_part = combo_parts[combo] = tuple(
                cell.get(spec.dimension, "") for spec in dimension_specs
            )
        if span:
            return (*place_part, period - period % span, *combo_part)
        return place_part + combo_part

    return key
