"""Reporting periods as plain values: a frequency and the index of the month it starts in.

A month index is ``year * 12 + month - 1``, so periods sort, compare and roll up
(month → quarter → year) with integer arithmetic; codes are ``2025-01``, ``2025-Q1``, ``2025``.
A period is read from a cell (`parse`, `parse_date_cell`) or from a column's header, as
statistics offices write it (`period_of_header`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"
SPAN = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}
GRAIN_OF_KEY = {"month": MONTHLY, "quarter": QUARTERLY, "year": ANNUAL}

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
# Quarters as statistics offices write them in headers: "2024 Q1", "Q1 2024", "2024-q1".
_QUARTER_FIRST = re.compile(r"^Q([1-4])[\s\-/]*(\d{4})$", re.IGNORECASE)
_QUARTER_AFTER = re.compile(r"^(\d{4})[\s\-/]*Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    start: int  # month index of the first month
    frequency: str

    @property
    def end(self) -> int:
        """Month index of the last month in the period."""
        return self.start + SPAN[self.frequency] - 1

    @property
    def code(self) -> str:
        return code_of(self.start, self.frequency)

    def first_day(self) -> dt.date:
        return month_date(self.start)

    def last_day(self) -> dt.date:
        following = month_date(self.end + 1)
        return following - dt.timedelta(days=1)

    def __str__(self) -> str:
        return self.code


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_date(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def code_of(start: int, frequency: str) -> str:
    year, month0 = divmod(start, 12)
    if frequency == MONTHLY:
        return f"{year}-{month0 + 1:02d}"
    if frequency == QUARTERLY:
        return f"{year}-Q{month0 // 3 + 1}"
    return f"{year}"


def bucket(start: int, frequency: str) -> int:
    """The start month of the period of this frequency that contains the month."""
    span = SPAN[frequency]
    return start - start % span


def parse(text: str) -> Period | None:
    """Read ``2025-01``, ``2025-1``, ``2025-01-01``, ``2025-Q1``, ``2025Q1`` or ``2025``."""
    text = str(text).strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return Period(month_index(year, month), MONTHLY)
        return None
    if match := _QUARTER.match(text):
        return Period(month_index(int(match[1]), (int(match[2]) - 1) * 3 + 1), QUARTERLY)
    if match := _YEAR.match(text):
        return Period(month_index(int(match[1]), 1), ANNUAL)
    return None


def period_of_header(header: str) -> Period | None:
    """The period a column's header names, if it names one (2024, 2024-01, 2024-Q1, Q1 2024)."""
    text = str(header).strip()
    if match := _QUARTER_FIRST.match(text):
        text = f"{match[2]}-Q{match[1]}"
    elif match := _QUARTER_AFTER.match(text):
        text = f"{match[1]}-Q{match[2]}"
    return parse(text)


def parse_date_cell(value: dt.date | dt.datetime) -> Period:
    """A spreadsheet date cell means the month it falls in."""
    return Period(month_index(value.year, value.month), MONTHLY)


def current_month(today: dt.date | None = None) -> int:
    from django.utils import timezone

    today = today or timezone.localdate()
    return month_index(today.year, today.month)


def periods_between(first: int, last: int, frequency: str) -> list[Period]:
    span = SPAN[frequency]
    return [Period(start, frequency) for start in range(bucket(first, frequency), last + 1, span)]
