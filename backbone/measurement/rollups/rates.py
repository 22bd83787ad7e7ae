"""Rates per population: counts set against the population of their places."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backbone.measurement.models import Aggregation, Indicator
from backbone.measurement.rollups.compute import _compute
from backbone.measurement.rollups.keys import Key, KeySpec


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
    from backbone.measurement.populations.table import DEFAULT_RATE_PER, PopulationTable

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
