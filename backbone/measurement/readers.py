"""Reading tables from uploaded files: CSV, XLSX and HXL-tagged CSV, one row at a time.

Each reader yields ``(row_number, cells)`` where the row number is the one a person sees in
their spreadsheet program, so error messages can point at it. Nothing is loaded whole.

Every file comes from outside and may be hostile, so each reader runs behind the same
guards: a time limit (checked as the bytes are read, so the hot loop pays nothing), cells no
longer than a spreadsheet cell can be, and for XLSX an archive whose uncompressed size, ratio
and sheet size are checked before anything is parsed (zip bombs), parsed with defusedxml
(entity expansion, external entities). Whatever goes wrong becomes `UnreadableFile`, with the
row (and column where it is known), never another exception.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import hxl
import hxl.input
from django.utils.translation import gettext as _
from openpyxl import load_workbook

HXL_SCAN_ROWS = 25
# Title and note rows above a table's header are looked through this far for the header.
HEADER_SCAN_ROWS = 30
# The most a spreadsheet cell holds (Excel's own limit); a longer cell is not data.
MAX_CELL_CHARS = 32_767
# How long reading one file may take, all rows included.
READ_SECONDS = 300
# XLSX: an archive of XML. Bounds on what it expands to, checked before parsing.
XLSX_MAX_MEMBER_BYTES = 512 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 768 * 1024 * 1024
XLSX_MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024  # openpyxl holds them all in memory
XLSX_MAX_RATIO = 150  # real sheets compress 5–30 times; bombs thousands of times
XLSX_RATIO_FROM_BYTES = 4 * 1024 * 1024
XLSX_MAX_MEMBERS = 5_000
XLSX_MAX_ROWS = 1_048_576  # a spreadsheet program's own limits
XLSX_MAX_COLUMNS = 16_384
XLSX_MAX_CELLS = 60_000_000

csv.field_size_limit(MAX_CELL_CHARS)


class UnreadableFile(Exception):
    """The file cannot be read as a table; the message says why, for a person."""

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        choosable: bool = False,
    ):
        super().__init__(message)
        self.row = row
        self.column = column
        # Another sheet or header row may be all it needs: the person is offered the choice.
        self.choosable = choosable


class _TimeUp(Exception):
    pass


class _Deadline(io.RawIOBase):
    """A read-only view of the upload that stops the reading once its time is up.

    Checked once per chunk read (8 KB or more), not per row."""

    def __init__(self, stream: IO[bytes], seconds: float):
        self._stream = stream
        self._deadline = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()

    def readinto(self, buffer) -> int:
        if time.monotonic() > self._deadline:
            raise _TimeUp
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _time_up_message() -> str:
    return _("Reading the file took too long (the limit is %(seconds)s seconds); split it.") % {
        "seconds": READ_SECONDS
    }


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    # HXL hashtags with attributes (``#adm1+code``) per column, or None for an untagged table.
    tags: list[str] | None = None
    kind: str = "csv"
    notes: list[str] = field(default_factory=list)
    # A workbook's sheets, and the one read; empty for a CSV.
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    # The row (as a spreadsheet program numbers it) the headers were read from.
    header_row: int = 1
    # In a reshaped table (periods across), the cell of each row that names the column its
    # figure came from, for messages.
    label_at: int | None = None


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
    guarded = io.BufferedReader(_Deadline(stream, seconds), buffer_size=64 * 1024)
    try:
        if name.endswith((".xlsx", ".xlsm")):
            return _read_xlsx(guarded, sheet, header_row)
        return _read_csv(guarded, header_row)
    except _TimeUp:
        raise UnreadableFile(_time_up_message()) from None


def header_text(cell: Any) -> str:
    """A header cell as text: a date stands for its month (2024-01), a whole number for itself
    (2019, not 2019.0), so that headers which are periods read as periods."""
    if isinstance(cell, dt.date):
        return f"{cell.year}-{cell.month:02d}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell if cell is not None else "").strip()


def _filled(cells: list[Any]) -> int:
    return sum(1 for cell in cells if cell is not None and str(cell).strip() != "")


def _header_index(head: list[list[Any]]) -> int | None:
    """Which of the first rows is the header: the first as wide as at least half the widest
    row, title and note rows above it being narrower (one cell, or two of a wide table).
    None when no row has two cells: there is no table."""
    widest = max((_filled(cells) for cells in head), default=0)
    if widest < 2:
        return None
    for index, cells in enumerate(head):
        filled = _filled(cells)
        if filled >= 2 and filled * 2 >= widest:
            return index
    return None


def _is_tag_row(cells: list[Any]) -> bool:
    texts = [str(cell).strip() for cell in cells if cell is not None and str(cell).strip()]
    return bool(texts) and all(text.startswith("#") for text in texts)


def _not_utf8(row: int | None = None) -> UnreadableFile:
    if row is None:
        message = _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
    else:
        message = _(
            "The file is not UTF-8 text from this row on. Save it as “CSV UTF-8” and upload "
            "it again."
        )
    return UnreadableFile(message, row=row)


def _first_bad_byte_row(stream: IO[bytes]) -> int | None:
    """The line (1-based) holding the first byte that is not UTF-8, read again from the start."""
    stream.seek(0)
    lines, tail = 1, b""
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        data = tail + chunk
        try:
            data.decode("utf-8")
            cut = len(data)
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
                cut = error.start  # a character split between chunks: carry it over
            else:
                return lines + data.count(b"\n", 0, error.start)
        lines += data.count(b"\n", 0, cut)
        tail = data[cut:]
    return lines if tail else None


def _text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if b"\x00" in head:
        raise UnreadableFile(_("This is not a text file; upload CSV (UTF-8) or XLSX."))
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = sample.splitlines()[0] if sample else ""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    dialect = csv.excel
    if delimiter != ",":
        dialect = type("Detected", (csv.excel,), {"delimiter": delimiter})
    return dialect


def _long_cell_column(stream: IO[bytes], row: int, delimiter: str) -> str | None:
    """Which column of this row holds the over-long cell: read the row again, by hand."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    try:
        reader = csv.reader(text, delimiter=delimiter)
        for _skipped in itertools.islice(reader, row - 1):
            pass
    except csv.Error:
        return None
    column, length, quoted = 1, 0, False
    while True:
        chunk = text.read(1 << 16)
        if not chunk:
            return None
        for char in chunk:
            if char == '"':
                quoted = not quoted
            elif not quoted and char == delimiter:
                column, length = column + 1, 0
                continue
            elif not quoted and char in "\r\n":
                return None
            length += 1
            if length > MAX_CELL_CHARS:
                return str(column)


