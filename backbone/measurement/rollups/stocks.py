"""Stocks over time (the last or the average value of each series in a period), and an
indicator's term: its figures per group, following its aggregation over time."""

from __future__ import annotations

from django.utils.translation import ngettext

from backbone.interchange import periods
from backbone.measurement.models import ApprovedStock, Indicator, TimeAggregation
from backbone.measurement.rollups.context import _grouper
from backbone.measurement.rollups.keys import Key
from backbone.measurement.rollups.sums import _add_up, _bucket_span, _facts, _sum_rollup


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
