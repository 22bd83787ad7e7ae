"""Tables laid out otherwise than one figure a row, read as if they were.

Published statistics put places down and periods across (a wide table: "2019, 2020, 2021"
as headers), and a yearly report often holds no period column at all (the year is in its
title). Both are reshaped here into the long table the checks read: each period column of a
row becomes a row of its own, and a value every row shares becomes a column. The row numbers
stay the file's, and a figure's problem names the column it came from ("row 12, column 2021"),
so the person finds it where they typed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from backbone.measurement import periods
from backbone.measurement.readers import Table

# "column 7": how the column mapping names a column that has no header.
_POSITION = re.compile(r"^column\s+(\d+)$", re.IGNORECASE)
# Quarters as statistics offices write them: "2024 Q1", "Q1 2024", "2024-q1".
_QUARTER_FIRST = re.compile(r"^Q([1-4])[\s\-/]*(\d{4})$", re.IGNORECASE)
_QUARTER_AFTER = re.compile(r"^(\d{4})[\s\-/]*Q([1-4])$", re.IGNORECASE)

ColumnRef = str | int


def _normalize(header: str) -> str:
    return " ".join(str(header).replace("_", " ").replace("-", " ").split()).casefold()


def find_column(table: Table, ref: ColumnRef) -> int | None:
    """The position of the column ``ref`` names: a position (0 is the first column), its
    header, its HXL hashtag, or "column N" (N from 1) for a column without a header. A header
    two columns share names the first; a position names one column whatever its header."""
    if isinstance(ref, int):
        return ref if 0 <= ref < len(table.headers) else None
    wanted = _normalize(ref)
    for index, header in enumerate(table.headers):
        if wanted and _normalize(header) == wanted:
            return index
    for index, tag in enumerate(table.tags or []):
        if tag and tag.casefold() == ref.strip().casefold():
            return index
    match = _POSITION.match(ref.strip())
    if match and 1 <= int(match[1]) <= len(table.headers):
        return int(match[1]) - 1
    return None


def period_of_header(header: str) -> periods.Period | None:
    """The period a column's header names, if it names one (2024, 2024-01, 2024-Q1, Q1 2024)."""
    text = str(header).strip()
    if match := _QUARTER_FIRST.match(text):
        text = f"{match[2]}-Q{match[1]}"
    elif match := _QUARTER_AFTER.match(text):
        text = f"{match[1]}-Q{match[2]}"
    return periods.parse(text)


def period_columns(table: Table, taken: Iterable[int] = ()) -> list[int]:
    """The columns whose header is a period, apart from those the mapping has placed."""
    taken = set(taken)
    return [
        index
        for index, header in enumerate(table.headers)
        if index not in taken and period_of_header(header) is not None
    ]


def unpivot(table: Table, columns: list[int]) -> tuple[Table, dict[str, int], list[int]]:
    """Each row once per period column: the row's other cells, then the period (the column's
    header), the figure (its cell) and the column's name (for messages). Returns the table,
    where its period and value columns are, and the columns to pass over."""
    width = len(table.headers)
    labels = {index: table.headers[index] for index in columns}
    codes = {index: period_of_header(labels[index]).code for index in columns}
    period_at, value_at, label_at = width, width + 1, width + 2

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in table.rows:
            if not any(cell not in (None, "") for cell in cells):
                continue
            base = (list(cells) + [None] * width)[:width]
            for index in columns:
                cell = cells[index] if index < len(cells) else None
                yield number, [*base, codes[index], cell, labels[index]]

    tags = None
    if table.tags is not None:
        tags = [*table.tags, "", "", ""]
    reshaped = replace(
        table,
        headers=[*table.headers, _("period"), _("value"), ""],
        tags=tags,
        rows=rows(),
        label_at=label_at,
    )
    return reshaped, {"period": period_at, "value": value_at}, [*columns, label_at]


def with_fixed(table: Table, fixed: dict[str, str]) -> tuple[Table, dict[str, int]]:
    """The table with a column for each role whose value every row shares (``{"period":
    "2024"}``): for a file that states it once, in its title or its name."""
    if not fixed:
        return table, {}
    width = len(table.headers)
    roles = list(fixed)
    values = [fixed[role] for role in roles]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in table.rows:
            if any(cell not in (None, "") for cell in cells):  # a blank row stays blank
                yield number, [*(list(cells) + [None] * width)[:width], *values]

    tags = None if table.tags is None else [*table.tags, *([""] * len(roles))]
    reshaped = replace(table, headers=[*table.headers, *roles], tags=tags, rows=rows())
    return reshaped, {role: width + offset for offset, role in enumerate(roles)}


def no_period_columns() -> str:
    return _(
        "No column's header is a period (such as 2024, 2024-Q1 or 2024-01), so there are no "
        "periods across."
    )
