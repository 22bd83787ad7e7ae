"""An indicator as an IATI <result>: baselines, yearly periods with targets and approved
actuals, one actual per category of each dimension."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from backbone.interchange import periods
from backbone.measurement.exchange.iati_codes import (
    _KEY_OF_FREQUENCY,
    MEASURE,
    RESULT_TYPE,
    VOCABULARY_REPORTING_ORG,
)
from backbone.measurement.exchange.iati_xml import (
    _comment,
    _dimension,
    _narrative,
    _number,
    _sub,
    _title,
)
from backbone.measurement.models import (
    Category,
    Dimension,
    Direction,
    Indicator,
    Target,
    TargetKind,
    Unit,
)
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.selectors.targets import period_span, target_span, targets_in_force


@dataclass
class _Actual:
    value: float | None
    category: Category | None  # None: the total
    note: str = ""


def _result(indicator: Indicator, collective, scope, ctx, language: str) -> etree._Element:
    result = etree.Element("result", type=RESULT_TYPE.get(indicator.kind, "9"))
    _title(result, indicator, language)
    attributes = {"measure": MEASURE.get(indicator.unit, "1")}
    if indicator.direction != Direction.NEUTRAL:
        attributes["ascending"] = "1" if indicator.direction == Direction.UP else "0"
    element = _sub(result, "indicator", attributes)
    _title(element, indicator, language)
    _narrative(_sub(element, "description"), _indicator_text(indicator))
    # Set on the indicator only: IATI rule 8.11.1 allows a reference at one level.
    _sub(element, "reference", vocabulary=VOCABULARY_REPORTING_ORG, code=indicator.code)

    goals = _goals(indicator, collective)
    for goal in goals:
        value = _number(goal.value)
        if goal.kind != TargetKind.BASELINE or value is None:
            continue
        first = period_span(goal).first_day()
        baseline = _sub(
            element,
            "baseline",
            {"year": str(first.year), "iso-date": first.isoformat(), "value": value},
        )
        _dimension(baseline, goal.category)
        _comment(baseline, goal.note)

    targets = [g for g in goals if g.kind == TargetKind.TARGET and _number(g.value) is not None]
    figures = _Figures(indicator, collective, ctx)
    spans = {target_span(goal, indicator) for goal in targets} | figures.years()
    for span in sorted(spans):
        span_targets = [goal for goal in targets if target_span(goal, indicator) == span]
        actuals = [a for a in figures.at(span) if _number(a.value) is not None]
        if not span_targets and not actuals:
            continue  # e.g. a ratio whose denominator is 0 that year
        period = _sub(element, "period")
        _sub(period, "period-start", {"iso-date": span.first_day().isoformat()})
        _sub(period, "period-end", {"iso-date": span.last_day().isoformat()})
        for goal in span_targets:
            target = _sub(period, "target", value=_number(goal.value))
            _dimension(target, goal.category)
            _comment(target, goal.note)
        for item in actuals:
            actual = _sub(period, "actual", value=_number(item.value))
            _dimension(actual, item.category)
            _comment(actual, item.note)
    return result


def _indicator_text(indicator: Indicator) -> str:
    """What the indicator counts: its description, then the counting rule now in force."""
    lines = [indicator.localized_description.strip()]
    definitions = sorted(indicator.versions.all(), key=lambda version: version.number)
    if definitions:
        current = definitions[-1]
        lines.append(
            _("Counting rule (from %(date)s): %(rule)s")
            % {"date": current.effective_from.isoformat(), "rule": current.counting_rule.strip()}
        )
        if current.inclusion.strip():
            lines.append(_("Who is counted: %s") % current.inclusion.strip())
        if current.exclusion.strip():
            lines.append(_("Who is not counted: %s") % current.exclusion.strip())
    if indicator.unit == Unit.RATE and indicator.rate_per:
        # The measure says only "unit"; the reader needs the base of the rate.
        lines.append(_("Given per %s.") % f"{indicator.rate_per:,}")
    if indicator.data_source.strip():
        lines.append(_("Data source: %s") % indicator.data_source.strip())
    return "\n".join(line for line in lines if line) or indicator.name


def _goals(indicator: Indicator, collective) -> list[Target]:
    """The baselines and targets in force (`selectors.targets.targets_in_force`: one per
    period spoken for and subgroup, the nearest collective's), in the order the file lists
    them."""
    return sorted(
        targets_in_force(indicator, collective),
        key=lambda goal: (target_span(goal, indicator), _category_order(goal.category)),
    )


def _category_order(category: Category | None) -> tuple:
    if category is None:
        return ()  # the total before any subgroup
    dimension = category.dimension
    return (dimension.position, dimension.code, category.position, category.code)


class _Figures:
    """The indicator's approved roll-ups, fetched once per period grain: the total, then each
    category of each dimension, per period."""

    def __init__(self, indicator: Indicator, collective, ctx) -> None:
        self.indicator = indicator
        self.collective = collective
        self.ctx = ctx
        self.dimensions = _dimensions(indicator)
        self._by_grain: dict[str, dict[int, list[_Actual]]] = {}

    def years(self) -> set[periods.Period]:
        return {periods.Period(start, periods.ANNUAL) for start in self._grain(periods.ANNUAL)}

    def at(self, span: periods.Period) -> list[_Actual]:
        return self._grain(span.frequency).get(span.start, [])

    def _rollup(self, by: list[str]):
        return rollup(indicator=self.indicator, collective=self.collective, by=by, context=self.ctx)

    def _grain(self, frequency: str) -> dict[int, list[_Actual]]:
        if frequency in self._by_grain:
            return self._by_grain[frequency]
        key = f"period:{_KEY_OF_FREQUENCY[frequency]}"
        found: dict[int, list[_Actual]] = defaultdict(list)
        self._by_grain[frequency] = found
        try:
            total = self._rollup([key])
        except ValidationError:
            # A target finer than the indicator is reported (a quarter of an annual figure)
            # has no actual to compare with.
            return found
        # The roll-up says whether overlaps were subtracted anywhere; a row says where: its
        # claimed sum differs from its value. Only those periods get a note.
        deduplicated: set[int] = set()
        for row in total.rows:
            start = periods.parse(row["period"]).start
            claimed = row.get("claimed")
            note = ""
            if claimed is not None and claimed != row["value"]:
                deduplicated.add(start)
                note = _("Partners' overlapping claims are subtracted from %(claimed)s.") % {
                    "claimed": _number(claimed)
                }
            found[start].append(_Actual(row["value"], None, note))
        for dimension in self.dimensions:
            split = self._rollup([key, dimension.code])
            categories = {category.code: category for category in dimension.categories.all()}
            order = list(categories)
            rows = [row for row in split.rows if row[dimension.code] in categories]
            rows.sort(key=lambda row: order.index(row[dimension.code]))
            for row in rows:
                start = periods.parse(row["period"]).start
                note = " ".join(split.notes) if start in deduplicated else ""
                found[start].append(_Actual(row["value"], categories[row[dimension.code]], note))
        return found


def _dimensions(indicator: Indicator) -> list[Dimension]:
    """The dimensions the indicator can be split by: for a ratio, those of both its terms
    (the roll-up refuses any other)."""
    if indicator.is_ratio:
        shared = indicator.denominator.dimensions.values_list("pk", flat=True)
        return list(
            indicator.numerator.dimensions.filter(pk__in=list(shared)).prefetch_related(
                "categories"
            )
        )
    return list(indicator.dimensions.all())
