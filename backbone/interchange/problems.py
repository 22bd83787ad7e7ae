"""What is wrong with a file, for the person who sent it: each problem at its row and column,
in a plain sentence; the refusal that carries them (nothing was saved); and the errors file,
the table again with a column saying what is wrong on each row."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from backbone.interchange.readers import read_table
from backbone.interchange.tables import Table, UnreadableFile, sheet_list
from backbone.interchange.writers import Sheet


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None and self.column is None:
            return self.message
        if self.row is None:
            return _("column %(column)s: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        if self.column is None:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class Refused(Exception):
    """Nothing was saved, for these reasons. ``columns``: the file's columns were not all
    recognised (no row was read), so stating what they hold may be all it needs."""

    def __init__(
        self,
        problems: list[Problem],
        warnings: list[Problem] | None = None,
        *,
        columns: bool = False,
    ):
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems
        self.warnings = warnings or []
        self.columns = columns


def problem_of(error: UnreadableFile, table: Table | None = None) -> Problem:
    """The reader's refusal as a problem at its row and column (by header where known)."""
    column = error.column
    if column and column.isdigit() and table is not None:
        index = int(column) - 1
        if 0 <= index < len(table.headers) and table.headers[index]:
            column = table.headers[index]
    return Problem(error.row, column, str(error))


def sheet_hint(table: Table) -> Problem:
    """For a workbook refused for its columns: which sheet was read, and which others it has."""
    return Problem(
        None,
        None,
        _(
            "This workbook has %(count)s sheets and the sheet “%(sheet)s” was read: "
            "%(names)s. If the figures are on another, choose it."
        )
        % {"count": len(table.sheets), "sheet": table.sheet, "names": sheet_list(table.sheets)},
    )


def suggest(text: str, known: Iterable[str]) -> str:
    """ " Did you mean …?" with the nearest of the known texts, or nothing."""
    match = difflib.get_close_matches(str(text), list(known), n=1, cutoff=0.6)
    return _(" Did you mean “%s”?") % match[0] if match else ""


def errors_sheet(
    file_name: str,
    stream: IO[bytes],
    problems: Iterable[Problem],
    *,
    only_problem_rows: bool = False,
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> Sheet:
    """The uploaded table again (the sheet and header row it was read with), with a column
    saying what is wrong on each row; or, for a large file, only the rows with problems, each
    with its row number."""
    table = read_table(file_name, stream, sheet=sheet, header_row=header_row)
    by_row: dict[int, list[str]] = {}
    general = []
    for problem in problems:
        if problem.row is None:
            general.append(str(problem))
        else:
            by_row.setdefault(problem.row, []).append(
                f"{problem.column}: {problem.message}" if problem.column else problem.message
            )
    last = max(by_row, default=0)

    def rows() -> Iterator[list]:
        lead = [""] if only_problem_rows else []
        if general:
            yield [*lead, *([""] * len(table.headers)), " ".join(general)]
        for number, cells in table.rows:
            found = by_row.get(number)
            if only_problem_rows:
                if found:
                    yield [number, *("" if c is None else c for c in cells), "; ".join(found)]
                if number >= last:
                    return  # nothing further to report: the rest of the file is not read
            else:
                yield [*("" if c is None else c for c in cells), "; ".join(found or [])]

    headers = [*table.headers, "errors"]
    return Sheet(headers=["row", *headers] if only_problem_rows else headers, rows=rows())
