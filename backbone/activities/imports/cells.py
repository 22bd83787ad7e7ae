"""What a cell of a 3W table means: text, dates as 3W files write them, a status in the
languages partners write, the kind of an organization from what ``#org+type`` says."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from backbone.activities.models import ActivityStatus
from backbone.network.models import OrganizationKind

STATUS_WORDS = {
    ActivityStatus.PLANNED: {"planned", "planning", "pipeline", "proposed", "not started",
                             "заплановано", "планується", "prévu", "planificado", "מתוכנן"},
    ActivityStatus.ONGOING: {"ongoing", "on going", "active", "in progress", "implementation",
                             "running", "триває", "виконується", "en cours", "en curso", "בביצוע"},
    ActivityStatus.COMPLETED: {"completed", "complete", "finished", "done", "closed",
                               "завершено", "виконано", "terminé", "achevé", "terminado", "הושלם"},
    ActivityStatus.CANCELLED: {"cancelled", "canceled", "скасовано", "annulé", "cancelado", "בוטל"},
    ActivityStatus.SUSPENDED: {"suspended", "on hold", "paused", "призупинено", "suspendu",
                               "suspendido", "מושהה"},
}  # fmt: skip
STATUS = {word: status for status, words in STATUS_WORDS.items() for word in words}
STATUS |= {status.label.casefold(): status for status in ActivityStatus}

ORG_KIND_WORDS = [
    (("un agency", "united nations", "un ", "international ngo", "ingo", "national ngo", "nngo",
      "ngo", "non-governmental", "non governmental", "red cross", "red crescent", "charity",
      "громадська", "благодійн"), OrganizationKind.NGO),
    (("ministry", "government", "state", "міністерство", "державн"), OrganizationKind.MINISTRY),
    (("local authority", "municipality", "local government", "hromada", "council",
      "громада", "рада"), OrganizationKind.LOCAL_AUTHORITY),
    (("public service", "service provider", "centre", "center"), OrganizationKind.PUBLIC_SERVICE),
    (("community", "cbo"), OrganizationKind.CBO),
    (("faith", "religious", "church"), OrganizationKind.FAITH_BASED),
    (("private", "company", "business"), OrganizationKind.PRIVATE),
    (("academic", "university", "research"), OrganizationKind.ACADEMIC),
    (("donor", "funder", "foundation"), OrganizationKind.FUNDER),
    (("media",), OrganizationKind.MEDIA),
]  # fmt: skip


def text_of(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y")


def parse_date(cell: Any, *, end: bool = False) -> dt.date | None:
    """A date as 3W files write it (a date cell, 2024-03-31, 31/03/2024, 31.03.2024, a month
    2024-03 or a year 2024: their first day, or their last for an end). Raises ValueError."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = text_of(cell)
    if not text:
        return None
    text = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if month and 1 <= int(month[2]) <= 12:
        year, number = int(month[1]), int(month[2])
        if not end:
            return dt.date(year, number, 1)
        following = dt.date(year + number // 12, number % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    raise ValueError(text)


def kind_of_organization(text: str) -> str:
    key = f" {text.casefold()} "
    for words, kind in ORG_KIND_WORDS:
        if any(word in key for word in words):
            return kind
    return OrganizationKind.NGO
