"""The groups' figures of one indicator: ratios of their terms, means, sums less the
partners' overlapping claims."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from backbone.measurement.models import Adjustment, Aggregation
from backbone.measurement.rollups.context import _frozen, _group_key
from backbone.measurement.rollups.keys import Key
from backbone.measurement.rollups.stocks import _term
from backbone.measurement.rollups.sums import _bucket_span, _summary_level


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