def _csv_rows(
    reader, first: int, stream: IO[bytes], delimiter: str
) -> Iterator[tuple[int, list[Any]]]:
    """The rows, numbered; any failure of the bytes or the CSV becomes UnreadableFile."""
    number = first - 1
    try:
        for number, cells in enumerate(reader, start=first):  # noqa: B007 — read after
            yield number, cells
    except UnicodeDecodeError:
        raise _not_utf8(_first_bad_byte_row(stream)) from None
    except csv.Error as error:
        row = number + 1
        if "field limit" in str(error):
            raise UnreadableFile(
                _("A cell is longer than %(n)s characters, the most a spreadsheet cell holds.")
                % {"n": f"{MAX_CELL_CHARS:,}"},
                row=row,
                column=_long_cell_column(stream, row, delimiter),
            ) from None
        raise UnreadableFile(_("The CSV is malformed: %s") % error, row=row) from None
    except _TimeUp:
        raise UnreadableFile(_time_up_message(), row=number + 1) from None


def _read_csv(stream: IO[bytes], header_row: int | None = None) -> Table:
    text = _text_stream(stream)
    try:
        sample = text.read(8192)
    except UnicodeDecodeError:
        raise _not_utf8(_first_bad_byte_row(stream)) from None
    dialect = _dialect(sample)
    delimiter = dialect.delimiter
    text.seek(0)
    scan = _csv_rows(csv.reader(text, dialect), 1, stream, delimiter)
    head = [cells for _number, cells in itertools.islice(scan, HXL_SCAN_ROWS)]
    tag_row = next((index for index, cells in enumerate(head) if _is_tag_row(cells)), None)
    if tag_row is not None:
        text.detach()  # so that collecting the wrapper does not close the stream libhxl reads
        return _read_hxl(stream, tag_row)
    if not head:
        raise UnreadableFile(_("The file is empty."))
    if header_row is None:
        header_row = 1 + (_header_index(head) or 0)
    text.seek(0)
    reader = csv.reader(text, dialect)
    rows = _csv_rows(reader, 1, stream, delimiter)
    headers = None
    for number, cells in rows:
        if number == header_row:
            headers = cells
            break
    if headers is None:
        raise UnreadableFile(
            _("The file has no row %s to read the headers from.") % header_row, choosable=True
        )
    headers = [h.strip() for h in headers]
    # Spreadsheet row numbers: the header is row 1 (or the row named). The generator goes on.
    return Table(headers=headers, rows=rows, header_row=header_row)


