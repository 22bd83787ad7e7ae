"""Tables laid out otherwise than one figure a row, read as if they were.

Published statistics put places down and periods across (a wide table: "2019, 2020, 2021"
as headers), and a yearly report often holds no period column at all (the year is in its
title). Both are reshaped here into the long table the checks read: each period column of a
row becomes a row of its own, and a value every row shares becomes a column. The row numbers
stay the file's, and a figure's problem names the column it came from ("row 12, column 2021"),
so the person finds it where they typed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from backbone.interchange.mapping import ColumnRef, find_column
from backbone.interchange.periods import period_of_header
from backbone.interchange.problems import Problem
from backbone.interchange.tables import Table


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


def reshape(
    table: Table,
    mapping: dict[str, ColumnRef] | None,
    ignored: Iterable[ColumnRef],
    periods_across: bool | Iterable[ColumnRef] = False,
    fixed: dict[str, str] | None = None,
) -> tuple[Table, dict[str, ColumnRef], list[ColumnRef], list[Problem]]:
    """The table as the checks read it (one figure a row), with where its added columns are:
    ``periods_across`` (True: every column whose header is a period; or the columns named)
    unpivoted into the roles "period" and "value"; ``fixed`` a value every row shares per
    role. Returns the table, the mapping and the columns to pass over, and the problems."""
    mapping = dict(mapping or {})
    ignored = list(ignored)
    problems: list[Problem] = []
    if periods_across:
        taken = [
            index
            for index in (find_column(table, ref) for ref in mapping.values())
            if index is not None
        ]
        if periods_across is True:
            across = period_columns(table, taken)
        else:
            across = []
            for ref in periods_across:
                index = find_column(table, ref)
                if index is None or period_of_header(table.headers[index]) is None:
                    name = table.headers[index] if index is not None else str(ref)
                    problems.append(
                        Problem(
                            None,
                            name or _("column %s") % (index + 1 if index is not None else ref),
                            _("this column's header is not a period (such as 2024 or 2024-01)."),
                        )
                    )
                else:
                    across.append(index)
        if not across and not problems:
            problems.append(Problem(None, None, no_period_columns()))
        for role in ("period", "value"):
            if role in mapping:
                problems.append(
                    Problem(
                        None,
                        role,
                        _("with periods across, the %s comes from them: map no column to it.")
                        % role,
                    )
                )
        if problems:
            return table, mapping, ignored, problems
        table, placed, passed_over = unpivot(table, across)
        mapping.update(placed)
        ignored.extend(passed_over)
    if fixed:
        for role in fixed:
            if role in mapping:
                problems.append(
                    Problem(None, role, _("a column and a value for every row are both given."))
                )
        table, placed = with_fixed(table, fixed)
        mapping.update(placed)
    return table, mapping, ignored, problems
