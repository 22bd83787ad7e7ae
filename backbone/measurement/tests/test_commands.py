"""The command line runs the same pipeline as the web."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from backbone.measurement import services
from backbone.measurement.models import Submission, Value
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.testing import approved_upload, csv_file

ROWS = [
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-46-001", "period": "2025-02", "sex": "m", "age": "0-4", "value": "4"},
    {"indicator": "in-care", "place": "UA-63", "period": "2025-04", "sex": "f", "age": "5-17", "value": "10"},
]  # fmt: skip


def _file(tmp_path, rows, name="values.csv"):
    path = tmp_path / name
    path.write_bytes(csv_file(rows).getvalue())
    return path


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_values_prints_submission_and_row_count(measure, world, tmp_path):
    out, _err = _run(
        "import", "values", str(_file(tmp_path, ROWS)),
        "--collective", "nation", "--organization", str(world.org_a.pk), "--user", "reporter_a",
    )  # fmt: skip
    submission = Submission.objects.get()
    assert out.strip() == f"submission {submission.pk}: 3 rows"


def test_import_values_with_errors_prints_each_and_saves_nothing(measure, world, tmp_path):
    bad = [dict(ROWS[0], value="abc"), dict(ROWS[1], place="UA-99")]
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command(
            "import", "values", str(_file(tmp_path, bad)),
            "--collective", "nation", "--organization", "Organization A", "--user", "reporter_a",
            stderr=err,
        )  # fmt: skip
    lines = err.getvalue().splitlines()
    assert lines == [
        "row 2, column value: “abc” is not a number.",
        "row 3, column place: unknown place “UA-99”. Did you mean “UA-63 Kharkiv oblast”?",
    ]
    assert Value.objects.count() == 0 and Submission.objects.count() == 0


def test_import_values_dry_run_saves_nothing(measure, world, tmp_path):
    out, _err = _run(
        "import", "values", str(_file(tmp_path, ROWS)), "--dry-run",
        "--collective", "nation", "--organization", "Organization A", "--user", "reporter_a",
    )  # fmt: skip
    assert out.strip() == "dry run: 3 rows would be imported"
    assert Value.objects.count() == 0


def test_import_maps_and_ignores_columns_as_told(measure, world, tmp_path):
    rows = [{"Indicator ID": r["indicator"], "Oblast": r["place"], "period": r["period"],
             "sex": r["sex"], "age": r["age"], "value": r["value"], "Remarks": "phoned"}
            for r in ROWS]  # fmt: skip
    path = _file(tmp_path, rows, name="own.csv")
    common = ["import", "values", str(path), "--collective", "nation",
              "--organization", "Organization A", "--user", "reporter_a"]  # fmt: skip
    with pytest.raises(CommandError):
        _run(*common, "--map", "indicator=Indicator ID", "--map", "place=Oblast")
    assert Value.objects.count() == 0
    out, _err = _run(
        *common, "--map", "indicator=Indicator ID", "--map", "place=Oblast", "--ignore", "Remarks"
    )
    assert "3 rows" in out
    assert Value.objects.count() == 3


def test_import_refuses_a_reporter_of_another_organization(measure, world, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "import", "values", str(_file(tmp_path, ROWS)),
            "--collective", "nation", "--organization", "Organization A", "--user", "reporter_b",
            stderr=io.StringIO(),
        )  # fmt: skip


def _approve_rows(world):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )


def test_export_values_csv_has_one_row_per_value_and_dimension_columns(measure, world, tmp_path):
    _approve_rows(world)
    import_values(  # a draft too, left out by --status approved
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="draft.csv",
        stream=csv_file([dict(ROWS[0], period="2025-05")]),
    )
    target = tmp_path / "out.csv"
    _run(
        "export",
        "values",
        "--collective",
        "nation",
        "--format",
        "csv",
        "--status",
        "approved",
        "-o",
        str(target),
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [
        (r["indicator"], r["place"], r["period"], r["sex"], r["age"], r["value"], r["status"])
        for r in rows
    ] == [
        ("in-care", "UA-46", "2025-01", "f", "0-4", "3", "approved"),
        ("in-care", "UA-46-001", "2025-02", "m", "0-4", "4", "approved"),
        ("in-care", "UA-63", "2025-04", "f", "5-17", "10", "approved"),
    ]
    assert rows[0]["organization"] == "Organization A"
    assert [r["definition_version"] for r in rows] == ["1", "1", "1"]


def test_export_values_says_which_definition_counted_each_value(measure, world, tmp_path):
    _approve_rows(world)  # in-care in 2025-01, 2025-02 and 2025-04
    services.indicator_redefine(
        indicator=measure.in_care,
        counting_rule="Also children in small group homes.",
        effective_from=dt.date(2025, 3, 1),
        change_note="small group homes counted",
        by=world.staff,
    )
    target = tmp_path / "out.csv"
    _run("export", "values", "--collective", "nation", "--format", "csv", "-o", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["period"], r["definition_version"]) for r in rows] == [
        ("2025-01", "1"),
        ("2025-02", "1"),
        ("2025-04", "2"),
    ]


def test_export_values_hxl_round_trips_through_the_import(measure, world, tmp_path):
    _approve_rows(world)
    target = tmp_path / "out-hxl.csv"
    _run("export", "values", "--collective", "nation", "--format", "hxl", "-o", str(target))
    lines = target.read_text().splitlines()
    assert lines[1].startswith("#indicator+code,#loc+code,#date+period,#org+name,#gender+code")
    result = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="out-hxl.csv",
        stream=io.BytesIO(target.read_bytes()),
        dry_run=True,
    )
    assert result.rows == 3


def test_export_values_xlsx(measure, world, tmp_path):
    _approve_rows(world)
    target = tmp_path / "out.xlsx"
    _run("export", "values", "--collective", "nation", "--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]][:4] == ["indicator", "place", "period", "organization"]
    assert sheet.max_row == 4


def test_rollup_command_prints_csv_by_keys(measure, world):
    _approve_rows(world)
    out, _err = _run(
        "rollup", "--collective", "nation", "--indicator", "in-care",
        "--by", "place:1", "--by", "period:quarter", "--by", "sex",
    )  # fmt: skip
    assert out.splitlines() == [
        "place,period,sex,value",
        "UA-46,2025-Q1,f,3",
        "UA-46,2025-Q1,m,4",
        "UA-63,2025-Q2,f,10",
    ]


def test_rollup_command_explains_a_bad_key(measure, world):
    with pytest.raises(CommandError, match="not place:N"):
        _run("rollup", "--collective", "nation", "--indicator", "in-care", "--by", "colour")


def test_import_finds_the_organization_by_its_name_in_any_language(measure, world, tmp_path):
    world.org_a.name_uk = "Родина поруч"
    world.org_a.save(update_fields=["name_uk"])
    for named in ("organization a", "Родина поруч", f" {world.org_a.pk} "):
        _run(
            "import", "values", str(_file(tmp_path, ROWS)), "--dry-run",
            "--collective", "nation", "--organization", named.strip(), "--user", "reporter_a",
        )  # fmt: skip
    with pytest.raises(CommandError, match="No organization “Family Far”"):
        _run(
            "import", "values", str(_file(tmp_path, ROWS)),
            "--collective", "nation", "--organization", "Family Far", "--user", "reporter_a",
        )  # fmt: skip


def test_import_reads_the_sheet_header_row_and_periods_across_it_is_told(measure, world, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Contents"
    book.active.append(["Social workers by oblast"])
    sheet = book.create_sheet("Workers")
    sheet.append(["Social workers", "by oblast and month"])
    sheet.append(["indicator", "oblast", dt.datetime(2025, 1, 1), dt.datetime(2025, 2, 1)])
    sheet.append(["workers", "UA-46", 3, "c"])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    common = ["import", "values", str(path), "--collective", "nation",
              "--organization", "Organization A", "--user", "reporter_a"]  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(*common, stderr=err)
    assert "Choose the sheet that does: 1 “Contents”, 2 “Workers”." in err.getvalue()
    out, _err = _run(
        *common, "--sheet", "2", "--header-row", "2", "--periods-across", "--map", "place=oblast"
    )
    assert "1 cell(s) held no figure" in out and "1 rows" in out
    assert list(Value.objects.values_list("period", "value")) == [(24300, 3.0)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "hxl"])
def test_export_of_one_organization_imports_back_unchanged(measure, world, tmp_path, fmt):
    _approve_rows(world)
    approved_upload(
        collective=world.oblast,
        organization=world.org_b,
        reporter=world.reporter_b,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "8"}],
        name="b.csv",
    )
    name = f"out.{'csv' if fmt == 'hxl' else fmt}"
    target = tmp_path / name
    _run(
        "export", "values", "--collective", "nation", "--format", fmt,
        "--organization", "Organization A", "-o", str(target),
    )  # fmt: skip
    before = sorted(
        Value.objects.filter(organization=world.org_a).values_list(
            "indicator__code", "place__code", "period", "combination__key", "value"
        )
    )
    out, _err = _run(
        "import", "values", str(target),
        "--collective", "nation", "--organization", "Organization A", "--user", "reporter_a",
    )  # fmt: skip
    submission = Submission.objects.latest("pk")
    assert out.strip() == f"submission {submission.pk}: 3 rows"
    again = sorted(
        submission.values.values_list(
            "indicator__code", "place__code", "period", "combination__key", "value"
        )
    )
    assert again == before


def test_export_values_reads_only_this_collectives_definitions(measure, world, tmp_path):
    # Codes are unique within a collective only: another collective's "in-care", redefined,
    # says nothing of the version this collective's values were counted by.
    theirs = services.indicator_create(
        collective=world.elsewhere,
        code="in-care",
        name="Children in care elsewhere",
        counting_rule="Their own rule.",
        effective_from=dt.date(2020, 1, 1),
        by=world.admin,
    )
    for month in (2, 3):
        services.indicator_redefine(
            indicator=theirs,
            counting_rule=f"Their rule from month {month}.",
            effective_from=dt.date(2025, month, 1),
            change_note="theirs",
            by=world.admin,
        )
    _approve_rows(world)  # this collective's in-care in 2025-01, 2025-02 and 2025-04
    target = tmp_path / "out.csv"
    _run("export", "values", "--collective", "nation", "--format", "csv", "-o", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["period"], r["definition_version"]) for r in rows] == [
        ("2025-01", "1"),
        ("2025-02", "1"),
        ("2025-04", "1"),
    ]
