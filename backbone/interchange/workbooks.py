"""XLSX workbooks: an archive of XML, checked for what it expands to before anything is parsed
(zip bombs), parsed by openpyxl through defusedxml (entity expansion, external entities), its
sheet chosen by name or number and its header found below any title rows."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from backbone.interchange.tables import (
    HEADER_SCAN_ROWS,
    MAX_CELL_CHARS,
    Table,
    TimeUp,
    UnreadableFile,
    filled,
    header_index,
    header_text,
    is_tag_row,
    sheet_list,
    time_up_message,
)

# Bounds on what the archive expands to, checked before parsing.
XLSX_MAX_MEMBER_BYTES = 512 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 768 * 1024 * 1024
XLSX_MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024  # openpyxl holds them all in memory
XLSX_MAX_RATIO = 150  # real sheets compress 5–30 times; bombs thousands of times
XLSX_RATIO_FROM_BYTES = 4 * 1024 * 1024
XLSX_MAX_MEMBERS = 5_000
XLSX_MAX_ROWS = 1_048_576  # a spreadsheet program's own limits
XLSX_MAX_COLUMNS = 16_384
XLSX_MAX_CELLS = 60_000_000


def _not_a_spreadsheet(detail: str = "") -> UnreadableFile:
    message = _("This file is not a valid XLSX spreadsheet.")
    if detail:
        message = f"{message} {detail}"
    return UnreadableFile(message)


def check_archive(stream: IO[bytes]) -> None:
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
    except TimeUp:
        raise UnreadableFile(time_up_message(), row=number + 1) from None
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


def workbook_sheets(stream: IO[bytes]) -> list[str]:
    """The names of a workbook's sheets, once its archive has passed the checks."""
    stream.seek(0)
    check_archive(stream)
    return list(load_workbook(stream, read_only=True, data_only=True).sheetnames)


def read_xlsx(stream: IO[bytes], sheet: str | int | None = None, header_row=None) -> Table:
    stream.seek(0)
    check_archive(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        names = list(workbook.sheetnames)
        worksheet = _choose_sheet(workbook, sheet)
        declared = (worksheet.max_row or 0) * (worksheet.max_column or 0)
    except TimeUp:
        raise UnreadableFile(time_up_message()) from None
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
        if filled(cells):
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
    elif head and is_tag_row(head[0][1]):
        index = 0
    else:
        index = header_index([cells for _number, cells in head])
        header_only = index is not None and exhausted and index == len(head) - 1
        if index is None or (header_only and len(names) > 1):
            raise _no_table(chosen, names, empty=not head)
    number, cells = head[index]
    rest = itertools.chain(head[index + 1 :], numbered)
    headers = [header_text(cell) for cell in cells]
    tags: list[str] | None = None
    if is_tag_row(cells):
        tags = [str(cell or "").strip() for cell in cells]
    else:
        following = next(rest, None)
        if following is not None and is_tag_row(following[1]):
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
