"""Tables out: a `Sheet` (headers and rows) written as CSV, HXL or XLSX, so that what users
typed never runs as a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from backbone.lib.text import xml_safe

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