def _read_hxl(stream: IO[bytes], tag_row: int) -> Table:
    """HXL-tagged CSV through libhxl: it finds the tag row and parses the hashtags."""
    stream.seek(0)
    try:
        dataset = hxl.data(hxl.input.make_input(stream))
        columns = dataset.columns
    except _TimeUp:
        raise UnreadableFile(_time_up_message()) from None
    except hxl.input.HXLTagsNotFoundException:
        raise UnreadableFile(_("No HXL hashtag row was found in the first 25 rows.")) from None
    except Exception as error:  # libhxl raises several kinds for malformed input
        raise UnreadableFile(_("The HXL file cannot be read: %s") % error) from None
    # libhxl keeps a byte-order mark on the first header ("\ufeffREGION").
    headers = [(column.header or "").lstrip("\ufeff").strip() for column in columns]
    tags = [column.display_tag or "" for column in columns]
    first_data_row = tag_row + 2  # the tag row is 0-based; spreadsheet rows start at 1

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = first_data_row
        try:
            for row in dataset:
                number = first_data_row + row.row_number
                yield number, list(row.values)
        except UnreadableFile:
            raise
        except _TimeUp:
            raise UnreadableFile(_time_up_message(), row=number) from None
        except UnicodeDecodeError:
            raise _not_utf8(_first_bad_byte_row(stream)) from None
        except Exception as error:  # csv.Error (a cell over the limit) and libhxl's own
            raise UnreadableFile(
                _("The HXL file cannot be read after row %(row)s: %(error)s")
                % {"row": number, "error": error},
                row=number + 1,
            ) from None

    return Table(headers=headers, rows=rows(), tags=tags, kind="hxl")


def _not_a_spreadsheet(detail: str = "") -> UnreadableFile:
    message = _("This file is not a valid XLSX spreadsheet.")
    if detail:
        message = f"{message} {detail}"
    return UnreadableFile(message)


def _check_archive(stream: IO[bytes]) -> None:
    """Refuse an XLSX whose archive expands beyond what a real sheet needs, before parsing."""
    mib = 1024 * 1024
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_a_spreadsheet(_("It is not a readable zip archive.")) from None
    if len(members) > XLSX_MAX_MEMBERS:
        raise _not_a_spreadsheet(_("It holds too many parts."))
    total = 0
    for member in members:
        total += member.file_size
        name = member.filename.lower()
        too_big = member.file_size > XLSX_MAX_MEMBER_BYTES or total > XLSX_MAX_TOTAL_BYTES
        if name.endswith("sharedstrings.xml"):
            too_big = too_big or member.file_size > XLSX_MAX_SHARED_STRINGS_BYTES
        ratio = member.file_size / max(member.compress_size, 1)
        if too_big or (member.file_size > XLSX_RATIO_FROM_BYTES and ratio > XLSX_MAX_RATIO):
            raise UnreadableFile(
                _(
                    "This XLSX file expands to more than a spreadsheet of this size can hold "
                    "(%(part)s: %(mib)s MB unpacked, %(ratio)s times its packed size), so it "
                    "is refused unread. Save the data as CSV, or split it."
                )
                % {
                    "part": member.filename,
                    "mib": f"{member.file_size / mib:,.0f}",
                    "ratio": f"{ratio:,.0f}",
                }
            )
    stream.seek(0)


