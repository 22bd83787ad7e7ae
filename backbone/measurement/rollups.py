"""Roll-ups: approved values summed through the place tree, across periods, categories and
collectives. Read straight from the approved values, so an approval shows at once.

Rules, the same everywhere (and restated by the property tests):
- a value counts once: it belongs to one collective, one place, one category combination;
  a parent collective sees its own values and those of the collectives below it;
- ``place:N`` puts each value under its ancestor at level N of the place tree; a value
  reported for a place above level N stays under that place;
- a ratio is the sum of its numerator over the sum of its denominator (times 100 or N),
  never an average of ratios; a mean is the sum of values over their number; "latest" takes,
  for each organization, place and category cell, the value of the last period in the bucket.
- de-duplication adjustments are subtracted only where no category is asked for (an overlap
  is recorded per indicator, place and period, not per category).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from backbone.measurement import periods
from backbone.measurement.models import (
    Adjustment,
    Aggregation,
    Category,
    Combination,
    Indicator,
    Value,
)
from backbone.network.models import Place

Key = tuple


@dataclass
class Rollup:
    indicator: Indicator
    keys: list[str]  # column names: "place", "period" or dimension codes
    rows: list[dict]  # one dict per group: the key columns, "value", and "claimed"
    deduplicated: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KeySpec:
    kind: str  # "place", "period" or "dimension"
    column: str
    level: int = 0
    grain: str = ""
    dimension: str = ""


def parse_keys(indicator: Indicator, by: Sequence[str]) -> list[KeySpec]:
    specs: list[KeySpec] = []
    dimensions = {d.code for d in _terms_dimensions(indicator)}
    for raw in by:
        text = raw.strip()
        if text.startswith("place:"):
            try:
                level = int(text.split(":", 1)[1])
            except ValueError:
                raise ValidationError(
                    _("“%s”: write place:N with N a level number.") % raw
                ) from None
            specs.append(KeySpec("place", "place", level=level))
        elif text.startswith("period:"):
            grain = text.split(":", 1)[1]
            if grain not in periods.GRAIN_OF_KEY:
                raise ValidationError(
                    _("“%s”: the period can be period:month, period:quarter or period:year.") % raw
                )
            frequency = periods.GRAIN_OF_KEY[grain]
            if periods.SPAN[frequency] < periods.SPAN[indicator.frequency]:
                raise ValidationError(
                    _("%(code)s is reported %(frequency)s; it cannot be split by %(grain)s.")
                    % {
                        "code": indicator.code,
                        "frequency": indicator.get_frequency_display().lower(),
                        "grain": grain,
                    }
                )
            specs.append(KeySpec("period", "period", grain=frequency))
        elif text in dimensions:
            specs.append(KeySpec("dimension", text, dimension=text))
        else:
            raise ValidationError(
                _("“%(key)s” is not place:N, period:month|quarter|year or a dimension of %(code)s.")
                % {"key": raw, "code": indicator.code}
            )
    if len({spec.column for spec in specs}) != len(specs):
        raise ValidationError(_("Each key can be asked for once."))
    return specs


def _terms_dimensions(indicator: Indicator):
    if indicator.is_ratio:
        numerator = set(indicator.numerator.dimensions.all())
        return numerator & set(indicator.denominator.dimensions.all())
    return set(indicator.dimensions.all())


class PlaceTree:
    """Ancestors of every place at every level, loaded once (a few thousand rows)."""

    def __init__(self) -> None:
        rows = Place.objects.values_list("pk", "parent_id", "level", "code")
        self.parent = {pk: parent for pk, parent, _level, _code in rows}
        self.level = {pk: level for pk, _parent, level, _code in rows}
        self.code = {pk: code for pk, _parent, _level, code in rows}
        self._at: dict[tuple[int, int], int] = {}

    def at_level(self, place_id: int, level: int) -> int:
        key = (place_id, level)
        if key not in self._at:
            node = place_id
            while self.level.get(node, 0) > level and self.parent.get(node) is not None:
                node = self.parent[node]
            self._at[key] = node
        return self._at[key]

    def descendants(self, place_id: int) -> set[int]:
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent in self.parent.items():
            if parent is not None:
                children[parent].append(pk)
        found, frontier = {place_id}, [place_id]
        while frontier:
            frontier = [child for node in frontier for child in children.get(node, [])]
            found.update(frontier)
        return found


def combination_categories() -> dict[int, dict[str, str]]:
    """Combination id → {dimension code: category code}."""
    through = Combination.categories.through.objects.values_list(
        "combination_id", "category__dimension__code", "category__code"
    )
    result: dict[int, dict[str, str]] = defaultdict(dict)
    for combination_id, dimension, category in through:
        result[combination_id][dimension] = category
    for pk in Combination.objects.filter(key="").values_list("pk", flat=True):
        result.setdefault(pk, {})
    return result


@dataclass
class _Context:
    tree: PlaceTree
    combos: dict[int, dict[str, str]]


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


def _facts(indicator_ids: Iterable[int], collective_ids: list[int], place_ids=None, by_org=False):
    queryset = Value.objects.filter(
        approved=True, indicator_id__in=list(indicator_ids), collective_id__in=collective_ids
    )
    if place_ids is not None:
        queryset = queryset.filter(place_id__in=place_ids)
    fields = ["indicator_id", "place_id", "period", "combination_id"]
    if by_org:
        fields.append("organization_id")
    return queryset.values_list(*fields).annotate(total=Sum("value"), n=Count("id")).order_by()


def _sum_rollup(
    indicator_id: int, specs, context, collective_ids, place_ids
) -> dict[Key, tuple[float, int]]:
    groups: dict[Key, list[float]] = defaultdict(lambda: [0.0, 0])
    for _ind, place, period, combo, total, n in _facts([indicator_id], collective_ids, place_ids):
        group = groups[_group_key(specs, context, place, period, combo)]
        group[0] += total
        group[1] += n
    return {key: (total, n) for key, (total, n) in groups.items()}


def _latest_rollup(indicator_id, specs, context, collective_ids, place_ids) -> dict[Key, float]:
    latest: dict[tuple, tuple[int, float]] = {}
    for _ind, place, period, combo, org, total, _n in _facts(
        [indicator_id], collective_ids, place_ids, by_org=True
    ):
        key = _group_key(specs, context, place, period, combo)
        series = (key, org, place, combo)
        if series not in latest or latest[series][0] < period:
            latest[series] = (period, total)
    result: dict[Key, float] = defaultdict(float)
    for (key, _org, _place, _combo), (_period, total) in latest.items():
        result[key] += total
    return result


def _adjustments(indicator_id, specs, context, collective_ids, place_ids) -> dict[Key, float]:
    result: dict[Key, float] = defaultdict(float)
    queryset = Adjustment.objects.filter(
        indicator_id=indicator_id, collective_id__in=collective_ids
    )
    if place_ids is not None:
        queryset = queryset.filter(place_id__in=place_ids)
    for place, period, amount in queryset.values_list("place_id", "period", "amount"):
        result[_group_key(specs, context, place, period, 0)] += amount
    return result


def rollup(
    *,
    indicator: Indicator,
    collective,
    by: Sequence[str] = (),
    within=None,
    context: _Context | None = None,
) -> Rollup:
    """The indicator's approved figures for the collective (and those below), grouped by keys.

    ``within`` restricts to one place and everything under it.
    """
    specs = parse_keys(indicator, by)
    context = context or _Context(PlaceTree(), combination_categories())
    collective_ids = collective.tree_ids()
    place_ids = context.tree.descendants(within.pk) if within is not None else None
    columns = [spec.column for spec in specs]
    wants_category = any(spec.kind == "dimension" for spec in specs)
    rows: dict[Key, dict] = {}
    notes: list[str] = []
    deduplicated = False
    if indicator.aggregation == Aggregation.RATIO:
        numerator = _sum_rollup(indicator.numerator_id, specs, context, collective_ids, place_ids)
        denominator = _sum_rollup(
            indicator.denominator_id, specs, context, collective_ids, place_ids
        )
        for key in numerator.keys() | denominator.keys():
            top = numerator.get(key, (0.0, 0))[0]
            bottom = denominator.get(key, (0.0, 0))[0]
            value = top / bottom * indicator.scale if bottom else None
            rows[key] = {"value": value, "numerator": top, "denominator": bottom}
    elif indicator.aggregation == Aggregation.LATEST:
        for key, total in _latest_rollup(
            indicator.pk, specs, context, collective_ids, place_ids
        ).items():
            rows[key] = {"value": total}
    else:
        sums = _sum_rollup(indicator.pk, specs, context, collective_ids, place_ids)
        for key, (total, n) in sums.items():
            if indicator.aggregation == Aggregation.MEAN:
                rows[key] = {"value": total / n if n else None}
            else:
                rows[key] = {"value": total, "claimed": total}
        if indicator.aggregation == Aggregation.SUM:
            adjustments = _adjustments(indicator.pk, specs, context, collective_ids, place_ids)
            if adjustments and wants_category:
                notes.append(
                    _("Partners' overlapping claims are not subtracted when split by category.")
                )
            elif adjustments:
                deduplicated = True
                for key, amount in adjustments.items():
                    row = rows.setdefault(key, {"value": 0.0, "claimed": 0.0})
                    row["value"] = row["value"] - amount
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


def category_labels(dimension_code: str, collective) -> dict[str, str]:
    return {
        c.code: c.localized_name
        for c in Category.objects.filter(dimension__code=dimension_code).select_related("dimension")
    }
