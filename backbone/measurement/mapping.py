"""The column-mapping step of a refused upload: what the page shows (the workbook's sheets, the
header row, the file's columns with a first value and a guess of each) and what the person's
answer means for `import_values` (the same choices as the CLI's --sheet, --header-row,
--periods-across, --map and --set).

Columns are named by position throughout, never by header: two columns may both have none,
or the same one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from backbone.measurement.checks import Problem, guess_columns
from backbone.measurement.layout import period_of_header
from backbone.measurement.readers import UnreadableFile, read_table, sheet_names

# The choice for a column whose header is a period and whose cells are that period's figures.
PERIODS = "*periods"


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


def guessed_columns(name: str, data: IO[bytes], layout: Layout, dimensions) -> list[dict]:
    """The file's columns, each with what its header or hashtag says it holds, if anything:
    a column whose header is a period, in a file with no period column, holds that period."""
    columns = columns_of(name, data, layout)
    if not columns:
        return columns
    data.seek(0)
    table = read_table(name, data, **layout.read_options())
    guesses = {g["index"]: g["role"] for g in guess_columns(table, dimensions)}
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
