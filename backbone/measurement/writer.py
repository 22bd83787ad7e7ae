"""The row-by-row checks of the import pipeline, and the batched writing of good rows.

Rows are written inside the caller's transaction while the file streams by; once any row has
a problem, writing stops (the caller rolls back) but checking goes on, so every problem of the
file is reported at once."""

from __future__ import annotations

import itertools
import math
import operator
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from django.db import connection
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backbone.interchange import periods
from backbone.interchange.cells import NO_FIGURE, parse_number
from backbone.interchange.problems import Problem, suggest
from backbone.lib.text import normalize_name
from backbone.lib.translation import translations
from backbone.measurement.checks import BATCH, MAX_PROBLEMS, MAX_WARNINGS, ROLES, Catalogue
from backbone.measurement.models import (
    Combination,
    Indicator,
    Unit,
    Value,
)
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


def _parts(ids) -> list[tuple[int, ...]]:
    """The proper, non-empty parts of a row's categories (sorted), which partial totals name:
    for (f, 0-4), (f,) and (0-4,). None for fewer than two categories."""
    ids = sorted(ids)
    return [part for size in range(1, len(ids)) for part in itertools.combinations(ids, size)]


class RowWriter:
    """Checks each row and writes the good ones in batches (rolled back if any is bad)."""

    def __init__(self, *, table, columns, catalogue: Catalogue, submission, organization, user):
        self.table = table
        self.catalogue = catalogue
        self.submission = submission
        self.organization = organization
        self.user = user
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rows = 0
        self.pairs: set[tuple[int, int]] = set()
        self.headers = table.headers
        self.columns = columns
        self.dimension_columns = [
            (code, index) for code, index in columns.items() if code not in ROLES
        ]
        self.seen: dict[tuple, int] = {}
        self.batch: list[tuple] = []
        # Rows that are totals over some dimension (a category left empty, or "all"): checks
        # against the rows they add up, or stored where the file has none finer.
        # (indicator, place, month, given category ids) → (value, row, column name)
        self.totals: dict[tuple[int, int, int, tuple[int, ...]], tuple[float, int, str]] = {}
        self.sums: dict[tuple[int, int, int], float] = defaultdict(float)
        self.present: dict[int, int] = {}  # indicator id → its dimensions the file has
        self.no_figure: Counter[str] = Counter()
        self.no_figure_rows: list[int] = []
        self.restated: dict[str, list] = {}  # indicator code → [count, example, stored as]
        self._cells: list | None = None  # the row being checked, for its column names
        self.combos: dict[str, int] = dict(Combination.objects.values_list("key", "id"))
        self.periods: dict[str, periods.Period | None] = {}
        self.history = self._history()
        # A file may name the organization in any of its languages.
        self.org_names = {
            *(normalize_name(n) for n in translations(organization, "name").values() if n),
            str(organization.pk),
        }

    def _history(self) -> dict[tuple[int, int], tuple[float, int]]:
        """Largest earlier approved value and count per indicator and cell, for warnings."""
        rows = (
            Value.objects.filter(
                organization=self.organization,
                collective=self.submission.collective,
                approved=True,
            )
            .values("indicator_id", "combination_id")
            .annotate(high=Max("value"), n=Count("id"))
        )
        return {(r["indicator_id"], r["combination_id"]): (r["high"], r["n"]) for r in rows}

    def header(self, role: str) -> str:
        label_at = self.table.label_at
        if label_at is not None and role in ("period", "value") and self._cells is not None:
            return self._cells[label_at]  # periods across: the column the figure is in
        index = self.columns[role]
        return self.headers[index] or (self.table.tags[index] if self.table.tags else role)

    def dimensions_present(self, indicator: Indicator) -> int:
        """How many of the indicator's dimensions the file has a column for: a row giving
        fewer categories is a total over the others."""
        count = self.present.get(indicator.pk)
        if count is None:
            own = self.catalogue.indicator_dimensions.get(indicator.pk, set())
            count = self.present[indicator.pk] = sum(
                1 for code, _index in self.dimension_columns if code in own
            )
        return count

    def problem(self, row: int, role: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, self.header(role) if role else None, message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                Problem(None, None, _("More problems follow; fix these and upload again."))
            )

    def warn(self, row: int, role: str, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(Problem(row, self.header(role) if role else None, message))

    def run(self) -> None:
        fast = self._fast_path()
        row = self.row
        problems = self.problems
        for number, cells in self.table.rows:
            if not fast(number, cells):
                row(number, cells)
                if len(problems) > MAX_PROBLEMS:
                    # The person has a thousand things to fix already: reading the rest of a
                    # large file would only keep them waiting for the same answer.
                    return
        self._cells = None
        self._settle_totals()
        self._summarize()
        self.flush()

    def _fast_path(self):  # noqa: C901 — the hot loop of every upload, kept in one closure
        """row() for the common case, in a fraction of the time: a file of text cells whose
        every indicator, place, period, organization and category text has already been found
        good, holding a fresh figure. Each distinct text is checked once, with the same rules
        as row(); the row's value is checked each time. For anything else (an unknown code, an
        odd value, a total, a duplicate, a short row) it returns False having changed nothing,
        and row() does the work and says what is wrong."""
        columns = self.columns
        catalogue = self.catalogue
        at_indicator = columns["indicator"]
        at_place = columns["place"]
        at_period = columns["period"]
        at_value = columns["value"]
        at_organization = columns.get("organization")
        dimension_codes = [code for code, _index in self.dimension_columns]
        dimension_indexes = [index for _code, index in self.dimension_columns]
        width = max(columns.values()) + 1
        if len(dimension_indexes) > 1:
            dimension_cells = operator.itemgetter(*dimension_indexes)
        elif dimension_indexes:
            only = dimension_indexes[0]

            def dimension_cells(cells):
                return (cells[only],)
        else:

            def dimension_cells(cells):
                return ()

        org_names = self.org_names
        history = self.history
        seen = self.seen
        sums = self.sums
        pairs = self.pairs
        batch = self.batch
        problems = self.problems
        current_month = catalogue.current_month
        closed_through = catalogue.closed_through
        count_unit, percentage_unit = Unit.COUNT, Unit.PERCENTAGE
        infinity = math.inf

        indicators: dict[str, list | None] = {}
        places: dict[str, int | None] = {}
        organizations: dict[str, bool] = {}

        def indicator_of(text):
            """[indicator, id, whole numbers only, at most 100, {period text: (month,
            (id, month)) or None}, {dimension cells: [combination id or None, category ids,
            warning threshold] or None}, {place id: assigned}]"""
            found = None
            if type(text) is str:
                indicator = catalogue.indicators.get(text.strip())
                if indicator is not None and not indicator.is_ratio:
                    found = [
                        indicator,
                        indicator.pk,
                        indicator.unit == count_unit,
                        indicator.unit == percentage_unit,
                        {},
                        {},
                        {},
                    ]
            indicators[text] = found
            return found

        def place_of(text):
            found = None
            if type(text) is str:
                place = catalogue.place_names.find(text)
                found = place.pk if place is not None else None
            places[text] = found
            return found

        def month_of(info, text):
            found = None
            if type(text) is str:
                period = periods.parse(text.strip())
                if (
                    period is not None
                    and period.frequency == info[0].frequency
                    and period.end < current_month
                    and (closed_through is None or period.end > closed_through)
                ):
                    found = (period.start, (info[1], period.start))
            info[4][text] = found
            return found

        def cell_of(info, texts):
            """[combination id or None, category ids, warning threshold]"""
            found = None
            if all(type(text) is str for text in texts):
                allowed = catalogue.indicator_dimensions.get(info[1])
                ids = []
                for code, text in zip(dimension_codes, texts, strict=True):
                    text = text.strip()
                    if text == "":
                        continue
                    category = catalogue.categories[code].get(text.casefold())
                    if category is None or code not in allowed:
                        ids = None
                        break
                    ids.append(category)
                # A total over any dimension goes to row().
                if ids is not None and len(ids) == self.dimensions_present(info[0]):
                    found = [None, ids, infinity]
            info[5][texts] = found
            return found

        def organization_ok(text):
            found = False
            if type(text) is str:
                named = text.strip()
                found = named == "" or normalize_name(named) in org_names
            organizations[text] = found
            return found

        def fast(number: int, cells: list) -> bool:
            if len(cells) < width:  # a blank row has no indicator: row() passes over it
                return False
            text = cells[at_indicator]
            info = indicators.get(text, False)
            if info is False:
                info = indicator_of(text)
            if info is None:
                return False
            text = cells[at_place]
            place_id = places.get(text, False)
            if place_id is False:
                place_id = place_of(text)
            if place_id is None:
                return False
            text = cells[at_period]
            month = info[4].get(text, False)
            if month is False:
                month = month_of(info, text)
            if month is None:
                return False
            if at_organization is not None:
                text = cells[at_organization]
                ok = organizations.get(text)
                if ok is None:
                    ok = organization_ok(text)
                if not ok:
                    return False
            text = cells[at_value]
            if type(text) is not str:
                return False
            try:
                value = float(text)  # what parse_number gives, when float() takes the text
            except ValueError:
                return False
            if (
                value < 0
                or value - value != 0  # not finite
                or (info[2] and value != int(value))
                or (info[3] and value > 100)
            ):
                return False
            texts = dimension_cells(cells)
            cell = info[5].get(texts, False)
            if cell is False:
                cell = cell_of(info, texts)
            if cell is None:
                return False
            indicator_id = info[1]
            if catalogue.allowed is not None:
                assigned = info[6].get(place_id)
                if assigned is None:
                    assigned = info[6][place_id] = catalogue.place_allowed(indicator_id, place_id)
                if not assigned:
                    return False
            combo = cell[0]
            if combo is None:
                combo = cell[0] = combination_for(cell[1], self.combos)
                earlier = history.get((indicator_id, combo))
                if earlier is not None and earlier[1] >= 3:
                    cell[2] = 3 * earlier[0] + 10
            start, pair = month
            if seen.setdefault((indicator_id, place_id, start, combo), number) != number:
                return False  # the same figure twice: row() says where
            sums[(indicator_id, place_id, start)] += value
            if value > cell[2]:
                self._check_history(number, info[0], combo, value)
            if not problems:
                pairs.add(pair)
                batch.append((indicator_id, place_id, start, combo, value))
                if len(batch) >= BATCH:
                    self.flush()
            return True

        return fast

    def cell(self, cells: list, role: str) -> Any:
        index = self.columns[role]
        value = cells[index] if index < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
        return value

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

    def _settle_totals(self) -> None:
        """A total row beside the rows it adds up is a check, not a second figure; a total
        the file holds nothing finer for is stored as it is (the figure not split further).
        The most detailed totals first: one stored counts in the sums of the coarser ones."""
        part_sums = self._part_sums()
        for key in sorted(self.totals, key=lambda k: -len(k[3])):
            value, number, label = self.totals[key]
            cell, given = key[:3], key[3]
            finer = part_sums.get(key) if given else self.sums.get(cell)
            if finer is not None:
                differs = not math.isclose(finer, value, rel_tol=1e-9, abs_tol=1e-9)
                if differs and len(self.warnings) < MAX_WARNINGS:
                    self.warnings.append(
                        Problem(
                            number,
                            label,
                            _(
                                "the total %(total)s differs from the sum of its "
                                "disaggregations (%(sum)s); the disaggregated values were kept."
                            )
                            % {"total": _fmt(value), "sum": _fmt(finer)},
                        )
                    )
                continue
            combo = combination_for(given, self.combos)
            self.sums[cell] += value
            for part in _parts(given):
                part_sums[(*cell, part)] = part_sums.get((*cell, part), 0.0) + value
            self._append(cell[0], cell[1], cell[2], combo, value)

    def _part_sums(self) -> dict[tuple[int, int, int, tuple[int, ...]], float]:
        """For the partial totals (some categories given, others left as "all"), the sum of
        the fully disaggregated figures having their categories, read back from what was
        written: the file's hot loop keeps no more than one sum per cell for them."""
        partial = [key for key in self.totals if key[3]]
        if not partial or self.problems:
            return {}
        self.flush()
        cells = {key[:3] for key in partial}
        wanted = {key[3] for key in partial}
        values = Value.objects.filter(
            submission=self.submission,
            indicator_id__in={c[0] for c in cells},
            place_id__in={c[1] for c in cells},
            period__in={c[2] for c in cells},
        ).values_list("indicator_id", "place_id", "period", "combination_id", "value")
        rows = [row for row in values if row[:3] in cells]
        categories: dict[int, set[int]] = defaultdict(set)
        through = Combination.categories.through.objects.filter(
            combination_id__in={row[3] for row in rows}
        )
        for combination_id, category_id in through.values_list("combination_id", "category_id"):
            categories[combination_id].add(category_id)
        sums: dict[tuple[int, int, int, tuple[int, ...]], float] = {}
        for indicator_id, place_id, period, combination_id, value in rows:
            for part in _parts(categories[combination_id]):
                if part in wanted:
                    key = (indicator_id, place_id, period, part)
                    sums[key] = sums.get(key, 0.0) + value
        return sums

    def _summarize(self) -> None:
        """One line each for what was left out or restated, rather than one a row."""
        if self.no_figure:
            markers = ", ".join(
                f"“{marker}” {count}" if marker else _("empty %s") % count
                for marker, count in self.no_figure.most_common()
            )
            rows = ", ".join(str(n) for n in self.no_figure_rows)
            self.warnings.insert(
                0,
                Problem(
                    None,
                    None,
                    ngettext(
                        "%(n)s cell held no figure (%(markers)s); its row was left out "
                        "(row %(rows)s).",
                        "%(n)s cells held no figure (%(markers)s); their rows were left out "
                        "(first on rows %(rows)s).",
                        self.no_figure.total(),
                    )
                    % {"n": self.no_figure.total(), "markers": markers, "rows": rows},
                ),
            )
        for code, (count, example, stored) in self.restated.items():
            self.warnings.insert(
                0,
                Problem(
                    None,
                    None,
                    ngettext(
                        "%(n)s figure of %(code)s is for a longer period than the indicator "
                        "is reported for; as a stock it is stored as the figure at the "
                        "period's end (%(example)s as %(stored)s).",
                        "%(n)s figures of %(code)s are for a longer period than the indicator "
                        "is reported for; as a stock each is stored as the figure at its "
                        "period's end (%(example)s as %(stored)s).",
                        count,
                    )
                    % {"n": count, "code": code, "example": example, "stored": stored},
                ),
            )

    def _append(self, indicator_id, place_id, period, combo, value) -> None:
        if self.problems:
            return  # keep checking the rest of the file, but stop writing
        self.pairs.add((indicator_id, period))
        self.batch.append((indicator_id, place_id, period, combo, value))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch or self.problems:
            return
        self.rows += len(self.batch)
        write_values(self.submission, self.batch)
        self.batch.clear()  # in place: the fast path holds on to this list


def write_values(submission, rows: list[tuple]) -> None:
    """Write checked values — (indicator, place, period, combination, value) each — as the
    unapproved values of one submission."""
    table = Value._meta.db_table
    names = (
        "submission_id, collective_id, organization_id, indicator_id, place_id, period, "
        "combination_id, value, approved"
    )
    constants = (
        int(submission.pk),
        int(submission.collective_id),
        int(submission.organization_id),
    )
    if connection.vendor == "postgresql":
        # COPY takes rows several times faster than INSERT, even batched.
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((*constants, *row, False))
        return
    connection.ensure_connection()
    # SQLite: many rows a statement — half the time of one statement a row (executemany) on
    # the benchmark's table — with the three columns every row shares written into it. The
    # statement goes to sqlite3 itself, in its own "?" style: Django's cursor would rewrite
    # every "%s" of a 200 KB statement (0.8 s of a 5.9 s million-row upload). See README.
    one = "({}, {}, {}, ?, ?, ?, ?, ?, 0)".format(*constants)
    per_statement = max(1, _sqlite_variables() // 5)
    database = connection.connection
    with connection.wrap_database_errors:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            database.execute(
                f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 — ints and placeholders
                + ", ".join([one] * len(chunk)),
                list(itertools.chain.from_iterable(chunk)),
            )


def _sqlite_variables() -> int:
    """How many placeholders one SQLite statement may hold."""
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _fmt(number: float) -> str:
    return f"{number:g}" if number != int(number) else str(int(number))
