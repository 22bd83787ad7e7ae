"""What an import gives back, and the rows and activities it works with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from backbone.activities.models import ActivityImport, ActivityKind, Group
from backbone.interchange.problems import Refused
from backbone.network.models import Organization, Place

MAX_PROBLEMS = 200


class ActivitiesRefused(Refused):
    """Nothing was saved, for these reasons (see `Refused`)."""


@dataclass
class UnknownOrganization:
    name: str
    row: int
    column: str
    kind: str = ""  # from #org+type, where the file gives it


@dataclass
class ImportResult:
    rows: int = 0
    activities: int = 0
    new: int = 0
    updated: int = 0
    removed: int = 0
    repeated: int = 0
    dry_run: bool = False
    duplicate_of: ActivityImport | None = None
    replaced: ActivityImport | None = None
    record: ActivityImport | None = None
    created_organizations: list[Organization] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Row:
    number: int
    key: str
    lead: Organization
    partners: list[tuple[Organization, str]]
    kind: ActivityKind
    title: str
    description: str
    start: dt.date | None
    end: dt.date | None
    status: str
    groups: list[Group]
    budget: Decimal | None
    currency: str
    funding_source: str
    note: str
    place: Place
    targeted: int | None
    reached: int | None
    period: str


@dataclass
class Grouped:
    first: Row
    places: dict[int, list[Row]] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    partners: dict[tuple[int, str], Organization] = field(default_factory=dict)
    budgets: list[Decimal] = field(default_factory=list)
