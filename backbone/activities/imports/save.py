"""Writing what a file holds: the activities the collective has under the same key are
updated, the others created, and the earlier import of a file of the same name replaced."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from backbone.activities.models import (
    Activity,
    ActivityImport,
    ActivityOrganization,
    ActivityPlace,
    ActivityStatus,
    OrganizationRole,
)
from backbone.lib.text import normalize_name
from backbone.network.models import Organization


def identity(lead: Organization, row: dict) -> str:
    parts = [
        str(lead.pk),
        str(row["kind"].pk),
        normalize_name(row["title"]),
        row["start"].isoformat() if row["start"] else "",
        row["end"].isoformat() if row["end"] else "",
    ]
    return "3w:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


KEY_LENGTH = 64  # Activity.source_key


def fitted_key(key: str) -> str:
    """A file's own key for an activity, as stored: as it is when it fits, else a digest of
    it (the same file, or its export, gives the same digest: imports still match)."""
    if len(key) <= KEY_LENGTH:
        return key
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def status_from(row: dict, today: dt.date) -> str:
    """A row that gives no status: from its dates where it has them (ended: completed; not
    begun: planned), else ongoing where it reached anyone, planned where not."""
    if row["end"] and row["end"] < today:
        return ActivityStatus.COMPLETED
    if row["start"] and row["start"] > today:
        return ActivityStatus.PLANNED
    if row["start"] or row["reached"]:
        return ActivityStatus.ONGOING
    return ActivityStatus.PLANNED


def save_activities(
    collective, user, file_name, digest, staff, own, activities, result, dry_run
) -> None:
    """Write the activities: those the collective has under the same key are updated, the
    others created; the earlier import of a file of the same name is replaced."""
    duplicate = (
        ActivityImport.objects.filter(collective=collective, digest=digest, replaced_by=None)
        .order_by("-at")
        .first()
    )
    if duplicate is not None:
        result.duplicate_of = duplicate
        result.activities = duplicate.activities
        return
    organization_id = None if staff else next(iter(own)) if len(own) == 1 else None
    earlier = (
        ActivityImport.objects.select_for_update()
        .filter(collective=collective, file_name=file_name, replaced_by=None)
        .filter(organization_id=organization_id)
        .order_by("-at")
        .first()
    )
    now = timezone.now()
    record = ActivityImport.objects.create(
        collective=collective,
        file_name=file_name[:255],
        digest=digest,
        organization_id=organization_id,
        by=user,
        at=now,
        rows=result.rows,
        activities=len(activities),
    )
    result.record = record
    if not dry_run:
        from django.utils.translation import gettext_noop

        from backbone.accounts.selectors import staff_of
        from backbone.events.services import record as record_event

        record_event(
            "activity.imported",
            actor=user,
            collective=collective,
            target=record,
            audience=[u for u in staff_of(collective) if u.pk != user.pk],
            message=gettext_noop("%(file)s was imported: %(n)s activities from %(rows)s rows."),
            params={"file": record.file_name, "n": record.activities, "rows": record.rows},
        )
    existing = {
        a.source_key: a
        for a in Activity.objects.select_for_update().filter(
            collective=collective, source_key__in=list(activities)
        )
    }
    written = {
        "batch_size": 1000,
        "default_user": user,
        "default_change_reason": file_name[:100],
        "default_date": now,
    }
    new, changed = [], []
    for key, item in activities.items():
        first = item.first
        fields = {
            "kind": first.kind,
            "title": first.title[:300],
            "description": first.description,
            "start": first.start,
            "end": first.end,
            "status": first.status,
            "budget": budget_of(item.budgets),
            "currency": first.currency,
            "funding_source": first.funding_source[:200],
            "note": first.note,
            "source_import": record,
        }
        activity = existing.get(key)
        if activity is None:
            new.append(Activity(collective=collective, source_key=key, created_by=user, **fields))
        else:
            for name, value in fields.items():
                setattr(activity, name, value)
            changed.append(activity)
    created = bulk_create_with_history(new, Activity, **written)
    if not created or created[0].pk is None:  # a database that returns no ids
        by_key = dict(
            Activity.objects.filter(
                source_import=record, source_key__in=[a.source_key for a in new]
            ).values_list("source_key", "pk")
        )
        for activity in new:
            activity.pk = activity.id = by_key[activity.source_key]
    if changed:
        bulk_update_with_history(
            changed,
            Activity,
            ["kind", "title", "description", "start", "end", "status", "budget", "currency",
             "funding_source", "note", "source_import"],
            **written,
        )  # fmt: skip
    result.new, result.updated = len(new), len(changed)
    every = {a.source_key: a for a in [*new, *changed]}
    ids = [a.pk for a in every.values()]
    ActivityOrganization.objects.filter(activity_id__in=ids).delete()
    ActivityPlace.objects.filter(activity_id__in=ids).delete()
    Activity.groups.through.objects.filter(activity_id__in=ids).delete()
    roles, places, groups = [], [], []
    for key, item in activities.items():
        activity = every[key]
        roles.append(
            ActivityOrganization(
                activity=activity, organization=item.first.lead, role=OrganizationRole.LEAD
            )
        )
        for (organization_id_, role), _organization in item.partners.items():
            roles.append(
                ActivityOrganization(activity=activity, organization_id=organization_id_, role=role)
            )
        for place_id, place_rows in item.places.items():
            targeted = [r.targeted for r in place_rows if r.targeted is not None]
            reached = [r.reached for r in place_rows if r.reached is not None]
            places.append(
                ActivityPlace(
                    activity=activity,
                    place_id=place_id,
                    targeted=max(targeted) if targeted else None,
                    reached=sum(reached) if reached else None,
                )
            )
        groups.extend(
            Activity.groups.through(activity_id=activity.pk, group_id=g) for g in item.groups
        )
    bulk_create_with_history(roles, ActivityOrganization, **written)
    bulk_create_with_history(places, ActivityPlace, **written)
    Activity.groups.through.objects.bulk_create(groups, batch_size=1000)
    if earlier is not None:
        gone = Activity.objects.filter(source_import=earlier).exclude(pk__in=ids)
        result.removed = 0
        for activity in gone:
            activity._change_reason = file_name[:100]
            activity.delete()
            result.removed += 1
        earlier.replaced_by = record
        earlier.save(update_fields=["replaced_by"])
        result.replaced = earlier


def budget_of(budgets: list[Decimal]) -> Decimal | None:
    """One budget for the activity: the same figure on every row is the activity's; different
    figures are each place's share and add up."""
    if not budgets:
        return None
    if len(set(budgets)) == 1:
        return budgets[0]
    return sum(budgets, Decimal(0))
