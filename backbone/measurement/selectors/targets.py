"""Baselines and targets in force for a collective's indicators."""

from __future__ import annotations

from backbone.interchange import periods
from backbone.measurement.models import Indicator, Target, TargetKind, TimeAggregation


def period_span(target: Target) -> periods.Period:
    """The target's period, aligned like roll-up buckets so it matches their figures."""
    return periods.Period(periods.bucket(target.period_start, target.frequency), target.frequency)


def target_span(target: Target, indicator: Indicator) -> periods.Period:
    """The period a target speaks for: the year, when it is the year's target.

    A target for the last month or quarter of a year ("1,500 children in institutions by
    December") is the year's target wherever the year's figure is a level rather than a sum
    of months: a stock taking its last value, or a ratio of two indicators. A flow's December
    target (placements in December) is not the year's placements, and a mid-year milestone is
    not the year's either: those keep their own period. A baseline keeps its own period."""
    own = period_span(target)
    if target.kind != TargetKind.TARGET or own.frequency == periods.ANNUAL:
        return own
    year = periods.Period(periods.bucket(own.start, periods.ANNUAL), periods.ANNUAL)
    level = indicator.is_ratio or indicator.time_aggregation == TimeAggregation.LAST
    return year if level and own.end == year.end else own


def targets_in_force_of(indicators, collective) -> dict[int, list[Target]]:
    """The baselines and targets that apply in this collective, per indicator, in one query:
    set by it or by a collective above it. Where several speak for the same period (see
    `target_span`: a stock's December target is its year's) and subgroup, the nearest
    collective's wins — the oblast's own year target over the national December one — and
    within one collective the target written for the year wins over one for its last quarter,
    and that over one for its last month. The pages, the dashboard and the IATI export all
    read them here, so they show the same target."""
    scope = [collective.pk, *collective.ancestor_ids()]
    rank = {pk: index for index, pk in enumerate(scope)}
    by_pk = {indicator.pk: indicator for indicator in indicators}

    def precedence(target: Target) -> tuple[int, int]:
        return rank[target.collective_id], -periods.SPAN[target.frequency]

    chosen: dict[tuple, Target] = {}
    found = Target.objects.filter(indicator__in=list(by_pk), collective_id__in=scope)
    for target in found.select_related("category__dimension"):
        span = target_span(target, by_pk[target.indicator_id])
        key = (target.indicator_id, target.kind, span, target.category_id)
        if key not in chosen or precedence(target) < precedence(chosen[key]):
            chosen[key] = target
    by_indicator: dict[int, list[Target]] = {pk: [] for pk in by_pk}
    for target in chosen.values():
        by_indicator[target.indicator_id].append(target)
    return by_indicator


def targets_in_force(indicator: Indicator, collective) -> list[Target]:
    return targets_in_force_of([indicator], collective)[indicator.pk]


def _by_period(targets, category=None) -> dict[str, dict[str, float]]:
    """period code → {"baseline": v, "target": v}, for everyone or for one subgroup."""
    wanted = category.pk if category else None
    found: dict[str, dict[str, float]] = {}
    for target in targets:
        if target.category_id == wanted:
            found.setdefault(target.period.code, {})[target.kind] = target.value
    return found


def _goals(indicator: Indicator, collective, category=None) -> dict[str, dict[str, float]]:
    return _by_period(targets_in_force(indicator, collective), category)


def _goals_of(indicators, collective) -> dict[int, dict[str, dict[str, float]]]:
    """_goals of each indicator (for everyone), in one query: indicator id → its _goals."""
    in_force = targets_in_force_of(indicators, collective)
    return {pk: _by_period(targets) for pk, targets in in_force.items()}
