"""Population denominators: how many children live in a place in a year, per subgroup.

A rate is always computed from summed counts over summed population, never as an average of
rates (see rollups.engine.rollup with ``rate=True``). This module answers the other half: the
population of one place, year and set of categories, from the figures a collective recorded.

Which figure counts, the same everywhere:
- a collective reads its own populations first, then its ancestors' (a regional collective
  uses the national one's), then those of the collectives below it;
- a place without a figure of its own has the sum of its places below that have one;
- a year without a figure uses the place's latest earlier year (statistics offices publish a
  year or two late), or, before the first, the first — and the roll-up says which it used;
- a group split by some dimensions (sex) reads the figure recorded for exactly those (girls,
  boys), else adds up the finest table that holds them (girls by age band, summed).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from backbone.measurement.models import Population

# The sector's convention (rates of children in care are given per 10,000 children).
DEFAULT_RATE_PER = 10_000


@dataclass
class PopulationTable:
    """Every population figure a collective can use, loaded once per roll-up context."""

    # place → year → {frozenset of (dimension, category)}: value
    figures: dict[int, dict[int, dict[frozenset, float]]] = field(default_factory=dict)
    years: dict[int, list[int]] = field(default_factory=dict)  # place → sorted years
    levels: set[int] = field(default_factory=set)
    substituted: set[tuple[int, int]] = field(default_factory=set)  # (asked, used) years
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    _cache: dict = field(default_factory=dict)

    @classmethod
    def for_collective(cls, collective, tree, combos) -> PopulationTable:
        scope = [collective.pk, *collective.ancestor_ids(), *collective.tree_ids()[1:]]
        rank = {pk: index for index, pk in enumerate(scope)}
        chosen: dict[tuple[int, int, int], tuple[int, float]] = {}
        rows = Population.objects.filter(collective_id__in=scope).values_list(
            "collective_id", "place_id", "year", "combination_id", "value"
        )
        for collective_id, place, year, combination, value in rows.order_by():
            key = (place, year, combination)
            if key not in chosen or rank[collective_id] < chosen[key][0]:
                chosen[key] = (rank[collective_id], value)
        table = cls()
        for (place, year, combination), (_rank, value) in chosen.items():
            cells = frozenset(combos.get(combination, {}).items())
            table.figures.setdefault(place, {}).setdefault(year, {})[cells] = value
            table.levels.add(tree.level.get(place, 0))
        table.years = {place: sorted(years) for place, years in table.figures.items()}
        for pk, parent in tree.parent.items():
            if parent is not None:
                table.children[parent].append(pk)
        return table

    def reset(self) -> None:
        """Forget what earlier roll-ups looked up (and which years stood in for others)."""
        self._cache.clear()
        self.substituted.clear()

    @property
    def empty(self) -> bool:
        return not self.figures

    @property
    def deepest_level(self) -> int:
        return max(self.levels, default=0)

    def _year(self, place: int, year: int) -> int | None:
        years = self.years.get(place)
        if not years:
            return None
        index = bisect.bisect_right(years, year)
        used = years[index - 1] if index else years[0]
        if used != year:
            self.substituted.add((year, used))
        return used

    def _own(self, place: int, year: int, wanted: frozenset) -> float | None:
        used = self._year(place, year)
        if used is None:
            return None
        cells = self.figures[place][used]
        if wanted in cells:
            return cells[wanted]
        asked = {dimension for dimension, _category in wanted}
        # The finest table that holds the asked dimensions: the fewest dimensions beyond them.
        tables: dict[frozenset, list[frozenset]] = defaultdict(list)
        for cell in cells:
            dimensions = frozenset(dimension for dimension, _category in cell)
            if asked <= dimensions:
                tables[dimensions].append(cell)
        if not tables:
            return None
        best = min(tables, key=lambda dims: (len(dims), sorted(dims)))
        return sum(cells[cell] for cell in tables[best] if wanted <= cell)

    def population(self, place: int, year: int, categories: dict[str, str]) -> float | None:
        """The population of the place in the year for these categories (None: unknown)."""
        if any(category == "" for category in categories.values()):
            return None  # figures reported without a category have no population of their own
        wanted = frozenset(categories.items())
        key = (place, year, wanted)
        if key not in self._cache:
            value = self._own(place, year, wanted)
            if value is None:
                below = [self.population(child, year, categories) for child in self.children[place]]
                found = [figure for figure in below if figure is not None]
                value = sum(found) if found else None
            self._cache[key] = value
        return self._cache[key]

    def unit(self, place: int, year: int, categories: dict[str, str], tree) -> int | None:
        """The place whose population a figure reported for ``place`` is set against: the
        place itself, or its nearest ancestor with a population (None: none has one)."""
        node: int | None = place
        while node is not None:
            if self.population(node, year, categories) is not None:
                return node
            node = tree.parent.get(node)
        return None
