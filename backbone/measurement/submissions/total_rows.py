"""Rows that are totals over some dimension: checked against the rows they add up, or
stored where the file has nothing finer."""

import itertools
import math
from collections import defaultdict

from django.utils.translation import gettext as _

from backbone.interchange.problems import Problem
from backbone.measurement.models import Combination, Value
from backbone.measurement.services import combination_for
from backbone.measurement.submissions.checks import (
    MAX_WARNINGS,
)
from backbone.measurement.submissions.rows import _fmt


def _parts(ids) -> list[tuple[int, ...]]:
    """The proper, non-empty parts of a row's categories (sorted), which partial totals name:
    for (f, 0-4), (f,) and (0-4,). None for fewer than two categories."""
    ids = sorted(ids)
    return [part for size in range(1, len(ids)) for part in itertools.combinations(ids, size)]


class TotalRows:
    """RowWriter's settling of the total rows once the file has been read."""

    def _settle_totals(self) -> None:
        """A total row beside the rows it adds up is a check, not a second figure; a total
        the file holds nothing finer for is stored as it is (the figure not split further).
        The most detailed totals first: one stored counts in the sums of the coarser ones."""
        part_sums = self._part_sums()
        for key in sorted(self.totals, key=lambda k: -len(k[3])):
            value, number, label = self.totals[key]
            cell, given = key[:3], key[3]
            finer = part_sums.get(key) if given else self.sums.get(cell)
            if finer is not None:
                differs = not math.isclose(finer, value, rel_tol=1e-9, abs_tol=1e-9)
                if differs and len(self.warnings) < MAX_WARNINGS:
                    self.warnings.append(
                        Problem(
                            number,
                            label,
                            _(
                                "the total %(total)s differs from the sum of its "
                                "disaggregations (%(sum)s); the disaggregated values were kept."
                            )
                            % {"total": _fmt(value), "sum": _fmt(finer)},
                        )
                    )
                continue
            combo = combination_for(given, self.combos)
            self.sums[cell] += value
            for part in _parts(given):
                part_sums[(*cell, part)] = part_sums.get((*cell, part), 0.0) + value
            self._append(cell[0], cell[1], cell[2], combo, value)

    def _part_sums(self) -> dict[tuple[int, int, int, tuple[int, ...]], float]:
        """For the partial totals (some categories given, others left as "all"), the sum of
        the fully disaggregated figures having their categories, read back from what was
        written: the file's hot loop keeps no more than one sum per cell for them."""
        partial = [key for key in self.totals if key[3]]
        if not partial or self.problems:
            return {}
        self.flush()
        cells = {key[:3] for key in partial}
        wanted = {key[3] for key in partial}
        values = Value.objects.filter(
            submission=self.submission,
            indicator_id__in={c[0] for c in cells},
            place_id__in={c[1] for c in cells},
            period__in={c[2] for c in cells},
        ).values_list("indicator_id", "place_id", "period", "combination_id", "value")
        rows = [row for row in values if row[:3] in cells]
        categories: dict[int, set[int]] = defaultdict(set)
        through = Combination.categories.through.objects.filter(
            combination_id__in={row[3] for row in rows}
        )
        for combination_id, category_id in through.values_list("combination_id", "category_id"):
            categories[combination_id].add(category_id)
        sums: dict[tuple[int, int, int, tuple[int, ...]], float] = {}
        for indicator_id, place_id, period, combination_id, value in rows:
            for part in _parts(categories[combination_id]):
                if part in wanted:
                    key = (indicator_id, place_id, period, part)
                    sums[key] = sums.get(key, 0.0) + value
        return sums
