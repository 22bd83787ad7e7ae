"""Baselines and targets in force for a collective's indicators."""

from __future__ import annotations

from backbone.measurement.models import Indicator, Target


def targets_in_force_of(indicators, collective) -> dict[int, list[Target]]:
    """The baselines and targets that apply in this collective, per indicator, in one query:
    set by it or by a collective above it; where several set one of the same kind for the
    same period and subgroup, the nearest collective's wins (the oblast's own target over the
    national one). The pages and the IATI export all read them here."""
    scope = [collective.pk, *collective.ancestor_ids()]
    rank = {pk: index for index, pk in enumerate(scope)}
    chosen: dict[tuple, Target] = {}
    found = Target.objects.filter(
        indicator__in=[i.pk for i in indicators], collective_id__in=scope
    ).select_related("category__dimension")
    for target in found:
        key = (
            target.indicator_id, target.kind, target.period_start, target.frequency,
            target.category_id,
        )  # fmt: skip
        if key not in chosen or rank[target.collective_id] < rank[chosen[key].collective_id]:
            chosen[key] = target
    by_indicator: dict[int, list[Target]] = {i.pk: [] for i in indicators}
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