def _xlsx_rows(numbered, start_number: int = 0) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a sheet with every cell bounded; any failure of the parser becomes a refusal."""
    number = start_number
    try:
        for number, cells in numbered:
            if number > XLSX_MAX_ROWS or len(cells) > XLSX_MAX_COLUMNS:
                raise UnreadableFile(
                    _("The sheet has more rows or columns than a spreadsheet can hold."),
                    row=number,
                )
            for index, cell in enumerate(cells):
                if type(cell) is str and len(cell) > MAX_CELL_CHARS:
                    raise UnreadableFile(
                        _(
                            "A cell is longer than %(n)s characters, the most a spreadsheet "
                            "cell holds."
                        )
                        % {"n": f"{MAX_CELL_CHARS:,}"},
                        row=number,
                        column=str(index + 1),
                    )
            yield number, cells
    except UnreadableFile:
        raise
    except _TimeUp:
        raise UnreadableFile(_time_up_message(), row=number + 1) from None
    except Exception as error:  # XML errors, entities refused by defusedxml, a broken archive
        raise UnreadableFile(
            _("This file is not a valid XLSX spreadsheet: the sheet cannot be read after row %s.")
            % number,
            row=number + 1,
        ) from error


def _choose_sheet(workbook, sheet: str | int | None):
    """The sheet asked for, by name (as written, or in any case) or by number from 1."""
    names = workbook.sheetnames
    if sheet is None or sheet == "":
        return workbook.worksheets[0]
    text = str(sheet).strip()
    if text in names:
        return workbook[text]
    folded = [name for name in names if name.casefold() == text.casefold()]
    if len(folded) == 1:
        return workbook[folded[0]]
    if text.isdigit() and 1 <= int(text) <= len(names):
        return workbook.worksheets[int(text) - 1]
    raise UnreadableFile(
        _("The workbook has no sheet “%(sheet)s”; its sheets are %(names)s.")
        % {"sheet": text, "names": sheet_list(names)},
        choosable=True,
    )


def sheet_names(file_name: str, stream: IO[bytes]) -> list[str]:
    """A workbook's sheets, for the person to choose from (none for a CSV or a damaged file);
    under the same guards as reading it."""
    if not file_name.lower().endswith((".xlsx", ".xlsm")):
        return []
    guarded = io.BufferedReader(_Deadline(stream, READ_SECONDS), buffer_size=64 * 1024)
    try:
        guarded.seek(0)
        _check_archive(guarded)
        return list(load_workbook(guarded, read_only=True, data_only=True).sheetnames)
    except Exception:  # unreadable files are refused, with reasons, by read_table
        return []


def sheet_list(names: list[str]) -> str:
    return ", ".join(f"{number} “{name}”" for number, name in enumerate(names, start=1))


def _read_xlsx(stream: IO[bytes], sheet: str | int | None = None, header_row=None) -> Table:
    stream.seek(0)
    _check_archive(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        names = list(workbook.sheetnames)
        worksheet = _choose_sheet(workbook, sheet)
        declared = (worksheet.max_row or 0) * (worksheet.max_column or 0)
    except _TimeUp:
        raise UnreadableFile(_time_up_message()) from None
    except UnreadableFile:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or hostile file
        raise _not_a_spreadsheet(_("It cannot be opened.")) from None
    if declared > XLSX_MAX_CELLS:
        raise UnreadableFile(_("The sheet has more cells than Backbone reads from one file."))
    numbered = _xlsx_rows(
        (number, list(cells))
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1)
    )
    # The first rows with anything in them, to find the header among (and a tag row below).
    head: list[tuple[int, list[Any]]] = []
    exhausted = True
    for number, cells in numbered:
        if _filled(cells):
            head.append((number, cells))
        if (header_row is not None and number > header_row) or len(head) > HEADER_SCAN_ROWS:
            exhausted = False
            break
    chosen = worksheet.title
    if header_row is not None:
        index = next((i for i, (number, _c) in enumerate(head) if number == header_row), None)
        if index is None:
            raise UnreadableFile(
                _("Row %(row)s of the sheet “%(sheet)s” is empty; it holds no headers.")
                % {"row": header_row, "sheet": chosen},
                choosable=True,
            )
    elif head and _is_tag_row(head[0][1]):
        index = 0
    else:
        index = _header_index([cells for _number, cells in head])
        header_only = index is not None and exhausted and index == len(head) - 1
        if index is None or (header_only and len(names) > 1):
            raise _no_table(chosen, names, empty=not head)
    number, cells = head[index]
    rest = itertools.chain(head[index + 1 :], numbered)
    headers = [header_text(cell) for cell in cells]
    tags: list[str] | None = None
    if _is_tag_row(cells):
        tags = [str(cell or "").strip() for cell in cells]
    else:
        following = next(rest, None)
        if following is not None and _is_tag_row(following[1]):
            tags = [str(cell or "").strip() for cell in following[1]]
        elif following is not None:
            rest = itertools.chain([following], rest)
    return Table(
        headers=headers,
        rows=rest,
        tags=tags,
        kind="xlsx",
        sheets=names,
        sheet=chosen,
        header_row=number,
    )


def _no_table(sheet: str, names: list[str], *, empty: bool) -> UnreadableFile:
    if len(names) > 1:
        return UnreadableFile(
            _(
                "The sheet “%(sheet)s” holds no table of figures. Choose the sheet that does: "
                "%(names)s."
            )
            % {"sheet": sheet, "names": sheet_list(names)},
            choosable=True,
        )
    if empty:
        return UnreadableFile(_("The spreadsheet is empty."))
    return UnreadableFile(
        _("The sheet holds no table: no row in it has two cells or more with something in them."),
        choosable=True,
    )
