"""The audit trail: who changed what, when, old → new, across the tracked records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import Model

from backbone.accounts.models import Role
from backbone.governance.models import Body, BodyMembership
from backbone.network.models import Affiliation, Collective, Organization, Person

# (model, lookup from its history rows to the collective id, related records named in labels)
TRACKED: list[tuple[type[Model], str, tuple[str, ...]]] = [
    (Collective, "id", ()),
    (Organization, "collective_id", ()),
    (Person, "collective_id", ()),
    (Affiliation, "organization__collective_id", ("person", "organization")),
    (Body, "collective_id", ()),
    (BodyMembership, "body__collective_id", ("person", "body")),
    (Role, "collective_id", ("user",)),
]


def _label(row, related: tuple[str, ...]) -> str:
    if hasattr(row, "name"):
        return row.name
    return " — ".join(str(getattr(row, name)) for name in related)


HIDDEN_FIELDS = {"normalized_name"}
PRIVATE_FIELDS = {"lived_experience"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    kind: str  # "created", "changed", "deleted"
    model: str
    object_id: int
    label: str
    changes: list[Change]


_KIND = {"+": "created", "~": "changed", "-": "deleted"}


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def audit_entries(
    collective: Collective,
    *,
    limit: int = 100,
    model: type[Model] | None = None,
    object_id: int | None = None,
    include_private: bool = True,
) -> list[AuditEntry]:
    """The newest changes in this collective and the ones below it, newest first.

    Each history row is compared with the previous row of the same object; previous rows are
    fetched in one query per model rather than one per row.
    """
    ids = collective.tree_ids()
    entries: list[AuditEntry] = []
    for tracked, path, related in TRACKED:
        if model is not None and tracked is not model:
            continue
        history = tracked.history.model
        rows = history.objects.filter(**{f"{path}__in": ids}).select_related(
            "history_user", *related
        )
        if object_id is not None:
            rows = rows.filter(id=object_id)
        newest = list(rows.order_by("-history_date", "-history_id")[:limit])
        if not newest:
            continue
        fields = [
            f
            for f in tracked._meta.concrete_fields
            if f.name not in HIDDEN_FIELDS
            and f.name != "id"
            and (include_private or f.name not in PRIVATE_FIELDS)
        ]
        # All rows of the objects concerned, oldest first, to find each row's predecessor.
        all_rows = history.objects.filter(id__in={r.id for r in newest}).order_by(
            "id", "history_date", "history_id"
        )
        previous: dict[int, Model | None] = {}
        for _id, group in groupby(all_rows, key=lambda r: r.id):
            prior = None
            for row in group:
                previous[row.history_id] = prior
                prior = row
        for row in newest:
            prior = previous.get(row.history_id)
            changes = []
            for field in fields:
                attname = field.attname
                new = getattr(row, attname)
                old = getattr(prior, attname) if prior is not None else None
                if row.history_type == "+" and new in (None, "", [], False):
                    continue
                if prior is None or old != new:
                    changes.append(Change(str(field.verbose_name), _show(old), _show(new)))
            if row.history_type == "~" and not changes:
                continue
            who = row.history_user.get_username() if row.history_user else "system"
            entries.append(
                AuditEntry(
                    when=row.history_date,
                    who=who,
                    kind=_KIND[row.history_type],
                    model=str(tracked._meta.verbose_name),
                    object_id=row.id,
                    label=_label(row, related),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
