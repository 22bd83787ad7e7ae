"""Reading tables from uploaded files: CSV, XLSX and HXL-tagged CSV, one row at a time.

Each reader yields ``(row_number, cells)`` where the row number is the one a person sees in
their spreadsheet program, so error messages can point at it. Nothing is loaded whole.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import hxl
import hxl.input
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

HXL_SCAN_ROWS = 25


class UnreadableFile(Exception):
    """The file cannot be read as a table; the message says why, for a person."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    # HXL hashtags with attributes (``#adm1+code``) per column, or None for an untagged table.
    tags: list[str] | None = None
    kind: str = "csv"
    notes: list[str] = field(default_factory=list)


def read_table(file_name: str, stream: IO[bytes]) -> Table:
    """Open an uploaded file by its extension (and, for CSV, look for an HXL tag row)."""
    name = file_name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(stream)
    if name.endswith((".xls", ".ods")):
        raise UnreadableFile(
            _("Save the spreadsheet as .xlsx or .csv (UTF-8) and upload it again.")
        )
    return _read_csv(stream)


def _is_tag_row(cells: list[Any]) -> bool:
    texts = [str(cell).strip() for cell in cells if cell is not None and str(cell).strip()]
    return bool(texts) and all(text.startswith("#") for text in texts)


def _text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if b"\x00" in head:
        raise UnreadableFile(_("This is not a text file; upload CSV (UTF-8) or XLSX."))
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the 4096-byte boundary is not a real failure.
        if error.start < len(head) - 4:
            raise UnreadableFile(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
            ) from None
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = sample.splitlines()[0] if sample else ""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    dialect = csv.excel
    if delimiter != ",":
        dialect = type("Detected", (csv.excel,), {"delimiter": delimiter})
    return dialect


def _guarded(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from rows
    except UnicodeDecodeError:
        raise UnreadableFile(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
        ) from None
    except csv.Error as error:
        raise UnreadableFile(_("The CSV is malformed: %s") % error) from None


def _read_csv(stream: IO[bytes]) -> Table:
    text = _text_stream(stream)
    sample = text.read(8192)
    text.seek(0)
    reader = csv.reader(text, _dialect(sample))
    head = list(itertools.islice(reader, HXL_SCAN_ROWS))
    tag_row = next((index for index, cells in enumerate(head) if _is_tag_row(cells)), None)
    if tag_row is not None:
        text.detach()  # so that collecting the wrapper does not close the stream libhxl reads
        return _read_hxl(stream, tag_row)
    text.seek(0)
    reader = csv.reader(text, _dialect(sample))
    try:
        headers = next(reader)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    rows = enumerate(reader, start=2)  # spreadsheet row numbers: the header is row 1
    return Table(headers=[h.strip() for h in headers], rows=_guarded(rows))


def _read_hxl(stream: IO[bytes], tag_row: int) -> Table:
    """HXL-tagged CSV through libhxl: it finds the tag row and parses the hashtags."""
    stream.seek(0)
    try:
        dataset = hxl.data(hxl.input.make_input(stream))
        columns = dataset.columns
    except hxl.input.HXLTagsNotFoundException:
        raise UnreadableFile(_("No HXL hashtag row was found in the first 25 rows.")) from None
    except Exception as error:  # libhxl raises several kinds for malformed input
        raise UnreadableFile(_("The HXL file cannot be read: %s") % error) from None
    headers = [column.header or "" for column in columns]
    tags = [column.display_tag or "" for column in columns]
    first_data_row = tag_row + 2  # the tag row is 0-based; spreadsheet rows start at 1

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for row in dataset:
            yield first_data_row + row.row_number, list(row.values)

    return Table(headers=headers, rows=_guarded(rows()), tags=tags, kind="hxl")


def _read_xlsx(stream: IO[bytes]) -> Table:
    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(_("The XLSX file cannot be opened: %s") % error) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    numbered = ((number, list(cells)) for number, cells in enumerate(rows, start=1))
    headers: list[str] | None = None
    tags: list[str] | None = None
    for number, cells in numbered:
        if not any(cell not in (None, "") for cell in cells):
            continue
        if _is_tag_row(cells):
            tags = [str(cell or "").strip() for cell in cells]
            break
        if headers is not None:
            # Not a tag row after the headers: the first row was the header.
            return Table(
                headers=headers,
                rows=itertools.chain([(number, cells)], numbered),
                kind="xlsx",
            )
        headers = [str(cell or "").strip() for cell in cells]
    if headers is None and tags is None:
        raise UnreadableFile(_("The spreadsheet is empty."))
    if tags is not None and headers is None:
        headers = list(tags)
    return Table(headers=headers or [], rows=numbered, tags=tags, kind="xlsx")
