"""CSV and HXL-tagged CSV, streamed: UTF-8 text (a comma, semicolon or tab between cells),
its header found below any title rows, an HXL file read through libhxl."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import IO, Any

import hxl
import hxl.input
from django.utils.translation import gettext as _

from backbone.interchange.tables import (
    HXL_SCAN_ROWS,
    MAX_CELL_CHARS,
    Table,
    TimeUp,
    UnreadableFile,
    header_index,
    is_tag_row,
    time_up_message,
)

csv.field_size_limit(MAX_CELL_CHARS)


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
    except TimeUp:
        raise UnreadableFile(time_up_message(), row=number + 1) from None


def read_csv(stream: IO[bytes], header_row: int | None = None) -> Table:
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
    tag_row = next((index for index, cells in enumerate(head) if is_tag_row(cells)), None)
    if tag_row is not None:
        text.detach()  # so that collecting the wrapper does not close the stream libhxl reads
        return _read_hxl(stream, tag_row)
    if not head:
        raise UnreadableFile(_("The file is empty."))
    if header_row is None:
        header_row = 1 + (header_index(head) or 0)
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
    except TimeUp:
        raise UnreadableFile(time_up_message()) from None
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
        except TimeUp:
            raise UnreadableFile(time_up_message(), row=number) from None
        except UnicodeDecodeError:
            raise _not_utf8(_first_bad_byte_row(stream)) from None
        except Exception as error:  # csv.Error (a cell over the limit) and libhxl's own
            raise UnreadableFile(
                _("The HXL file cannot be read after row %(row)s: %(error)s")
                % {"row": number, "error": error},
                row=number + 1,
            ) from None

    return Table(headers=headers, rows=rows(), tags=tags, kind="hxl")
