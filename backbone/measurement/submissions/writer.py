"""The row-by-row checks of the import pipeline, and the batched writing of good rows.

Rows are written inside the caller's transaction while the file streams by; once any row has
a problem, writing stops (the caller rolls back) but checking goes on, so every problem of the
file is reported at once."""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter, defaultdict
from contextlib import ExitStack
from typing import Any

from django.db import connection
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backbone.interchange import periods
from backbone.interchange.problems import Problem
from backbone.lib.text import normalize_name
from backbone.lib.translation import translations
from backbone.measurement.models import Combination, Indicator, Value
from backbone.measurement.submissions.checks import (
    BATCH,
    MAX_PROBLEMS,
    MAX_WARNINGS,
    ROLES,
    Catalogue,
)
from backbone.measurement.submissions.fast_path import FastPath
from backbone.measurement.submissions.rows import RowChecks
from backbone.measurement.submissions.total_rows import TotalRows


class RowWriter(FastPath, RowChecks, TotalRows):
    """Checks each row and writes the good ones in batches (rolled back if any is bad)."""

    def __init__(self, *, table, columns, catalogue: Catalogue, submission, organization, user):
        self.table = table
        self.catalogue = catalogue
        self.submission = submission
        self.organization = organization
        self.user = user
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rows = 0
        self.pairs: set[tuple[int, int]] = set()
        self.headers = table.headers
        self.columns = columns
        self.dimension_columns = [
            (code, index) for code, index in columns.items() if code not in ROLES
        ]
        self.seen: dict[tuple, int] = {}
        self.batch: list[tuple] = []
        # While the file's rows are read (and only then), batches go to one open COPY.
        self.stream = ValueStream(submission)
        self.streaming = False
        # Rows that are totals over some dimension (a category left empty, or "all"): checks
        # against the rows they add up, or stored where the file has none finer.
        # (indicator, place, month, given category ids) → (value, row, column name)
        self.totals: dict[tuple[int, int, int, tuple[int, ...]], tuple[float, int, str]] = {}
        self.sums: dict[tuple[int, int, int], float] = defaultdict(float)
        self.present: dict[int, int] = {}  # indicator id → its dimensions the file has
        self.no_figure: Counter[str] = Counter()
        self.no_figure_rows: list[int] = []
        self.restated: dict[str, list] = {}  # indicator code → [count, example, stored as]
        self._cells: list | None = None  # the row being checked, for its column names
        self.combos: dict[str, int] = dict(Combination.objects.values_list("key", "id"))
        self.periods: dict[str, periods.Period | None] = {}
        self.history = self._history()
        # A file may name the organization in any of its languages.
        self.org_names = {
            *(normalize_name(n) for n in translations(organization, "name").values() if n),
            str(organization.pk),
        }

    def _history(self) -> dict[tuple[int, int], tuple[float, int]]:
        """Largest earlier approved value and count per indicator and cell, for warnings."""
        rows = (
            Value.objects.filter(
                organization=self.organization,
                collective=self.submission.collective,
                approved=True,
            )
            .values("indicator_id", "combination_id")
            .annotate(high=Max("value"), n=Count("id"))
        )
        return {(r["indicator_id"], r["combination_id"]): (r["high"], r["n"]) for r in rows}

    def header(self, role: str) -> str:
        label_at = self.table.label_at
        if label_at is not None and role in ("period", "value") and self._cells is not None:
            return self._cells[label_at]  # periods across: the column the figure is in
        index = self.columns[role]
        return self.headers[index] or (self.table.tags[index] if self.table.tags else role)

    def dimensions_present(self, indicator: Indicator) -> int:
        """How many of the indicator's dimensions the file has a column for: a row giving
        fewer categories is a total over the others."""
        count = self.present.get(indicator.pk)
        if count is None:
            own = self.catalogue.indicator_dimensions.get(indicator.pk, set())
            count = self.present[indicator.pk] = sum(
                1 for code, _index in self.dimension_columns if code in own
            )
        return count

    def problem(self, row: int, role: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, self.header(role) if role else None, message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                Problem(None, None, _("More problems follow; fix these and upload again."))
            )

    def warn(self, row: int, role: str, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(Problem(row, self.header(role) if role else None, message))

    def run(self) -> None:
        try:
            self._run()
        except BaseException as error:
            self.stream.abort(error)
            raise
        self.stream.close()

    def _run(self) -> None:
        fast = self._fast_path()
        row = self.row
        problems = self.problems
        stream = self.stream
        self.streaming = True
        for number, cells in self.table.rows:
            if not fast(number, cells):
                row(number, cells)
                if len(problems) > MAX_PROBLEMS:
                    # The person has a thousand things to fix already: reading the rest of a
                    # large file would only keep them waiting for the same answer.
                    return
        self.streaming = False
        stream.close()
        self._cells = None
        self._settle_totals()
        self._summarize()
        self.flush()

    def cell(self, cells: list, role: str) -> Any:
        index = self.columns[role]
        value = cells[index] if index < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
        return value

    def _summarize(self) -> None:
        """One line each for what was left out or restated, rather than one a row."""
        if self.no_figure:
            markers = ", ".join(
                f"“{marker}” {count}" if marker else _("empty %s") % count
                for marker, count in self.no_figure.most_common()
            )
            rows = ", ".join(str(n) for n in self.no_figure_rows)
            self.warnings.insert(
                0,
                Problem(
                    None,
                    None,
                    ngettext(
                        "%(n)s cell held no figure (%(markers)s); its row was left out "
                        "(row %(rows)s).",
                        "%(n)s cells held no figure (%(markers)s); their rows were left out "
                        "(first on rows %(rows)s).",
                        self.no_figure.total(),
                    )
                    % {"n": self.no_figure.total(), "markers": markers, "rows": rows},
                ),
            )
        for code, (count, example, stored) in self.restated.items():
            self.warnings.insert(
                0,
                Problem(
                    None,
                    None,
                    ngettext(
                        "%(n)s figure of %(code)s is for a longer period than the indicator "
                        "is reported for; as a stock it is stored as the figure at the "
                        "period's end (%(example)s as %(stored)s).",
                        "%(n)s figures of %(code)s are for a longer period than the indicator "
                        "is reported for; as a stock each is stored as the figure at its "
                        "period's end (%(example)s as %(stored)s).",
                        count,
                    )
                    % {"n": count, "code": code, "example": example, "stored": stored},
                ),
            )

    def _append(self, indicator_id, place_id, period, combo, value) -> None:
        if self.problems:
            return  # keep checking the rest of the file, but stop writing
        self.pairs.add((indicator_id, period))
        self.batch.append((indicator_id, place_id, period, combo, value))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch or self.problems:
            return
        self.rows += len(self.batch)
        write_values(self.submission, self.batch, stream=self.stream if self.streaming else None)
        self.batch.clear()  # in place: the fast path holds on to this list


# Memory PostgreSQL may use for an upload's sorts, hashes and the rows its COPY brought,
# before it writes them to disk (see ValueStream.open).
UPLOAD_WORK_MEM = "256MB"


class ValueStream:
    """On PostgreSQL, one COPY kept open while the file is read: the database stores the
    rows written so far (in its own process, on another core) while the next ones are
    checked. Any query on the connection meanwhile (the checks of an unusual row look
    something up; a new category combination is made) first finishes the COPY — an
    execute wrapper does it, since a query sent during a COPY waits forever — and the next
    batch opens another. A failure ends it (CopyFail) so the caller's transaction can roll
    back."""

    def __init__(self, submission) -> None:
        self.submission = submission
        self._stack: ExitStack | None = None
        self.copy = None
        self._sized = False

    def open(self, statement: str):
        if self.copy is None:
            if not self._sized:
                # The statement's reference check reads the rows the COPY brought from a
                # store that goes to disk past work_mem (4 MB by default): a million values
                # are about 100 MB. For this transaction only.
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL work_mem = '{UPLOAD_WORK_MEM}'")
                self._sized = True
            stack = ExitStack()
            cursor = stack.enter_context(connection.cursor())
            self.copy = stack.enter_context(cursor.copy(statement))
            stack.enter_context(connection.execute_wrapper(self._finish_first))
            self._stack = stack
        return self.copy

    def _finish_first(self, execute, sql, params, many, context):
        self.close()
        return execute(sql, params, many, context)

    def close(self) -> None:
        if self._stack is not None:
            stack, self._stack, self.copy = self._stack, None, None
            stack.close()

    def abort(self, error: BaseException) -> None:
        if self._stack is not None:
            stack, self._stack, self.copy = self._stack, None, None
            stack.__exit__(type(error), error, error.__traceback__)


def write_values(submission, rows: list[tuple], stream: ValueStream | None = None) -> None:
    """Write checked values — (indicator, place, period, combination, value) each — as the
    unapproved values of one submission (on PostgreSQL into ``stream``'s COPY if given, left
    open for the next rows)."""
    table = Value._meta.db_table
    names = (
        "submission_id, collective_id, organization_id, indicator_id, place_id, period, "
        "combination_id, value, approved"
    )
    constants = (
        int(submission.pk),
        int(submission.collective_id),
        int(submission.organization_id),
    )
    if connection.vendor == "postgresql":
        # COPY takes rows several times faster than INSERT, even batched; and its text form,
        # written here, a third of the time psycopg's write_row takes to format each row.
        # Every field is an int (the combination possibly none) or a checked, finite float,
        # whose repr is its shortest exact decimal: nothing to escape.
        prefix = "{}\t{}\t{}\t".format(*constants)
        null = "\\N"
        text = "".join(
            [
                f"{prefix}{indicator:d}\t{place:d}\t{period:d}\t"
                f"{null if combo is None else format(combo, 'd')}\t{float(value)!r}\tf\n"
                for indicator, place, period, combo, value in rows
            ]
        )
        statement = f"COPY {table} ({names}) FROM STDIN"
        if stream is not None:
            stream.open(statement).write(text)
            return
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(text)
        return
    connection.ensure_connection()
    # SQLite: many rows a statement — half the time of one statement a row (executemany) on
    # the benchmark's table — with the three columns every row shares written into it. The
    # statement goes to sqlite3 itself, in its own "?" style: Django's cursor would rewrite
    # every "%s" of a 200 KB statement (0.8 s of a 5.9 s million-row upload). See README.
    one = "({}, {}, {}, ?, ?, ?, ?, ?, 0)".format(*constants)
    per_statement = max(1, _sqlite_variables() // 5)
    database = connection.connection
    with connection.wrap_database_errors:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            database.execute(
                f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 — ints and placeholders
                + ", ".join([one] * len(chunk)),
                list(itertools.chain.from_iterable(chunk)),
            )


def _sqlite_variables() -> int:
    """How many placeholders one SQLite statement may hold."""
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
