"""Tables out: stored values (CSV, XLSX, HXL), upload templates, errors files, and the
tables behind each chart. A table is headers + rows; writers turn it into bytes."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from backbone.lib.text import xml_safe
from backbone.measurement import periods
from backbone.measurement.checks import dimension_tag
from backbone.measurement.models import Dimension, Indicator, IndicatorVersion, Value
from backbone.measurement.readers import read_table
from backbone.measurement.rollups import combination_categories
from backbone.network.models import Organization

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "hxl": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Sheet:
    headers: list[str]
    rows: Iterable[Sequence]
    tags: list[str] | None = None


# A text cell starting with one of these is taken for a formula by Excel, LibreOffice and
# Google Sheets (`=HYPERLINK(…)` sends a reader's data away); tab and carriage return hide it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(cell):
    """A cell as Backbone writes it into any CSV or HXL file: text that a spreadsheet would
    run as a formula gets a leading apostrophe (OWASP's advice); numbers stay numbers, so a
    negative figure is written as it is. Control characters stored before they were refused
    are dropped (a NUL stops many CSV readers), before the formula check they could hide."""
    if type(cell) is str:
        cell = xml_safe(cell)
        return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
    if cell is None:
        return ""
    return cell


def write(sheet: Sheet, fmt: str) -> bytes:
    """Every table Backbone hands out (exports, templates, errors files, chart tables) is
    written here, so that what users typed never runs as a formula in a spreadsheet."""
    if fmt == "xlsx":
        return _xlsx(sheet)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_text(cell) for cell in sheet.headers])
    if fmt == "hxl" and sheet.tags:
        writer.writerow(sheet.tags)
    writer.writerows([safe_text(cell) for cell in row] for row in sheet.rows)
    return out.getvalue().encode("utf-8")


def _xlsx(sheet: Sheet) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("values")

    def cells(row: Sequence) -> list:
        out = []
        for value in row:
            if type(value) is str:
                # A string cell, never a formula, whatever it starts with; characters XML
                # cannot hold (control characters stored before they were refused) dropped.
                cell = WriteOnlyCell(worksheet, value=xml_safe(value))
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(value)
        return out

    worksheet.append(cells(sheet.headers))
    for row in sheet.rows:
        worksheet.append(cells(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _dimensions_for(collective) -> list[Dimension]:
    scope = [collective.pk, *collective.ancestor_ids()]
    return list(Dimension.objects.filter(collective_id__in=scope))


def values_sheet(collective, *, status: str | None = None, organization=None) -> Sheet:
    """One row per stored value: indicator, place, period, organization, dimensions, value,
    status, and the version of the indicator's definition the value was counted by. For one
    organization, it is a file that organization can upload again as it is."""
    dimensions = _dimensions_for(collective)
    combos = combination_categories()
    # By indicator, not by code: codes are unique only within a collective, and another
    # collective's redefinition of its own "in_care" says nothing of this one's.
    starts: dict[int, list[tuple[int, int]]] = {}  # indicator → [(first period, version)]
    versions = IndicatorVersion.objects.filter(
        indicator__collective_id__in=[*collective.tree_ids(), *collective.ancestor_ids()]
    ).select_related("indicator")
    for version in versions.order_by("number"):
        frequency = version.indicator.frequency
        starts.setdefault(version.indicator_id, []).append(
            (periods.bucket(version.effective_month, frequency), version.number)
        )

    def definition(indicator_id: int, period: int) -> int:
        number = 1
        for first, version in starts.get(indicator_id, ()):
            if first <= period:
                number = version
        return number

    queryset = Value.objects.filter(collective_id__in=collective.tree_ids())
    if status == "approved":
        queryset = queryset.filter(approved=True)
    elif status:
        queryset = queryset.filter(submission__status=status)
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    queryset = queryset.values_list(
        "indicator_id",
        "indicator__code",
        "indicator__frequency",
        "place__code",
        "period",
        "organization_id",
        "combination_id",
        "value",
        "submission__status",
        "approved",
    ).order_by("indicator__code", "period", "place__code", "organization__name", "combination_id")

    # Names in the reader's language, with the fallback a page shows (a join would read one
    # language's column, empty where that name was never entered).
    org_names = {
        o.pk: o.name for o in Organization.objects.filter(collective_id__in=collective.tree_ids())
    }

    def rows() -> Iterator[list]:
        for row in queryset.iterator(chunk_size=5000):
            indicator_id, code, frequency, place, period, org, combo, value, state, approved = row
            cells = combos.get(combo, {})
            yield [
                code,
                place,
                periods.code_of(period, frequency),
                org_names.get(org, org),
                *(cells.get(d.code, "") for d in dimensions),
                _number(value),
                "approved" if approved else state,
                definition(indicator_id, period),
            ]

    return Sheet(
        headers=["indicator", "place", "period", "organization", *(d.code for d in dimensions),
                 "value", "status", "definition_version"],
        rows=rows(),
        tags=["#indicator+code", "#loc+code", "#date+period", "#org+name",
              *(dimension_tag(d) for d in dimensions), "#indicator+value", "#status",
              "#meta+definition"],
    )  # fmt: skip


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def template_sheet(*, indicators: Sequence[Indicator], places: Sequence, period: int) -> Sheet:
    """A template already filled with codes: one row per indicator, place and category cell.
    Each place's name stands beside its code, in the reader's language, for the person filling
    it in; an upload passes over that column."""
    dimension_codes: list[str] = []
    for indicator in indicators:
        for dimension in indicator.dimensions.all():
            if dimension.code not in dimension_codes:
                dimension_codes.append(dimension.code)

    def rows() -> Iterator[list]:
        for indicator in indicators:
            if indicator.is_ratio:
                continue
            own = list(indicator.dimensions.all())
            grids = [[c.code for c in d.categories.all()] for d in own]
            code = periods.code_of(periods.bucket(period, indicator.frequency), indicator.frequency)
            for place in places:
                for cell in itertools.product(*grids):
                    by_dimension = dict(zip((d.code for d in own), cell, strict=True))
                    yield [
                        indicator.code,
                        place.code,
                        place.localized_name,
                        code,
                        *(by_dimension.get(d, "") for d in dimension_codes),
                        "",
                    ]

    headers = ["indicator", "place", "place name", "period", *dimension_codes, "value"]
    return Sheet(headers=headers, rows=rows())


def errors_sheet(
    file_name: str,
    stream,
    problems,
    *,
    only_problem_rows: bool = False,
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> Sheet:
    """The uploaded table again (the sheet and header row it was read with), with a column
    saying what is wrong on each row; or, for a large file, only the rows with problems, each
    with its row number."""
    table = read_table(file_name, stream, sheet=sheet, header_row=header_row)
    by_row: dict[int, list[str]] = {}
    general = []
    for problem in problems:
        if problem.row is None:
            general.append(str(problem))
        else:
            by_row.setdefault(problem.row, []).append(
                f"{problem.column}: {problem.message}" if problem.column else problem.message
            )
    last = max(by_row, default=0)

    def rows() -> Iterator[list]:
        lead = [""] if only_problem_rows else []
        if general:
            yield [*lead, *([""] * len(table.headers)), " ".join(general)]
        for number, cells in table.rows:
            found = by_row.get(number)
            if only_problem_rows:
                if found:
                    yield [number, *("" if c is None else c for c in cells), "; ".join(found)]
                if number >= last:
                    return  # nothing further to report: the rest of the file is not read
            else:
                yield [*("" if c is None else c for c in cells), "; ".join(found or [])]

    headers = [*table.headers, "errors"]
    return Sheet(headers=["row", *headers] if only_problem_rows else headers, rows=rows())
