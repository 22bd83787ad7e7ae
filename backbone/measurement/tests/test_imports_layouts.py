"""Real published tables get in, or are refused saying exactly why: a workbook's sheet and
header row, periods across, no-figure markers, longer periods, totals, other place codes."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from backbone.interchange import periods
from backbone.interchange.readers import read_table
from backbone.interchange.tables import UnreadableFile
from backbone.measurement import services
from backbone.measurement.models import Submission, Value
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.testing import csv_file
from backbone.network.models import Place

HERE = Path(__file__).resolve().parent / "data"
MONTH = periods.month_index


def _import(world, stream, *, name="values.csv", **kwargs):
    return import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name=name,
        stream=stream,
        **kwargs,
    )


def _refused(world, stream, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        _import(world, stream, **kwargs)
    assert Value.objects.count() == 0 and Submission.objects.count() == 0
    return [str(p) for p in caught.value.problems]


def _workbook(sheets: dict[str, list[list]]) -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return io.BytesIO(out.getvalue())


CONTENTS = [["Children in care, 2025"], ["Table 1: social workers by oblast"], ["Source: test"]]
WIDE = [
    ["Table 1: social workers by oblast, 2025"],
    [],
    ["indicator", "place", "2025-01", "2025-02", "2025-03"],
    ["workers", "UA-46", 5, 6, "-"],
    ["workers", "UA-63", 7, "..", 9],
]


def test_workbook_whose_first_sheet_has_no_table_is_refused_listing_its_sheets(measure, world):
    problems = _refused(world, _workbook({"Contents": CONTENTS, "Data": WIDE}), name="s.xlsx")
    assert problems == [
        "The sheet “Contents” holds no table of figures. Choose the sheet that does: "
        "1 “Contents”, 2 “Data”."
    ]


def test_sheet_is_chosen_by_name_or_number_and_title_rows_are_skipped(measure, world):
    for sheet in ("Data", "data", 2, "2"):
        table = read_table("s.xlsx", _workbook({"Contents": CONTENTS, "Data": WIDE}), sheet=sheet)
        assert table.sheet == "Data" and table.header_row == 3
        assert table.headers[:3] == ["indicator", "place", "2025-01"]
    with pytest.raises(UnreadableFile) as caught:
        read_table("s.xlsx", _workbook({"Contents": CONTENTS}), sheet="Daten")
    assert str(caught.value) == "The workbook has no sheet “Daten”; its sheets are 1 “Contents”."


def test_wide_table_on_a_second_sheet_imports_with_periods_across(measure, world):
    result = _import(
        world,
        _workbook({"Contents": CONTENTS, "Data": WIDE}),
        name="s.xlsx",
        sheet="Data",
        periods_across=True,
    )
    stored = sorted(Value.objects.values_list("place__code", "period", "value"))
    assert stored == [
        ("UA-46", MONTH(2025, 1), 5),
        ("UA-46", MONTH(2025, 2), 6),
        ("UA-63", MONTH(2025, 1), 7),
        ("UA-63", MONTH(2025, 3), 9),
    ]
    assert result.rows == 4 and result.no_figure == 2
    assert str(result.warnings[0]) == (
        "2 cells held no figure (“-” 1, “..” 1); their rows were left out (first on rows 4, 5)."
    )


def test_wide_table_without_saying_so_names_the_period_headers(measure, world):
    problems = _refused(world, _workbook({"Data": WIDE}), name="w.xlsx")
    assert problems[0] == (
        "column 2025-01: this header is a period: if the columns across are periods, each "
        "holding that period's figures, say so (“periods across”)."
    )


def test_a_problem_in_a_wide_table_names_the_period_column(measure, world):
    rows = [["indicator", "place", "2025", "2099"], ["workers", "UA-46", 4, 5]]
    problems = _refused(world, csv_file(rows[1:], rows[0]), periods_across=True)
    assert problems == [
        "row 2, column 2025: workers adds up over time and is reported monthly: a figure for "
        "2025 cannot be split into months. Give each month's figure (2025-01, 2025-02, …), or "
        "ask the coordinator for an indicator reported annually.",
        "row 2, column 2099: workers adds up over time and is reported monthly: a figure for "
        "2099 cannot be split into months. Give each month's figure (2099-01, 2099-02, …), or "
        "ask the coordinator for an indicator reported annually.",
    ]


def test_header_row_can_be_stated(measure, world):
    rows = [["a note", "with two cells", "", ""], ["indicator", "place", "period", "value"]]
    rows.append(["workers", "UA-46", "2025-01", "3"])
    result = _import(world, csv_file(rows), header_row=2)
    assert result.rows == 1


def test_csv_title_rows_above_the_header_are_skipped(measure, world):
    rows = [
        ["Social workers, 2025"],
        [],
        ["indicator", "place", "period", "value"],
        ["workers", "UA-46", "2025-01", "3"],
        ["workers", "UA-46", "2025-02", "x"],
    ]
    result = _import(world, csv_file(rows))
    assert result.rows == 1 and result.no_figure == 1
    assert str(result.warnings[0]).endswith("(row 5).")


def test_stock_reported_for_a_year_is_stored_at_its_last_month(measure, world):
    rows = [
        {"indicator": "foster-active", "place": "UA-46", "period": "2024", "value": "40"},
        {"indicator": "foster-active", "place": "UA-63", "period": "2025-Q1", "value": "12"},
    ]
    result = _import(world, csv_file(rows))
    assert sorted(Value.objects.values_list("place__code", "period", "value")) == [
        ("UA-46", MONTH(2024, 12), 40),
        ("UA-63", MONTH(2025, 3), 12),
    ]
    assert str(result.warnings[0]) == (
        "2 figures of foster-active are for a longer period than the indicator is reported "
        "for; as a stock each is stored as the figure at its period's end (2024 as 2024-12)."
    )


def test_stock_year_figure_beside_its_december_figure_is_a_duplicate(measure, world):
    rows = [
        {"indicator": "foster-active", "place": "UA-46", "period": "2024", "value": "40"},
        {"indicator": "foster-active", "place": "UA-46", "period": "2024-12", "value": "41"},
    ]
    assert _refused(world, csv_file(rows)) == [
        "row 3, column value: the same figure is already on row 2."
    ]


def test_hxl_all_and_a_span_of_age_bands_are_totals_checked_against_their_parts(measure, world):
    text = (
        "Indicator,Oblast,Month,Gender,Age,Children\n"
        "#indicator+code,#adm1+code,#date,#gender+code,#age+range,#indicator+value\n"
        "in-care,UA-46,2025-03,a,ALL,12\n"
        "in-care,UA-46,2025-03,f,0-17,5\n"
        "in-care,UA-46,2025-03,m,0-17,6\n"
        "in-care,UA-46,2025-03,f,0-4,2\n"
        "in-care,UA-46,2025-03,f,5-17,3\n"
        "in-care,UA-46,2025-03,m,0-4,4\n"
        "in-care,UA-46,2025-03,m,5-17,2\n"
        "in-care,UA-46,2025-03,all,0-4,6\n"
    )
    result = _import(world, io.BytesIO(text.encode()))
    # Only the four disaggregated figures are stored; the totals are checks.
    assert result.rows == 4
    assert sorted(Value.objects.values_list("value", flat=True)) == [2, 2, 3, 4]
    assert [str(w) for w in result.warnings] == [
        "row 3, column Children: the total 12 differs from the sum of its disaggregations "
        "(11); the disaggregated values were kept."
    ]


def test_partial_total_with_nothing_finer_is_stored_as_given(measure, world):
    rows = [
        {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "all", "value": "5"},
        {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "m", "age": "", "value": "6"},
    ]  # fmt: skip
    result = _import(world, csv_file(rows))
    assert result.rows == 2
    keys = sorted(Value.objects.values_list("combination__key", "value"))
    assert [value for _key, value in keys] == [5, 6]


def test_places_are_found_by_any_of_their_other_codes(measure, world):
    measure.country.codes = {"iso3166-1": "UA"}
    measure.country.save(update_fields=["codes"])
    measure.lviv.codes = {"katottg": "UA46000000000026241", "ocha": "UA46"}
    measure.lviv.save(update_fields=["codes"])
    rows = [
        {"indicator": "workers", "place": "UA46000000000026241", "period": "2025-01", "value": "1"},
        {"indicator": "workers", "place": "ua46", "period": "2025-02", "value": "2"},
        {"indicator": "workers", "place": "Львівська область", "period": "2025-03", "value": "3"},
    ]
    _import(world, csv_file(rows))
    assert set(Value.objects.values_list("place__code", flat=True)) == {"UA-46"}


def test_hxl_header_with_a_byte_order_mark_can_be_named_in_the_mapping(measure, world):
    text = (
        "\ufeffREGION,Indicator,Month,Children\n"
        "#loc,#indicator+code,#date,#indicator+value\n"
        "UA-46,workers,2025-03,2\n"
    )
    table = read_table("b.csv", io.BytesIO(text.encode()))
    assert table.headers[0] == "REGION"
    result = _import(world, io.BytesIO(text.encode()), mapping={"place": "REGION"})
    assert result.rows == 1


def test_a_period_for_every_row_when_the_file_has_no_period_column(measure, world):
    rows = [{"indicator": "workers", "place": "UA-46", "value": "3"}]
    result = _import(world, csv_file(rows), fixed={"period": "2025-02"})
    assert result.rows == 1
    assert Value.objects.get().period == MONTH(2025, 2)


@pytest.mark.parametrize("blanks", [2, 3])
def test_headerless_columns_are_told_apart_by_position(measure, world, blanks):
    """Two and three columns without a header: the one the mapping names is the one read,
    by its position (as the web's form sends it) or as "column N" (as the CLI may)."""
    headers = ["indicator", "place", "period", *[""] * blanks]
    cells = [str(i + 1) for i in range(blanks)]
    last = len(headers) - 1
    others = list(range(3, last))
    rows = [["workers", "UA-46", "2025-01", *cells]]
    result = _import(world, csv_file(rows, headers), mapping={"value": last}, ignored=others)
    assert Value.objects.get(submission=result.submission).value == blanks
    rows = [["workers", "UA-63", "2025-02", *cells]]
    result = _import(
        world,
        csv_file(rows, headers),
        mapping={"value": f"column {last + 1}"},
        ignored=[f"column {i + 1}" for i in others],
    )
    assert Value.objects.get(submission=result.submission).value == blanks


# Mali's humanitarian needs table (an excerpt kept beside this file; see data/README.md).


def _mali(measure, world):
    mali = Place.objects.create(code="ML", name="Mali", level=0, codes={"iso3166-1": "ML"})
    kayes = Place.objects.create(code="ML-1", name="Kayes", level=1, parent=mali, pcode="ML01")
    Place.objects.create(
        code="ML-1-01", name="Kayes cercle", level=2, parent=kayes, codes={"ocha": "ML0101"}
    )
    Place.objects.create(code="ML-1-02", name="Bafoulabé", level=2, parent=kayes, pcode="ML0102")
    ages = services.dimension_create(
        collective=world.national,
        code="age-group",
        name="Age group",
        categories=[("0-17", "0–17"), ("18-64", "18–64"), ("65+", "65 and over")],
    )
    for code in ("ALL", "HEA"):
        services.indicator_create(
            collective=world.national,
            code=code,
            name=f"People in need ({code})",
            counting_rule="People in need, by the humanitarian needs overview.",
            effective_from=dt.date(2024, 1, 1),
            dimensions=[measure.sex, ages],
            frequency="annual",
            by=world.staff,
        )


MALI_MAPPING = {
    "indicator": "#sector+code",
    "place": "#adm2+code",
    "value": "#inneed",
    "age-group": "#age+range",
}


def test_real_hno_table_with_its_hxl_totals_imports_with_a_stated_mapping(measure, world):
    _mali(measure, world)
    data = (HERE / "hapi-hno-mli-excerpt.csv").read_bytes()
    result = _import(
        world,
        io.BytesIO(data),
        name="hno.csv",
        mapping=MALI_MAPPING,
        ignored=["#adm1+code"],
        fixed={"period": "2024"},
    )
    # 28 rows: 4 totals (gender a, age ALL) checked against their parts, one empty cell.
    assert result.rows == 23 and result.no_figure == 1
    assert sum(Value.objects.filter(indicator__code="ALL").values_list("value", flat=True)) == (
        74527 + 216568
    )
    assert not [w for w in result.warnings if "differs" in str(w)]


def test_real_hno_total_that_differs_from_its_parts_is_a_warning(measure, world):
    _mali(measure, world)
    data = (HERE / "hapi-hno-mli-excerpt.csv").read_bytes().replace(b",74527,", b",74500,")
    result = _import(
        world,
        io.BytesIO(data),
        name="hno.csv",
        mapping=MALI_MAPPING,
        ignored=["#adm1+code"],
        fixed={"period": "2024"},
    )
    assert [str(w) for w in result.warnings if "differs" in str(w)] == [
        "row 3, column In Need: the total 74500 differs from the sum of its disaggregations "
        "(74527); the disaggregated values were kept."
    ]


def test_a_workbook_refused_for_its_columns_names_its_other_sheets(measure, world):
    notes = [["Table", "Title"], ["1", "Social workers"]]
    problems = _refused(world, _workbook({"Notes": notes, "Data": WIDE}), name="n.xlsx")
    assert problems[-1] == (
        "This workbook has 2 sheets and the sheet “Notes” was read: 1 “Notes”, 2 “Data”. "
        "If the figures are on another, choose it."
    )
