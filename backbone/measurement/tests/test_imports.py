"""The upload pipeline: what it accepts, what it refuses and why, and that refusal saves nothing."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from backbone.interchange import periods
from backbone.measurement import services
from backbone.measurement.models import Combination, Submission, SubmissionStatus, Value
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.testing import csv_file

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def _import(measure, world, rows, *, user=None, org=None, name="values.csv", **kwargs):
    stream = rows if isinstance(rows, io.BytesIO) else csv_file(rows)
    return import_values(
        collective=world.national,
        organization=org or world.org_a,
        user=user or world.reporter_a,
        file_name=name,
        stream=stream,
        **kwargs,
    )


def _refusal(measure, world, rows, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        _import(measure, world, rows, **kwargs)
    assert Value.objects.count() == 0
    assert Submission.objects.count() == 0
    return [str(problem) for problem in caught.value.problems]


GOOD = [
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "m", "age": "0-4", "value": "4"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "5-17", "value": "10"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "m", "age": "5-17", "value": "12"},
    {"indicator": "workers", "place": "UA-46-001", "period": "2025-01", "sex": "", "age": "", "value": "7"},
]  # fmt: skip


def test_good_file_becomes_a_draft_submission_of_the_organization(measure, world):
    result = _import(measure, world, GOOD)
    submission = result.submission
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.organization == world.org_a
    assert result.rows == 5 == submission.row_count
    assert sorted(Value.objects.values_list("value", flat=True)) == [3, 4, 7, 10, 12]
    assert not Value.objects.filter(approved=True).exists()
    # What it covers, for completeness and overlap checks: each indicator and period once.
    assert sorted(submission.coverage.values_list("indicator__code", "period")) == [
        ("in-care", periods.parse("2025-01").start),
        ("workers", periods.parse("2025-01").start),
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"value": "abc"}, "row 2, column value: “abc” is not a number."),
        ({"value": "-3"}, "row 2, column value: a value cannot be negative."),
        ({"value": "2.5"}, "row 2, column value: a count must be a whole number."),
        ({"indicator": "in-cares"}, "row 2, column indicator: unknown indicator “in-cares”. Did you mean “in-care”?"),
        ({"place": "UA-47"}, "row 2, column place: unknown place “UA-47”. Did you mean “UA-46 Lviv oblast”?"),
        ({"place": "Lviv oblst"}, "row 2, column place: unknown place “Lviv oblst”. Did you mean “UA-46 Lviv oblast”?"),
        ({"period": "January"}, "row 2, column period: “January” is not a period; write 2025-01, 2025-Q1 or 2025."),
        ({"period": "2025-Q1"}, "row 2, column period: in-care adds up over time and is reported monthly: a figure for 2025-Q1 cannot be split into months. Give each month's figure (2025-01, 2025-02, …), or ask the coordinator for an indicator reported quarterly."),
        ({"period": "2099-01"}, "row 2, column period: 2099-01 has not ended yet."),
        ({"sex": "x"}, "row 2, column sex: unknown sex category “x”."),
        ({"indicator": "workers"}, "row 2, column sex: workers is not reported by sex."),
        ({"indicator": "workers-per-10k"}, "row 2, column indicator: workers-per-10k is computed from workers and children; report those instead."),
    ],
)  # fmt: skip
def test_each_problem_names_row_column_and_reason(measure, world, change, expected):
    rows = [dict(GOOD[0], **change), *GOOD[1:]]
    assert expected in _refusal(measure, world, rows)


def test_duplicate_rows_in_a_file_are_refused_with_both_rows(measure, world):
    problems = _refusal(measure, world, [*GOOD, GOOD[1]])
    assert problems == ["row 7, column value: the same figure is already on row 3."]


def test_unknown_column_is_refused_with_a_suggestion(measure, world):
    rows = [{("sexx" if k == "sex" else k): v for k, v in row.items()} for row in GOOD]
    problems = _refusal(measure, world, rows)
    assert any(
        "column sexx: this column is not" in p and "Did you mean “sex”?" in p for p in problems
    )


def test_missing_value_column_is_named(measure, world):
    rows = [{k: v for k, v in row.items() if k != "value"} for row in GOOD]
    problems = _refusal(measure, world, rows)
    assert any(p.startswith("column value: the file has no value column") for p in problems)


def test_closed_period_is_refused(measure, world):
    services.period_close(collective=world.national, closed_through=dt.date(2025, 1, 31))
    problems = _refusal(measure, world, GOOD)
    assert "row 2, column period: 2025-01 is closed; no more values are taken for it." in problems


def test_reporter_cannot_submit_for_another_org(measure, world):
    problems = _refusal(measure, world, GOOD, org=world.org_b)
    assert problems == ["You cannot submit values for “Organization B”: you do not report for it."]


def test_organization_column_must_name_the_organization_uploaded_for(measure, world):
    rows = [dict(row, organization="Organization A") for row in GOOD]
    rows[2]["organization"] = "Organization B"
    problems = _refusal(measure, world, rows)
    assert problems == [
        "row 4, column organization: “Organization B” is not “Organization A”, "
        "the organization this upload is for."
    ]


def test_assigned_reporter_may_only_report_assigned_indicators_and_places(measure, world):
    services.assignment_add(
        collective=world.national,
        organization=world.org_a,
        indicator=measure.in_care,
        place=measure.lviv,
        user=world.reporter_a,
    )
    problems = _refusal(measure, world, GOOD)
    assert problems == [
        "row 6, column indicator: you are not assigned to report workers for UA-46-001."
    ]
    result = _import(measure, world, GOOD[:4])
    assert result.rows == 4


def test_same_file_twice_is_recognised_and_adds_nothing(measure, world):
    first = _import(measure, world, GOOD)
    again = _import(measure, world, GOOD)
    assert again.duplicate_of == first.submission
    assert Value.objects.count() == 5
    assert Submission.objects.count() == 1


def test_corrected_file_replaces_the_draft_and_keeps_it_in_history(measure, world):
    first = _import(measure, world, GOOD).submission
    corrected = [dict(row) for row in GOOD]
    corrected[0]["value"] = "5"
    second = _import(measure, world, corrected).submission
    first.refresh_from_db()
    assert first.status == SubmissionStatus.REPLACED
    assert first.replaced_by == second
    assert Value.objects.filter(submission=first).count() == 5  # kept, as history
    assert second.status == SubmissionStatus.DRAFT


def test_partial_overlap_with_an_earlier_submission_is_refused(measure, world):
    _import(measure, world, GOOD)
    problems = _refusal_after_first(measure, world, GOOD[:2])
    assert len(problems) == 1 and "overlaps submission #" in problems[0]
    assert "workers" in problems[0]


def _refusal_after_first(measure, world, rows):
    before = (Value.objects.count(), Submission.objects.count())
    with pytest.raises(ImportRefused) as caught:
        _import(measure, world, rows)
    assert (Value.objects.count(), Submission.objects.count()) == before
    return [str(p) for p in caught.value.problems]


def test_total_row_is_a_check_not_a_second_figure(measure, world):
    total = {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "", "age": "", "value": "30"}  # fmt: skip
    result = _import(measure, world, [*GOOD, total])
    assert result.rows == 5
    assert Value.objects.count() == 5
    [warning] = [str(w) for w in result.warnings]
    assert warning == (
        "row 7, column value: the total 30 differs from the sum of its disaggregations (29); "
        "the disaggregated values were kept."
    )


def test_total_without_disaggregations_is_stored_as_not_disaggregated(measure, world):
    total = {"indicator": "in-care", "place": "UA-63", "period": "2025-01", "value": "30"}
    result = _import(measure, world, [total])
    value = Value.objects.get()
    assert result.rows == 1 and value.value == 30 and value.combination.key == ""


def test_value_far_above_history_is_a_warning(measure, world):
    from backbone.measurement.testing import approved_upload

    for month in ("2025-01", "2025-02", "2025-03"):
        rows = [{"indicator": "workers", "place": "UA-46", "period": month, "value": "10"}]
        approved_upload(
            collective=world.national,
            organization=world.org_a,
            reporter=world.reporter_a,
            staff=world.staff,
            rows=rows,
        )
    rows = [{"indicator": "workers", "place": "UA-46", "period": "2025-04", "value": "500"}]
    result = _import(measure, world, rows)
    assert [str(w) for w in result.warnings] == [
        "row 2, column value: 500 is far above this organization's earlier values (at most 10)."
    ]


def test_dry_run_checks_and_saves_nothing(measure, world):
    result = _import(measure, world, GOOD, dry_run=True)
    assert result.rows == 5 and result.submission is None
    assert Value.objects.count() == 0 and Submission.objects.count() == 0


def test_xlsx_upload_with_numbers_and_dates(measure, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "place", "period", "value"])
    sheet.append(["workers", "UA-46", dt.datetime(2025, 2, 1), 8])
    sheet.append(["workers", "UA-63", "2025-02", 9.0])
    stream = io.BytesIO()
    workbook.save(stream)
    result = _import(measure, world, io.BytesIO(stream.getvalue()), name="values.xlsx")
    assert result.rows == 2
    assert sorted(Value.objects.values_list("period", "value")) == [(24301, 8.0), (24301, 9.0)]


def test_xlsx_errors_point_at_spreadsheet_rows(measure, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "place", "period", "value"])
    sheet.append(["workers", "UA-46", "2025-02", "many"])
    stream = io.BytesIO()
    workbook.save(stream)
    problems = _refusal(measure, world, io.BytesIO(stream.getvalue()), name="v.xlsx")
    assert problems == ["row 2, column value: “many” is not a number."]


def test_hxl_tagged_csv_maps_columns_by_hashtag(measure, world):
    text = (
        "Indicator,Oblast,Month,Gender,Age,Children\n"
        "#indicator+code,#adm1+code,#date,#gender+code,#age+range,#indicator+value\n"
        "in-care,UA-46,2025-03,f,0-4,2\n"
        "in-care,UA-46,2025-03,m,0-4,3\n"
    )
    result = _import(measure, world, io.BytesIO(text.encode()))
    assert result.rows == 2


def test_hxl_errors_count_rows_past_the_header_and_tag_rows(measure, world):
    text = (
        "Indicator,Oblast,Month,Children\n"
        "#indicator+code,#adm1+code,#date,#indicator+value\n"
        "workers,UA-46,2025-03,2\n"
        "workers,UA-46,2025-04,lots\n"
    )
    problems = _refusal(measure, world, io.BytesIO(text.encode()))
    assert problems == ["row 4, column Children: “lots” is not a number."]


def test_suppressed_cells_are_left_out_with_a_warning(measure, world):
    rows = [
        {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "c"},
        {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": "4"},
    ]
    result = _import(measure, world, rows)
    assert result.rows == 1
    assert [str(w) for w in result.warnings] == [
        "1 cell held no figure (“c” 1); its row was left out (row 2)."
    ]


def test_missing_value_markers_are_no_figure_counted_in_one_line(measure, world):
    markers = ["-", "..", "n/a", "", "c", "z", "k", "N/A"]
    rows = [
        {"indicator": "workers", "place": "UA-46", "period": f"2025-{month:02d}", "value": marker}
        for month, marker in enumerate(markers, start=1)
    ]
    rows.append({"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": "4"})
    result = _import(measure, world, rows)
    assert result.rows == 1 and result.no_figure == 8
    assert [str(w) for w in result.warnings] == [
        "8 cells held no figure (“n/a” 2, “-” 1, “..” 1, empty 1, “c” 1, “z” 1, “k” 1); "
        "their rows were left out (first on rows 2, 3, 4, 5, 6)."
    ]


def test_binary_and_non_utf8_files_are_refused_plainly(measure, world):
    assert _refusal(measure, world, io.BytesIO(b"\x00\x01\x02")) == [
        "This is not a text file; upload CSV (UTF-8) or XLSX."
    ]
    latin1 = "indicator,place,period,value\nworkers,Montréal,2025-01,1\n".encode("latin-1")
    assert _refusal(measure, world, io.BytesIO(latin1)) == [
        "row 2: The file is not UTF-8 text from this row on. Save it as “CSV UTF-8” and "
        "upload it again."
    ]


# Real files nobody here wrote: each is refused with reasons, never a traceback.


def _real(name):
    return io.BytesIO((DATA / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hxl/libhxl-input-untagged.csv", "column value: the file has no value column"),
        ("hxl/libhxl-input-multiple-headers.csv", "column indicator: the file has no indicator column"),
        ("hxl/hapi-download-hno-data-mli.csv", "column indicator: the file has no indicator column"),
        ("care/england-dfe-la_children_who_ceased_during_the_year.csv", "column time_period: this column is not"),
    ],
)  # fmt: skip
def test_real_files_without_our_columns_are_refused_with_reasons(measure, world, name, expected):
    if not (DATA / name).exists():
        pytest.fail(f"test data missing: {DATA / name}")
    problems = _refusal(measure, world, _real(name), name=name)
    assert any(p.startswith(expected) for p in problems), problems


def test_real_hno_table_imports_with_a_stated_mapping(measure, world):
    """Mali's needs table, mapped: its #adm1+code and #gender+code are not our places and
    categories, so every row is refused by name, the suppression-free numbers parse."""
    mapping = {"indicator": "#sector+code", "period": "#date+reference", "value": "#inneed"}
    with pytest.raises(ImportRefused) as caught:
        _import(measure, world, _real("hxl/hapi-download-hno-data-mli.csv"), mapping=mapping)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("column #date+reference: the mapping names this column")


def _many_rows(world, count: int) -> list[dict]:
    """More rows than several write batches: 150 hromadas × 4 cells × as many months as needed."""
    from backbone.network.models import Place

    lviv = Place.objects.get(code="UA-46")
    Place.objects.bulk_create(
        Place(code=f"UA-46-{n:03d}", name=f"Hromada {n}", level=2, parent=lviv)
        for n in range(100, 250)
    )
    cells = [("f", "0-4"), ("m", "0-4"), ("f", "5-17"), ("m", "5-17")]
    rows = []
    for month in range(count // 600 + 1):
        period = f"{2020 + month // 12}-{month % 12 + 1:02d}"
        for n in range(100, 250):
            for sex, age in cells:
                value = (n * 7 + month * 3 + len(rows)) % 41
                rows.append({"indicator": "in-care", "place": f"UA-46-{n:03d}", "period": period,
                             "sex": sex, "age": age, "value": str(value)})  # fmt: skip
    return rows[:count]


def test_a_file_of_several_batches_is_stored_value_for_value(measure, world):
    rows = _many_rows(world, 12_345)  # two full write batches and part of a third
    result = _import(measure, world, rows)
    values = Value.objects.filter(submission=result.submission)
    assert result.rows == 12_345 == values.count()
    cells = {
        combination.pk: tuple(sorted(c.code for c in combination.categories.all()))
        for combination in Combination.objects.prefetch_related("categories")
    }
    stored = sorted(
        (place, periods.code_of(period, periods.MONTHLY), cells[combination], value)
        for place, period, combination, value in values.values_list(
            "place__code", "period", "combination_id", "value"
        )
    )
    expected = sorted(
        (row["place"], row["period"], tuple(sorted((row["sex"], row["age"]))), float(row["value"]))
        for row in rows
    )
    assert stored == expected
    assert set(values.values_list("approved", "organization_id", "collective_id")) == {
        (False, world.org_a.pk, world.national.pk)
    }


def test_an_error_after_several_written_batches_saves_nothing(measure, world):
    rows = _many_rows(world, 12_345)
    rows[-1]["value"] = "lots"
    problems = _refusal(measure, world, rows)
    assert problems == ["row 12346, column value: “lots” is not a number."]


# Places by name -------------------------------------------------------------------------


def test_places_are_found_by_english_or_ukrainian_name_pcode_or_code(measure, world):
    measure.kharkiv.pcode = "UA63"
    measure.kharkiv.names = {"uk": "Харківська область"}
    measure.kharkiv.save(update_fields=["pcode", "names"])
    cell = {"indicator": "in-care", "period": "2025-01"}
    rows = [
        dict(cell, place="Lviv oblast", sex="f", age="0-4", value="1"),  # English name
        dict(cell, place="Львівська область", sex="m", age="0-4", value="2"),  # Ukrainian
        dict(cell, place="Львівська обл.", sex="f", age="5-17", value="3"),
        dict(cell, place="UA-46", sex="m", age="5-17", value="4"),  # code
        dict(cell, place="UA63", sex="f", age="0-4", value="5"),  # OCHA p-code
        dict(cell, place="Kharkiv region", sex="m", age="0-4", value="6"),
        dict(cell, place="Харківська", sex="f", age="5-17", value="7"),
        dict(cell, place="UA-63", sex="m", age="5-17", value="8"),
    ]
    result = _import(measure, world, rows)
    assert result.rows == 8
    stored = dict(Value.objects.values_list("value", "place__code"))
    assert stored == {1: "UA-46", 2: "UA-46", 3: "UA-46", 4: "UA-46",
                      5: "UA-63", 6: "UA-63", 7: "UA-63", 8: "UA-63"}  # fmt: skip


def test_a_misspelt_place_name_gets_a_suggestion_by_name_with_row_and_column(measure, world):
    rows = [*GOOD[:4], dict(GOOD[4], place="Kharkiv oblst")]
    assert _refusal(measure, world, rows) == [
        "row 6, column place: unknown place “Kharkiv oblst”. Did you mean “UA-63 Kharkiv oblast”?"
    ]


def test_a_place_name_two_places_share_is_refused_naming_both(measure, world):
    from backbone.network.models import Place

    # There is a Zolochivska hromada in Lviv oblast and another in Kharkiv oblast.
    Place.objects.create(code="UA-46-002", name="Zolochivska", level=2, parent=measure.lviv)
    Place.objects.create(code="UA-63-002", name="Zolochivska", level=2, parent=measure.kharkiv)
    rows = [*GOOD[:4], dict(GOOD[4], place="Zolochivska")]
    assert _refusal(measure, world, rows) == [
        "row 6, column place: “Zolochivska” could be UA-46-002 Zolochivska or UA-63-002 "
        "Zolochivska; write the code of the one you mean."
    ]
    # With its code it goes in.
    assert _import(measure, world, [*GOOD[:4], dict(GOOD[4], place="UA-63-002")]).rows == 5


def test_an_upload_stops_reading_once_the_problems_fill_the_report(measure, world):
    """A large file full of errors is refused as soon as the report is full, not at its end:
    the bytes after the thousandth problem are never read (a broken byte there is not seen)."""
    from backbone.measurement.submissions.checks import MAX_PROBLEMS
    from backbone.measurement.submissions.imports import ImportRefused, import_values

    bad = "workers,UA-99,2025-01,1\n" * (MAX_PROBLEMS + 5)
    good = "workers,UA-46,2025-02,1\n" * 50_000
    data = ("indicator,place,period,value\n" + bad + good).encode() + b"\xff\n"
    with pytest.raises(ImportRefused) as refused:
        import_values(
            collective=world.national,
            organization=world.org_a,
            user=world.reporter_a,
            file_name="many-errors.csv",
            stream=io.BytesIO(data),
        )
    problems = refused.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert "More problems follow" in str(problems[-1])
    assert not any("UTF-8" in str(problem) for problem in problems)


def test_rows_that_need_the_database_midway_through_a_long_file_are_stored_too(measure, world):
    """On PostgreSQL the rows go to one COPY kept open while the file is read; a category
    combination first seen after several batches (made then) and a total row (checked in the
    slow path) must each end it first, and nothing is lost."""
    rows = _many_rows(world, 9_000)
    held_back = [r for r in rows if (r["sex"], r["age"]) == ("m", "5-17")]
    rows = [r for r in rows if (r["sex"], r["age"]) != ("m", "5-17")]
    Combination.objects.all().delete()
    first = rows[0]
    total = {**first, "sex": "", "age": "", "value": "1000"}  # unlike its cells: a warning
    late = [*held_back[:50], total]
    rows = rows[:6_000] + late + rows[6_000:]
    result = _import(measure, world, rows)
    values = Value.objects.filter(submission=result.submission)
    # The total is checked against its cells, not stored.
    assert result.rows == values.count() == len(rows) - 1
    assert Combination.objects.count() == 4
    assert any("differs from the sum" in str(w) for w in result.warnings)
