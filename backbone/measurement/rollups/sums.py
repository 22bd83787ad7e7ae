"""Sums of approved values per group, read from the values or from the kept totals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Count, F, Sum
from django.db.models.functions import Mod

from backbone.interchange import periods
from backbone.measurement.models import ApprovedTotal, Value
from backbone.measurement.rollups.context import _Context, _frozen, _grouper
from backbone.measurement.rollups.keys import Key, KeySpec


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
