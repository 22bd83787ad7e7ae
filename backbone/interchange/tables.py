"""What every reader makes of a file, and the guards they all run behind.

A `Table` is headers and numbered rows, the numbers being those a person sees in their
spreadsheet program, so that a message can point at the row. Whatever cannot be read becomes
`UnreadableFile`, with the row (and column where it is known), never another exception.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

HXL_SCAN_ROWS = 25
# Title and note rows above a table's header are looked through this far for the header.
HEADER_SCAN_ROWS = 30
# The most a spreadsheet cell holds (Excel's own limit); a longer cell is not data.
MAX_CELL_CHARS = 32_767
# How long reading one file may take, all rows included.
READ_SECONDS = 300


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


class TimeUp(Exception):
    """Internal to the readers: the file's time is up (see `Deadline`)."""


class Deadline(io.RawIOBase):
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
            raise TimeUp
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def time_up_message() -> str:
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


def header_text(cell: Any) -> str:
    """A header cell as text: a date stands for its month (2024-01), a whole number for itself
    (2019, not 2019.0), so that headers which are periods read as periods."""
    if isinstance(cell, dt.date):
        return f"{cell.year}-{cell.month:02d}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell if cell is not None else "").strip()


def filled(cells: list[Any]) -> int:
    return sum(1 for cell in cells if cell is not None and str(cell).strip() != "")


def header_index(head: list[list[Any]]) -> int | None:
    """Which of the first rows is the header: the first as wide as at least half the widest
    row, title and note rows above it being narrower (one cell, or two of a wide table).
    None when no row has two cells: there is no table."""
    widest = max((filled(cells) for cells in head), default=0)
    if widest < 2:
        return None
    for index, cells in enumerate(head):
        count = filled(cells)
        if count >= 2 and count * 2 >= widest:
            return index
    return None


def is_tag_row(cells: list[Any]) -> bool:
    texts = [str(cell).strip() for cell in cells if cell is not None and str(cell).strip()]
    return bool(texts) and all(text.startswith("#") for text in texts)


def sheet_list(names: list[str]) -> str:
    """A workbook's sheets as a message names them: 1 “Notes”, 2 “Data”."""
    return ", ".join(f"{number} “{name}”" for number, name in enumerate(names, start=1))
