"""The row checks of the import pipeline: one row's indicator, place, period, organization,
value and categories, each refused with a reason, and the warnings against earlier values."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.interchange import periods
from backbone.interchange.cells import NO_FIGURE, parse_number
from backbone.interchange.problems import suggest
from backbone.lib.text import normalize_name
from backbone.measurement.models import Indicator, Unit
from backbone.measurement.services import combination_for

# What a longer period is made of, and how often an indicator of it is reported.
_PARTS = {
    periods.MONTHLY: gettext_lazy("months"),
    periods.QUARTERLY: gettext_lazy("quarters"),
    periods.ANNUAL: gettext_lazy("years"),
}
_EACH = {
    periods.MONTHLY: gettext_lazy("each month's figure"),
    periods.QUARTERLY: gettext_lazy("each quarter's figure"),
    periods.ANNUAL: gettext_lazy("each year's figure"),
}
_ADVERBS = {
    periods.QUARTERLY: gettext_lazy("quarterly"),
    periods.ANNUAL: gettext_lazy("annually"),
    periods.MONTHLY: gettext_lazy("monthly"),
}


class RowChecks:
    """RowWriter's checks of one row at a time (the slow path: every row the fast path
    passes on)."""

    def row(self, number: int, cells: list) -> None:  # noqa: C901 — one pass per row, by design
        if not any(cell not in (None, "") for cell in cells):
            return
        self._cells = cells
        catalogue = self.catalogue
        bad = len(self.problems)
        code = self.cell(cells, "indicator")
        indicator = catalogue.indicators.get(str(code or "").strip())
        if indicator is None:
            self.problem(
                number,
                "indicator",
                _("unknown indicator “%s”.") % (code or "")
                + suggest(code or "", catalogue.indicators),
            )
        elif indicator.is_ratio:
            self.problem(
                number,
                "indicator",
                _("%(code)s is computed from %(num)s and %(den)s; report those instead.")
                % {
                    "code": indicator.code,
                    "num": indicator.numerator.code,
                    "den": indicator.denominator.code,
                },
            )
            indicator = None
        place_text = str(self.cell(cells, "place") or "").strip()
        place = catalogue.place_names.find(place_text)
        if place is None:
            self.problem(number, "place", catalogue.place_names.refusal(place_text))
        period = self._period(number, self.cell(cells, "period"), indicator)
        if "organization" in self.columns:
            named = self.cell(cells, "organization")
            if named not in (None, "") and normalize_name(str(named)) not in self.org_names:
                self.problem(
                    number,
                    "organization",
                    _("“%(named)s” is not “%(org)s”, the organization this upload is for.")
                    % {"named": named, "org": self.organization.name},
                )
        raw = self.cell(cells, "value")
        value = None
        if raw is None or str(raw).strip().casefold() in NO_FIGURE:
            # No figure (suppressed, not applicable, empty): left out and counted, not refused.
            self.no_figure[str(raw or "").strip().casefold()] += 1
            if len(self.no_figure_rows) < 5:
                self.no_figure_rows.append(number)
            return
        else:
            value = parse_number(raw)
            if value is None:
                self.problem(number, "value", _("“%s” is not a number.") % raw)
        category_ids = []
        allowed_dimensions = catalogue.indicator_dimensions.get(indicator.pk) if indicator else ()
        for dimension_code, _index in self.dimension_columns:
            text = self.cell(cells, dimension_code)
            if text in (None, ""):
                continue
            category = catalogue.categories[dimension_code].get(str(text).casefold())
            if category is None and str(text).casefold() in catalogue.totals[dimension_code]:
                continue  # "all": a total over this dimension
            if category is None:
                self.problem(
                    number,
                    dimension_code,
                    _("unknown %(dimension)s category “%(text)s”.")
                    % {"dimension": dimension_code, "text": text}
                    + suggest(
                        str(text).casefold(),
                        catalogue.categories[dimension_code],
                    ),
                )
            elif indicator is not None and dimension_code not in allowed_dimensions:
                self.problem(
                    number,
                    dimension_code,
                    _("%(code)s is not reported by %(dimension)s.")
                    % {"code": indicator.code, "dimension": dimension_code},
                )
            else:
                category_ids.append(category)
        if indicator is not None and value is not None:
            if value < 0:
                self.problem(number, "value", _("a value cannot be negative."))
            elif indicator.unit == Unit.COUNT and value != int(value):
                self.problem(number, "value", _("a count must be a whole number."))
            elif indicator.unit == Unit.PERCENTAGE and value > 100:
                self.problem(number, "value", _("a percentage cannot be above 100."))
        if (
            indicator is not None
            and place is not None
            and not catalogue.place_allowed(indicator.pk, place.pk)
        ):
            self.problem(
                number,
                "indicator",
                _("you are not assigned to report %(code)s for %(place)s.")
                % {"code": indicator.code, "place": place.code},
            )
        if len(self.problems) > bad or indicator is None or place is None or period is None:
            return
        key = (indicator.pk, place.pk, period.start)
        if len(category_ids) < self.dimensions_present(indicator):
            total_key = (*key, tuple(sorted(category_ids)))
            if total_key in self.totals:
                self.problem(
                    number,
                    "value",
                    _("the same figure is already on row %s.") % self.totals[total_key][1],
                )
            else:
                self.totals[total_key] = (value, number, self.header("value"))
            return
        combo = combination_for(category_ids, self.combos)
        full_key = (indicator.pk, place.pk, period.start, combo)
        first = self.seen.get(full_key)
        if first is not None:
            self.problem(number, "value", _("the same figure is already on row %s.") % first)
            return
        self.seen[full_key] = number
        self.sums[key] += value
        self._check_history(number, indicator, combo, value)
        self._append(indicator.pk, place.pk, period.start, combo, value)

    def _period(self, number: int, cell: Any, indicator: Indicator | None) -> periods.Period | None:
        if hasattr(cell, "year") and hasattr(cell, "month"):
            period = periods.parse_date_cell(cell)
        else:
            text = str(cell if cell is not None else "").strip()
            if text not in self.periods:
                self.periods[text] = periods.parse(text)
            period = self.periods[text]
            if period is None:
                self.problem(
                    number,
                    "period",
                    _("“%s” is not a period; write 2025-01, 2025-Q1 or 2025.") % text,
                )
                return None
        catalogue = self.catalogue
        given = period
        coarser = (
            indicator is not None
            and periods.SPAN[period.frequency] > periods.SPAN[indicator.frequency]
        )
        if coarser and indicator.is_stock:
            # A stock (children in care on the last day) reported for a year is the figure
            # at the year's end: its last month (or quarter).
            period = periods.Period(
                periods.bucket(period.end, indicator.frequency), indicator.frequency
            )
        elif coarser:
            self.problem(
                number,
                "period",
                _(
                    "%(code)s adds up over time and is reported %(frequency)s: a figure for "
                    "%(period)s cannot be split into %(parts)s. Give %(each)s (%(first)s, "
                    "%(second)s, …), or ask the coordinator for an indicator reported "
                    "%(coarser)s."
                )
                % {
                    "code": indicator.code,
                    "frequency": indicator.get_frequency_display().lower(),
                    "period": period.code,
                    "parts": _PARTS[indicator.frequency],
                    "each": _EACH[indicator.frequency],
                    "first": periods.code_of(period.start, indicator.frequency),
                    "second": periods.code_of(
                        period.start + periods.SPAN[indicator.frequency], indicator.frequency
                    ),
                    "coarser": _ADVERBS[period.frequency],
                },
            )
            return None
        if indicator is not None and period.frequency != indicator.frequency:
            example = periods.code_of(period.start, indicator.frequency)
            self.problem(
                number,
                "period",
                _("%(code)s is reported %(frequency)s; write the period as %(example)s.")
                % {
                    "code": indicator.code,
                    "frequency": indicator.get_frequency_display().lower(),
                    "example": example,
                },
            )
            return None
        if given.end >= catalogue.current_month:
            self.problem(number, "period", _("%s has not ended yet.") % given.code)
            return None
        if catalogue.closed_through is not None and period.end <= catalogue.closed_through:
            self.problem(
                number, "period", _("%s is closed; no more values are taken for it.") % period.code
            )
            return None
        if given is not period:
            restated = self.restated.setdefault(indicator.code, [0, given.code, period.code])
            restated[0] += 1
        return period

    def _check_history(self, number: int, indicator: Indicator, combo: int, value: float) -> None:
        earlier = self.history.get((indicator.pk, combo))
        if earlier is None or earlier[1] < 3:
            return
        high = earlier[0]
        if value > 3 * high + 10:
            self.warn(
                number,
                "value",
                _("%(value)s is far above this organization's earlier values (at most %(high)s).")
                % {"value": _fmt(value), "high": _fmt(high)},
            )


def _fmt(number: float) -> str:
    return f"{number:g}" if number != int(number) else str(int(number))
