"""Reading tables from uploaded files: CSV, XLSX and HXL-tagged CSV, one row at a time.

Each reader yields ``(row_number, cells)`` where the row number is the one a person sees in
their spreadsheet program, so error messages can point at it. Nothing is loaded whole.

Every file comes from outside and may be hostile, so each reader runs behind the same
guards: a time limit (checked as the bytes are read, so the hot loop pays nothing), cells no
longer than a spreadsheet cell can be, and for XLSX an archive whose uncompressed size, ratio
and sheet size are checked before anything is parsed (zip bombs), parsed with defusedxml
(entity expansion, external entities). Whatever goes wrong becomes `UnreadableFile`, with the
row (and column where it is known), never another exception. The CSV and HXL readers are in
`delimited`, the XLSX one in `workbooks`, what they share in `tables`.
"""

from __future__ import annotations

import io
from typing import IO

from django.utils.translation import gettext as _

from backbone.interchange.delimited import read_csv
from backbone.interchange.tables import (
    READ_SECONDS,
    Deadline,
    Table,
    TimeUp,
    UnreadableFile,
    time_up_message,
)
from backbone.interchange.workbooks import read_xlsx, workbook_sheets

WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")


def _guarded(stream: IO[bytes], seconds: float) -> io.BufferedReader:
    return io.BufferedReader(Deadline(stream, seconds), buffer_size=64 * 1024)


def read_table(
    file_name: str,
    stream: IO[bytes],
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    seconds: float = READ_SECONDS,
) -> Table:
    """Open an uploaded file by its extension (and, for CSV, look for an HXL tag row).

    ``sheet`` picks a workbook's sheet by name or by number (1 is the first); ``header_row``
    says which row holds the headers, where the title rows above it would mislead the search
    for it."""
    name = file_name.lower()
    if name.endswith((".xls", ".ods")):
        raise UnreadableFile(
            _("Save the spreadsheet as .xlsx or .csv (UTF-8) and upload it again.")
        )
    if header_row is not None and header_row < 1:
        raise UnreadableFile(_("The header row is counted from 1."))
    guarded = _guarded(stream, seconds)
    try:
        if name.endswith(WORKBOOK_EXTENSIONS):
            return read_xlsx(guarded, sheet, header_row)
        return read_csv(guarded, header_row)
    except TimeUp:
        raise UnreadableFile(time_up_message()) from None


def sheet_names(file_name: str, stream: IO[bytes]) -> list[str]:
    """A workbook's sheets, for the person to choose from (none for a CSV or a damaged file);
    under the same guards as reading it."""
    if not file_name.lower().endswith(WORKBOOK_EXTENSIONS):
        return []
    try:
        return workbook_sheets(_guarded(stream, READ_SECONDS))
    except Exception:  # unreadable files are refused, with reasons, by read_table
        return []
