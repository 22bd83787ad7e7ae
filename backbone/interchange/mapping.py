"""Which column holds what: a column named by its position, its header, its hashtag or
"column N"; and the column-mapping step of a refused upload, what the page shows (the
workbook's sheets, the header row, the file's columns with a first value and a guess of each)
and what the person's answer means for the import (the same choices as the CLI's --sheet,
--header-row, --periods-across, --map and --set).

The web form names columns by position throughout, never by header: two columns may both
have none, or the same one. What the roles are, and how a header is recognised as one, is the
importing domain's (see `measurement.submissions.checks`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from backbone.interchange.periods import period_of_header
from backbone.interchange.problems import Problem
from backbone.interchange.readers import read_table, sheet_names
from backbone.interchange.tables import Table, UnreadableFile

# The choice for a column whose header is a period and whose cells are that period's figures.
PERIODS = "*periods"
# "column 7": how the column mapping names a column that has no header.
_POSITION = re.compile(r"^column\s+(\d+)$", re.IGNORECASE)

ColumnRef = str | int


def normalize_header(header: object) -> str:
    """A header as it is compared: case, spacing, "_" and "-" (and a byte-order mark a
    spreadsheet left in it) do not matter."""
    text = str(header if header is not None else "").replace("\ufeff", "")
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def find_column(table: Table, ref: ColumnRef) -> int | None:
    """The position of the column ``ref`` names: a position (0 is the first column), its
    header, its HXL hashtag, or "column N" (N from 1) for a column without a header. A header
    two columns share names the first; a position names one column whatever its header."""
    if isinstance(ref, int):
        return ref if 0 <= ref < len(table.headers) else None
    wanted = normalize_header(ref)
    for index, header in enumerate(table.headers):
        if wanted and normalize_header(header) == wanted:
            return index
    for index, tag in enumerate(table.tags or []):
        if tag and tag.casefold() == ref.strip().casefold():
            return index
    match = _POSITION.match(ref.strip())
    if match and 1 <= int(match[1]) <= len(table.headers):
        return int(match[1]) - 1
    return None


def column_name(table: Table, index: int) -> str:
    """What a message calls a column: its header, its hashtag, or its place in the file."""
    label = table.headers[index] if index < len(table.headers) else ""
    if not label and table.tags and index < len(table.tags):
        label = table.tags[index]
    return label or _("column %s") % (index + 1)


@dataclass
class Layout:
    """Where the table is in the file, and what no column says."""

    sheet: str = ""
    header_row: int | None = None
    period: str = ""  # the period of every row, for a file with no period column

    def read_options(self) -> dict:
        return {"sheet": self.sheet or None, "header_row": self.header_row}

    def key(self) -> str:
        """Which table the columns shown were read from: another sheet or header row is
        another table, whose columns the person has not seen yet."""
        return f"{self.sheet}|{self.header_row or ''}"


@dataclass
class Answer:
    """What the person said the columns hold."""

    mapping: dict[str, int] | None = None  # None: as the headers say
    ignored: list[int] = field(default_factory=list)
    across: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    chosen: dict[int, str] = field(default_factory=dict)  # as they chose, to show again


def layout_from(post) -> tuple[Layout, list[Problem]]:
    text = post.get("header-row", "").strip()
    header_row = None
    problems = []
    if text:
        if text.isdigit() and int(text) >= 1:
            header_row = int(text)
        else:
            problems.append(
                Problem(
                    None, None, _("The header row is a row number, such as 3; or leave it empty.")
                )
            )
    layout = Layout(
        sheet=post.get("sheet", "").strip(),
        header_row=header_row,
        period=post.get("fixed-period", "").strip()[:20],
    )
    return layout, problems


def answer_from(post, columns: list[dict], roles: dict[str, str]) -> Answer:
    """The roles given to the columns shown. Raises KeyError for a role the form did not offer."""
    answer = Answer(mapping={})
    names: dict[str, str] = {}
    for column in columns:
        index = column["index"]
        role = post.get(f"column-{index}", "")
        answer.chosen[index] = role
        if not role:
            answer.ignored.append(index)
        elif role == PERIODS:
            answer.across.append(index)
        elif role not in roles:
            raise KeyError(role)
        elif role in answer.mapping:
            answer.problems.append(
                Problem(
                    None,
                    column["name"],
                    _("“%(first)s” and “%(second)s” are both marked as the %(role)s; keep one.")
                    % {"first": names[role], "second": column["name"], "role": roles[role]},
                )
            )
        else:
            answer.mapping[role] = index
            names[role] = column["name"]
    return answer


def columns_of(name: str, data: IO[bytes], layout: Layout) -> list[dict]:
    """The file's columns with the first value of each (a hint for the person mapping them)."""
    try:
        data.seek(0)
        table = read_table(name, data, **layout.read_options())
        first = next(iter(table.rows), (None, []))[1]
    except UnreadableFile:
        return []
    return [
        {
            "index": index,
            "label": label or (table.tags[index] if table.tags else ""),
            # What the page calls it: a column without a header by its place in the file.
            "name": label
            or (table.tags[index] if table.tags else "")
            or _("column %s") % (index + 1),
            "sample": "" if index >= len(first) or first[index] is None else str(first[index]),
        }
        for index, label in enumerate(table.headers)
    ]


def guessed_columns(
    name: str,
    data: IO[bytes],
    layout: Layout,
    guess: Callable[[Table], Mapping[int, str | None]],
) -> list[dict]:
    """The file's columns, each with what its header or hashtag says it holds, if anything
    (``guess``: the importing domain's reading of the table, column position → role): a
    column whose header is a period, in a file with no period column, holds that period."""
    columns = columns_of(name, data, layout)
    if not columns:
        return columns
    data.seek(0)
    guesses = guess(read_table(name, data, **layout.read_options()))
    wide = "period" not in guesses.values()
    for column in columns:
        role = guesses.get(column["index"]) or ""
        if not role and wide and period_of_header(column["label"]) is not None:
            role = PERIODS
        column["role"] = role
    return columns


def page(name: str, data: IO[bytes], layout: Layout, columns: list[dict]) -> dict:
    """What the mapping form shows besides the columns."""
    data.seek(0)
    return {
        "sheets": sheet_names(name, data),
        "layout": layout,
        "columns": columns,
        "shown": layout.key(),
    }
