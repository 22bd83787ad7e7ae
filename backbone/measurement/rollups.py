"""Roll-ups: approved values summed through the place tree, across periods, categories and
collectives. Read from the approved values, or from their totals kept in the approving
transaction, so an approval shows at once.

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

Speed: a national collective holds millions of values, so roll-ups read ``ApprovedTotal``, the
approved values already summed per collective, indicator, place at each level of the tree
above the leaves, month and category combination (and once more over all combinations). The
totals of an indicator and month are recomputed from the values, in the same transaction,
whenever its approved values change: on approval (``set_approved``), on a value saved or a
submission deleted through the ORM (signals below). They follow one place tree, fingerprinted
in ``RollupState``; a roll-up whose tree no longer matches, or that needs what the totals do
not keep (the leaf places, a "latest" over several months), reads the values as before.
Writing approved values with raw SQL or ``QuerySet.update`` elsewhere must be followed by
``refresh_totals`` (or ``rebuild_totals``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Mod
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backbone.interchange import periods
from backbone.measurement.models import (
    Adjustment,
    Aggregation,
    ApprovedStock,
    ApprovedTotal,
    Combination,
    Indicator,
    RollupPlace,
    RollupState,
    Submission,
    TimeAggregation,
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
    dimensions: set[str] | None = None  # looked up only when a key is not a place or period
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
        elif text in (dimensions := _dimension_codes(indicator, dimensions)):
            specs.append(KeySpec("dimension", text, dimension=text))
        else:
            raise ValidationError(
                _("“%(key)s” is not place:N, period:month|quarter|year or a dimension of %(code)s.")
                % {"key": raw, "code": indicator.code}
            )
    if len({spec.column for spec in specs}) != len(specs):
        raise ValidationError(_("Each key can be asked for once."))
    return specs


def _dimension_codes(indicator: Indicator, known: set[str] | None) -> set[str]:
    return known if known is not None else {d.code for d in _terms_dimensions(indicator)}


def _terms_dimensions(indicator: Indicator):
    if indicator.is_ratio:
        numerator = set(indicator.numerator.dimensions.all())
        return numerator & set(indicator.denominator.dimensions.all())
    return set(indicator.dimensions.all())


class PlaceTree:
    """Ancestors of every place at every level, loaded once (a few thousand rows)."""

    def __init__(self) -> None:
        rows = list(Place.objects.values_list("pk", "parent_id", "level", "code").order_by("pk"))
        self.parent = {pk: parent for pk, parent, _level, _code in rows}
        self.level = {pk: level for pk, _parent, level, _code in rows}
        self.code = {pk: code for pk, _parent, _level, code in rows}
        self._at: dict[tuple[int, int], int] = {}
        shape = ";".join(f"{pk},{parent or ''},{level}" for pk, parent, level, _code in rows)
        # Which tree the approved totals were computed for (see RollupState).
        self.fingerprint = hashlib.sha256(shape.encode()).hexdigest()
        # Totals are kept for every level above the deepest one (at the leaves they would
        # hold as many rows as the values).
        self.summary_levels = max(self.level.values(), default=0)

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


def _totals(
    indicator_ids: Sequence[int],
    level: int,
    with_combos: bool,
    collective_ids,
    place_ids,
    span: int = 0,
    keep_place: bool = True,
):
    """Rows of ApprovedTotal shaped like _facts: (indicator, place, period, combination,
    total, n), the place being each value's ancestor at ``level``. The database adds up
    what the keys do not tell apart: the collectives, the months of each period (with a
    span of several months; "period" is then its start), and the places when no key asks
    for them (place 0)."""
    queryset = ApprovedTotal.objects.filter(
        indicator_id__in=list(indicator_ids), level=level, collective_id__in=collective_ids
    )
    # combination 0 holds every combination together; the others one combination each.
    queryset = queryset.filter(**({"combination__gt": 0} if with_combos else {"combination": 0}))
    if place_ids is not None:
        queryset = queryset.filter(place_id__in=place_ids)
    start = F("period") - Mod("period", span) if span > 1 else F("period")
    fields = ["indicator_id", "place_id", "start", "combination"]
    if not keep_place:
        fields.remove("place_id")
    rows = (
        queryset.annotate(start=start)
        .values_list(*fields)
        .annotate(sum_total=Sum("total"), sum_n=Sum("n"))
        .order_by()
    )
    if not keep_place:
        rows = ((indicator, 0, *row) for indicator, *row in rows)
    return (
        # int(): SQLite's MOD gives a float.
        (indicator, place, int(period), combo, total, n)
        for indicator, place, period, combo, total, n in rows
    )


def _summary_level(specs: list[KeySpec], context: _Context, within) -> int | None:
    """The level of the approved totals that answers these keys exactly, or None.

    A total at level L holds each value under its ancestor at L, so it answers place:N for
    N <= L (the ancestor at N of that ancestor is the value's own) and ``within`` a place
    at level <= L (a value is under that place exactly when its ancestor at L is). At the
    leaf level the totals keep all category combinations together only."""
    levels = context.summary_levels()
    if not levels:
        return None
    level = 0
    for spec in specs:
        if spec.kind == "place":
            level = spec.level
    if within is not None:
        level = max(level, context.tree.level.get(within.pk, 0))
    if level < levels:
        return level
    if level == levels and not any(spec.kind == "dimension" for spec in specs):
        return level
    return None


def _sum_rollup(
    indicator_id: int, specs, context, collective_ids, place_ids, level=None
) -> dict[Key, tuple[float, int]]:
    with_combos = any(spec.kind == "dimension" for spec in specs)
    span = _bucket_span(specs)
    keep_place = any(spec.kind == "place" for spec in specs)

    def read(ids):
        if level is None:
            return _facts(ids, collective_ids, place_ids)
        return _totals(ids, level, with_combos, collective_ids, place_ids, span, keep_place)

    asked = (tuple(collective_ids), _frozen(place_ids))
    key = (
        ("facts", *asked)
        if level is None
        else ("totals", level, with_combos, span, keep_place, *asked)
    )
    facts = context.read_for_batch(indicator_id, key, read)
    if facts is None:
        facts = read([indicator_id])
    rows = ((place, period, combo, total, n) for _ind, place, period, combo, total, n in facts)
    return _add_up(_grouper(specs, context), rows)


def _add_up(key_of, rows) -> dict[Key, tuple[float, int]]:
    """(place, period, combination, total, n) rows summed into their groups' (total, n)."""
    groups: dict[Key, list] = {}
    for place, period, combo, total, n in rows:
        key = key_of(place, period, combo)
        group = groups.get(key)
        if group is None:
            groups[key] = [total, n]
        else:
            group[0] += total
            group[1] += n
    return {key: (total, n) for key, (total, n) in groups.items()}


def _bucket_span(specs: list[KeySpec]) -> int:
    """Months in one period of the keys (0: no period key, every month together)."""
    return next((periods.SPAN[spec.grain] for spec in specs if spec.kind == "period"), 0)


def _stock_rollup(
    indicator: Indicator, specs, context, collective_ids, place_ids
) -> tuple[dict[Key, tuple[float, int]], int]:
    """A stock over time, read from the values: for each series (organization, place and
    category cell) its last value in the period, or the average of its values there; then
    the series summed into the keys' groups as (total, number of series). Also returns how
    many series' last value is from before the period's last month (a place that missed it
    counts with its latest figure in the period)."""
    span = _bucket_span(specs)
    series: dict[tuple, list] = {}
    for _ind, place, period, combo, org, total, n in _facts(
        [indicator.pk], collective_ids, place_ids, by_org=True
    ):
        bucket = period - period % span if span else 0
        key = (org, place, combo, bucket)
        found = series.get(key)
        if found is None:
            series[key] = [period, total, total, n]  # last period, its value, sum, count
        else:
            if period > found[0]:
                found[0], found[1] = period, total
            found[2] += total
            found[3] += n
    key_of = _grouper(specs, context)
    last = indicator.time_aggregation == TimeAggregation.LAST
    groups: dict[Key, list] = {}
    early = 0
    for (_org, place, combo, _bucket), (period, value, total, n) in series.items():
        figure = value if last else total / n
        if last and span and period != period - period % span + span - 1:
            early += 1
        key = key_of(place, period, combo)
        group = groups.get(key)
        if group is None:
            groups[key] = [figure, 1]
        else:
            group[0] += figure
            group[1] += 1
    return {key: (total, n) for key, (total, n) in groups.items()}, early


def _kept_stocks(indicator, specs, context, collective_ids, place_ids, level):
    """_stock_rollup's result read from ApprovedStock, the period ends kept per level."""
    span = _bucket_span(specs)
    queryset = ApprovedStock.objects.filter(
        indicator_id=indicator.pk,
        grain=periods.QUARTERLY if span == 3 else periods.ANNUAL,
        level=level,
        collective_id__in=collective_ids,
    )
    with_combos = any(spec.kind == "dimension" for spec in specs)
    queryset = queryset.filter(**({"combination__gt": 0} if with_combos else {"combination": 0}))
    if place_ids is not None:
        queryset = queryset.filter(place_id__in=place_ids)
    rows = list(
        queryset.values_list("place_id", "period", "combination", "total", "n", "early").order_by()
    )
    early = sum(row[5] for row in rows)
    return _add_up(_grouper(specs, context), (row[:5] for row in rows)), early


def _term(indicator: Indicator, specs, context, collective_ids, place_ids, level, notes):
    """An indicator's figures per group as (total, n), following its aggregation over time."""
    if indicator.time_aggregation != TimeAggregation.SUM:
        span = _bucket_span(specs)
        if not (span and span <= periods.SPAN[indicator.frequency]):
            kept = (
                indicator.time_aggregation == TimeAggregation.LAST
                and level is not None
                and level < context.summary_levels()
                and span in (3, 12)
            )
            if kept:
                sums, early = _kept_stocks(
                    indicator, specs, context, collective_ids, place_ids, level
                )
            else:
                sums, early = _stock_rollup(indicator, specs, context, collective_ids, place_ids)
            if early:
                notes.append(
                    ngettext(
                        "%(code)s: %(count)s figure is from before the end of its period "
                        "(its last report in the period counts).",
                        "%(code)s: %(count)s figures are from before the end of their period "
                        "(the last report in the period counts).",
                        early,
                    )
                    % {"code": indicator.code, "count": early}
                )
            return sums
        # Split by the indicator's own period, each series has one value per group: its
        # last (and its average) is that value, and the groups are plain sums.
    return _sum_rollup(indicator.pk, specs, context, collective_ids, place_ids, level)


def _adjustments(indicator, specs, context, collective_ids, place_ids) -> dict[Key, float]:
    """Overlaps to subtract per group: all of a flow's in the period; a stock's, like its
    figures, from each place's last adjusted month in the period."""
    result: dict[Key, float] = defaultdict(float)
    if not context.has_adjustments(indicator.pk):
        return result

    def read(ids):
        queryset = Adjustment.objects.filter(indicator_id__in=ids, collective_id__in=collective_ids)
        if place_ids is not None:
            queryset = queryset.filter(place_id__in=place_ids)
        return queryset.values_list("indicator_id", "place_id", "period", "amount").order_by(
            "period"
        )

    key = ("adjustments", tuple(collective_ids), _frozen(place_ids))
    found = context.read_for_batch(indicator.pk, key, read)
    if found is None:
        found = read([indicator.pk])
    rows = [(place, period, amount) for _indicator, place, period, amount in found]
    if indicator.is_stock:
        span = _bucket_span(specs)
        last: dict[tuple[int, int], tuple[int, float]] = {}
        for place, period, amount in rows:
            last[(place, period - period % span if span else 0)] = (period, amount)
        rows = [(place, period, amount) for (place, _b), (period, amount) in last.items()]
    for place, period, amount in rows:
        result[_group_key(specs, context, place, period, 0)] += amount
    return result


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


def _compute(indicator, specs, context, collective_ids, place_ids, within):
    """The groups' figures: {key: {"value": …, …}}, the notes, and whether de-duplicated."""
    level = _summary_level(specs, context, within)
    wants_category = any(spec.kind == "dimension" for spec in specs)
    rows: dict[Key, dict] = {}
    notes: list[str] = []
    deduplicated = False
    if indicator.aggregation == Aggregation.RATIO:
        numerator = _term(
            indicator.numerator, specs, context, collective_ids, place_ids, level, notes
        )
        denominator = _term(
            indicator.denominator, specs, context, collective_ids, place_ids, level, notes
        )
        for key in numerator.keys() | denominator.keys():
            top = numerator.get(key, (0.0, 0))[0]
            bottom = denominator.get(key, (0.0, 0))[0]
            value = top / bottom * indicator.scale if bottom else None
            rows[key] = {"value": value, "numerator": top, "denominator": bottom}
        return rows, notes, deduplicated
    sums = _term(indicator, specs, context, collective_ids, place_ids, level, notes)
    for key, (total, n) in sums.items():
        if indicator.aggregation == Aggregation.MEAN:
            rows[key] = {"value": total / n if n else None}
        else:
            rows[key] = {"value": total, "claimed": total}
    if indicator.aggregation == Aggregation.SUM:
        adjustments = _adjustments(indicator, specs, context, collective_ids, place_ids)
        if adjustments and wants_category:
            notes.append(
                _("Partners' overlapping claims are not subtracted when split by category.")
            )
        elif adjustments:
            deduplicated = True
            for key, amount in adjustments.items():
                row = rows.setdefault(key, {"value": 0.0, "claimed": 0.0})
                row["value"] = row["value"] - amount
    return rows, notes, deduplicated


def rate_needs(indicator: Indicator, by: Sequence[str]) -> str | None:
    """Why a rate cannot be asked for with these keys (None: it can)."""
    if indicator.aggregation != Aggregation.SUM:
        return _("%(code)s is not a count summed across places; it has no rate per population.") % {
            "code": indicator.code
        }
    if not any(str(key).strip().startswith("period") for key in by):
        return _("A rate per population needs a period key (for example period:year).")
    return None


def _rates(indicator, specs, context, collective, collective_ids, place_ids, within, rows, notes):
    """Add "population" and "rate" to each row, in place.

    The counts are taken again per place at the deepest level the populations are recorded
    at (or the asked place level, if deeper), each set against the population of that place
    or of its nearest ancestor that has one (a hromada's figure against its oblast's
    population, counted once per oblast), and both summed up to the asked groups: counts
    over summed population, never an average of rates. Places with figures but no
    population are left out of the rate (and counted in a note)."""
    from backbone.measurement.populations import DEFAULT_RATE_PER, PopulationTable

    for row in rows.values():
        row["population"] = row["rate"] = None
    if indicator.aggregation != Aggregation.SUM or not any(s.kind == "period" for s in specs):
        notes.append(rate_needs(indicator, [spec.kind for spec in specs]) or "")
        return
    if context.populations is None or context.populations[0] != collective.pk:
        table = PopulationTable.for_collective(collective, context.tree, context.combos)
        context.populations = (collective.pk, table)
    table = context.populations[1]
    table.reset()
    if table.empty:
        notes.append(_("No population is recorded for these places: counts only."))
        return
    per = indicator.population_rate_per or DEFAULT_RATE_PER
    place_spec = next((spec for spec in specs if spec.kind == "place"), None)
    asked_level = place_spec.level if place_spec else None
    inner_level = max(table.deepest_level, asked_level or 0)
    dimension_specs = [spec for spec in specs if spec.kind == "dimension"]
    period_spec = next(spec for spec in specs if spec.kind == "period")
    # In the order the grouper keys them: place, period, then the dimensions.
    inner_specs = [KeySpec("place", "place", level=inner_level), period_spec, *dimension_specs]
    if inner_specs == list(specs):
        inner = rows  # the asked groups are already per place at that level
    else:
        inner, _notes, _dedup = _compute(
            indicator, inner_specs, context, collective_ids, place_ids, within
        )
    units: dict[tuple, list] = {}  # (unit place, period, *categories) → [count, population]
    missing: set[int] = set()
    for (place, period, *cells), row in inner.items():
        if row["value"] is None:
            continue
        categories = {
            spec.dimension: cell for spec, cell in zip(dimension_specs, cells, strict=True)
        }
        year = period // 12
        unit = table.unit(place, year, categories, context.tree)
        if unit is None:
            missing.add(place)
            continue
        key = (unit, period, *cells)
        found = units.get(key)
        if found is None:
            units[key] = [row["value"], table.population(unit, year, categories)]
        else:
            found[0] += row["value"]
    groups: dict[Key, list[float]] = {}
    for (unit, period, *cells), (count, population) in units.items():
        parts = []
        for spec in specs:
            if spec.kind == "place":
                if context.tree.level.get(unit, 0) < spec.level:
                    missing.add(unit)  # a place below its population's: no rate of its own
                    parts = None
                    break
                parts.append(context.tree.at_level(unit, spec.level))
            elif spec.kind == "period":
                parts.append(period)
            else:
                parts.append(cells[dimension_specs.index(spec)])
        if parts is None:
            continue
        group = groups.setdefault(tuple(parts), [0.0, 0.0])
        group[0] += count
        group[1] += population
    for key, (count, population) in groups.items():
        row = rows.get(key)
        if row is not None and population:
            row["population"] = population
            row["rate"] = count / population * per
    if missing:
        notes.append(
            ngettext(
                "%(count)s place has figures but no population: it is left out of the rates.",
                "%(count)s places have figures but no population: they are left out of the rates.",
                len(missing),
            )
            % {"count": len(missing)}
        )
    for asked, used in sorted(table.substituted):
        notes.append(
            _("The population of %(used)s stands in for %(asked)s, which has none yet.")
            % {"used": used, "asked": asked}
        )


# Keeping the approved totals -----------------------------------------------------------------


def _ancestors(tree: PlaceTree) -> dict[tuple[int, int], int]:
    return {
        (pk, level): tree.at_level(pk, level)
        for pk in tree.parent
        for level in range(tree.summary_levels)
    }


def _sync_tree() -> bool:
    """Make RollupPlace follow the place tree. New places are simply added; if a place the
    totals already count under an ancestor has moved, every total is rebuilt. Returns False
    when it rebuilt them (there is then nothing left to refresh)."""
    tree = PlaceTree()
    state = RollupState.objects.select_for_update().order_by("pk").first()
    if state is not None and state.tree == tree.fingerprint:
        return True
    wanted = _ancestors(tree)
    stored = {
        (place, level): ancestor
        for place, level, ancestor in RollupPlace.objects.values_list(
            "place_id", "level", "ancestor_id"
        )
    }
    moved = (
        state is None
        or state.levels != tree.summary_levels
        or any(wanted.get(key) != ancestor for key, ancestor in stored.items())
    )
    if moved:
        RollupPlace.objects.all().delete()
        stored = {}
    RollupPlace.objects.bulk_create(
        (
            RollupPlace(place_id=place, level=level, ancestor_id=ancestor)
            for (place, level), ancestor in wanted.items()
            if (place, level) not in stored
        ),
        batch_size=2000,
    )
    state = state or RollupState()
    state.tree = tree.fingerprint
    state.levels = tree.summary_levels
    state.updated_at = timezone.now()
    state.save()
    if moved:
        _recompute(None, None)
        _recompute_stocks(None, None)
    return not moved


def _recompute(indicator_id: int | None, months: Sequence[int] | None) -> None:
    """Recompute the totals of one indicator (None: all) for these months (None: all) from
    the approved values: per ancestor at each level above the leaves and category
    combination, then all combinations together, and at the leaf level all combinations
    together only (one row per place and month: a sixteenth of the values)."""
    totals = ApprovedTotal._meta.db_table
    values = Value._meta.db_table
    ancestors = RollupPlace._meta.db_table
    leaf = RollupState.objects.order_by("pk").values_list("levels", flat=True).first() or 0
    where, params = "", []
    if indicator_id is not None:
        where += " AND indicator_id = %s"
        params.append(indicator_id)
    if months is not None:
        where += f" AND period IN ({', '.join(['%s'] * len(months))})"
        params.extend(months)
    value_where = where.replace("indicator_id", "v.indicator_id").replace("period", "v.period")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {totals} WHERE 1 = 1{where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {totals} (indicator_id, level, combination, collective_id, "  # noqa: S608
            "place_id, period, total, n) "
            "SELECT v.indicator_id, a.level, v.combination_id, v.collective_id, a.ancestor_id, "
            "v.period, SUM(v.value), COUNT(*) "
            f"FROM {values} v JOIN {ancestors} a ON a.place_id = v.place_id "
            f"WHERE v.approved{value_where} "
            "GROUP BY v.indicator_id, a.level, v.combination_id, v.collective_id, "
            "a.ancestor_id, v.period",
            params,
        )
        # The same, all category combinations together (what a roll-up without a dimension
        # key reads: 16 times fewer rows for sex × age × disability).
        cursor.execute(
            f"INSERT INTO {totals} (indicator_id, level, combination, collective_id, "  # noqa: S608
            "place_id, period, total, n) "
            "SELECT indicator_id, level, 0, collective_id, place_id, period, SUM(total), SUM(n) "
            f"FROM {totals} WHERE combination > 0{where} "
            "GROUP BY indicator_id, level, collective_id, place_id, period",
            params,
        )
        cursor.execute(
            f"INSERT INTO {totals} (indicator_id, level, combination, collective_id, "  # noqa: S608
            "place_id, period, total, n) "
            "SELECT v.indicator_id, %s, 0, v.collective_id, v.place_id, v.period, "
            "SUM(v.value), COUNT(*) "
            f"FROM {values} v WHERE v.approved{value_where} "
            "GROUP BY v.indicator_id, v.collective_id, v.place_id, v.period",
            [leaf, *params],
        )


STOCK_GRAINS = (periods.QUARTERLY, periods.ANNUAL)


def _stock_indicators(indicator_id: int | None) -> list[int]:
    queryset = Indicator.objects.filter(time_aggregation=TimeAggregation.LAST)
    if indicator_id is not None:
        queryset = queryset.filter(pk=indicator_id)
    return list(queryset.values_list("pk", flat=True))


def _recompute_stocks(
    indicator_id: int | None, months: Sequence[int] | None, collective_id: int | None = None
) -> None:
    """Recompute the period-end figures of stock indicators (ApprovedStock) for the
    quarters and years that hold these months (None: all), optionally for one collective
    (an approval changes only its own collective's values)."""
    stocks = ApprovedStock._meta.db_table
    values = Value._meta.db_table
    ancestors = RollupPlace._meta.db_table
    indicator_ids = _stock_indicators(indicator_id)
    if not indicator_ids:
        return
    with connection.cursor() as cursor:
        for grain in STOCK_GRAINS:
            span = periods.SPAN[grain]
            buckets = sorted({m - m % span for m in months}) if months is not None else [None]
            for stock_id in indicator_ids:
                for bucket in buckets:
                    where, params = " AND indicator_id = %s", [stock_id]
                    if bucket is not None:
                        where += " AND period BETWEEN %s AND %s"
                        params += [bucket, bucket + span - 1]
                    if collective_id is not None:
                        where += " AND collective_id = %s"
                        params.append(collective_id)
                    stock_where = where.replace("period BETWEEN %s AND %s", "period = %s")
                    stock_params = [
                        p for i, p in enumerate(params) if not (bucket is not None and i == 2)
                    ]
                    cursor.execute(
                        f"DELETE FROM {stocks} WHERE grain = %s{stock_where}",  # noqa: S608
                        [grain, *stock_params],
                    )
                    # Each series' last approved value in the period (row_number 1, counted
                    # from the latest month), put under its ancestor at each level.
                    cursor.execute(
                        f"INSERT INTO {stocks} (indicator_id, grain, level, combination, "  # noqa: S608
                        "collective_id, place_id, period, total, n, early) "
                        "SELECT s.indicator_id, %s, a.level, s.combination_id, s.collective_id, "
                        "a.ancestor_id, s.bucket, SUM(s.value), COUNT(*), "
                        "SUM(CASE WHEN s.period < s.bucket + %s THEN 1 ELSE 0 END) "
                        "FROM (SELECT indicator_id, collective_id, organization_id, place_id, "
                        "combination_id, period, value, period - period %% %s AS bucket, "
                        "ROW_NUMBER() OVER (PARTITION BY collective_id, organization_id, "
                        "place_id, combination_id, period - period %% %s "
                        "ORDER BY period DESC) AS latest "
                        f"FROM {values} WHERE approved{where}) s "
                        f"JOIN {ancestors} a ON a.place_id = s.place_id "
                        "WHERE s.latest = 1 "
                        "GROUP BY s.indicator_id, a.level, s.combination_id, s.collective_id, "
                        "a.ancestor_id, s.bucket",
                        [grain, span - 1, span, span, *params],
                    )
                    cursor.execute(
                        f"INSERT INTO {stocks} (indicator_id, grain, level, combination, "  # noqa: S608
                        "collective_id, place_id, period, total, n, early) "
                        "SELECT indicator_id, grain, level, 0, collective_id, place_id, period, "
                        "SUM(total), SUM(n), SUM(early) "
                        f"FROM {stocks} WHERE grain = %s AND combination > 0{stock_where} "
                        "GROUP BY indicator_id, grain, level, collective_id, place_id, period",
                        [grain, *stock_params],
                    )


def refresh_totals(pairs: Iterable[tuple[int, int]], collective_id: int | None = None) -> None:
    """Recompute the approved totals of these (indicator id, month) pairs from the values
    (and, for stocks, the period ends; of one collective's values only, if given)."""
    months: dict[int, set[int]] = defaultdict(set)
    for indicator_id, period in pairs:
        months[indicator_id].add(period)
    if not months:
        return
    with transaction.atomic():
        if not _sync_tree():
            return
        stocks = set(_stock_indicators(None))
        for indicator_id, chosen in sorted(months.items()):
            _recompute(indicator_id, sorted(chosen))
            if indicator_id in stocks:
                _recompute_stocks(indicator_id, sorted(chosen), collective_id)


def rebuild_totals() -> None:
    """Recompute every approved total (after bulk loading values, or to check them)."""
    with transaction.atomic():
        if _sync_tree():
            _recompute(None, None)
            _recompute_stocks(None, None)


def set_approved(submission, approved: bool) -> int:
    """Mark a submission's values as counting (or no longer counting) and recompute the
    totals they fall in, in the caller's transaction."""
    with transaction.atomic():
        changing = Value.objects.filter(submission=submission, approved=not approved)
        pairs = set(changing.values_list("indicator_id", "period").distinct())
        count = changing.update(approved=approved)
        refresh_totals(pairs, submission.collective_id)
    return count


@receiver(pre_save, sender=Value)
def _value_before_save(sender, instance: Value, **kwargs) -> None:
    instance._rollup_before = (
        Value.objects.filter(pk=instance.pk, approved=True)
        .values_list("indicator_id", "period")
        .first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Value)
def _value_saved(sender, instance: Value, **kwargs) -> None:
    """A value written one by one (the admin, fixtures, tests): recompute what it touches."""
    pairs = set()
    before = getattr(instance, "_rollup_before", None)
    if before is not None:
        pairs.add(before)
    if instance.approved:
        pairs.add((instance.indicator_id, instance.period))
    refresh_totals(pairs)


@receiver(pre_delete, sender=Submission)
def _submission_before_delete(sender, instance: Submission, **kwargs) -> None:
    instance._rollup_pairs = set(
        Value.objects.filter(submission=instance, approved=True)
        .values_list("indicator_id", "period")
        .distinct()
    )


@receiver(post_delete, sender=Submission)
def _submission_deleted(sender, instance: Submission, **kwargs) -> None:
    refresh_totals(getattr(instance, "_rollup_pairs", ()))


@receiver(pre_save, sender=Indicator)
def _indicator_before_save(sender, instance: Indicator, **kwargs) -> None:
    instance._time_before = (
        Indicator.objects.filter(pk=instance.pk).values_list("time_aggregation", flat=True).first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Indicator)
def _indicator_saved(sender, instance: Indicator, **kwargs) -> None:
    """An indicator that becomes a stock (in the admin, say) gets its period ends at once;
    roll-ups read them from then on."""
    became_stock = instance.time_aggregation == TimeAggregation.LAST and (
        getattr(instance, "_time_before", None) != TimeAggregation.LAST
    )
    if became_stock and RollupState.objects.exists():
        with transaction.atomic():
            _recompute_stocks(instance.pk, None)
