"""What a correction changes: the earlier submissions a submission replaces, and, cell by cell,
the figures that change when it is approved (old → new), the cells it adds and the cells it no
longer reports.

A correction is compared with the figures that count: the earlier submissions that were
approved (approving the correction retires them). One that replaces only submissions that never
counted (a returned one, a draft) is compared with those, so its reviewer still sees what was
corrected. The comparison runs in the database, a few counting queries and one page of cells
per kind, so a yearly file of hundreds of thousands of values is compared as quickly as a small
one; the page shows the first cells of each kind and the counts of all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from backbone.interchange import periods
from backbone.measurement.models import Submission, SubmissionEvent, SubmissionStatus, Value

SAMPLE = 50  # cells of each kind shown on the review page
CHANGED, ADDED, REMOVED = "changed", "added", "removed"
KINDS = (CHANGED, ADDED, REMOVED)
KIND_LABELS = {
    CHANGED: pgettext_lazy("a reported figure", "changed"),
    ADDED: pgettext_lazy("a reported figure", "added"),
    REMOVED: pgettext_lazy("a reported figure", "no longer reported"),
}
_CELL = ("indicator_id", "place_id", "period", "combination_id")


@dataclass(frozen=True)
class Earlier:
    """A submission replaced (or to be replaced) by the one under review."""

    submission: Submission
    approved_at: dt.datetime | None  # when it was approved, if it ever was
    approved_by: str  # by whom (user name), "" if never approved

    @property
    def counted(self) -> bool:
        return self.approved_at is not None

    @property
    def counts_now(self) -> bool:
        return self.submission.status == SubmissionStatus.APPROVED


@dataclass(frozen=True)
class Change:
    kind: str  # CHANGED, ADDED or REMOVED
    indicator: str
    place: str
    period: str
    categories: tuple[str, ...]  # the cell's category codes, by dimension; () is no split
    old: float | None
    new: float | None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "place": self.place,
            "period": self.period,
            "categories": list(self.categories),
            "old": self.old,
            "new": self.new,
        }


@dataclass
class Replacement:
    earlier: list[Earlier]
    compared_with: list[int]  # the submissions whose values the counts and changes are against
    counts: dict[str, int]  # changed, added, removed, unchanged
    changes: dict[str, list[Change]] = field(default_factory=dict)  # one page per kind

    @property
    def changed_anything(self) -> bool:
        return any(self.counts[kind] for kind in KINDS)

    def groups(self) -> list[dict]:
        """The page's cells by kind, with what each kind is called and how many are not shown."""
        return [
            {
                "kind": kind,
                "label": KIND_LABELS[kind],
                "changes": self.changes.get(kind, []),
                "more": self.counts[kind] - len(self.changes.get(kind, [])),
            }
            for kind in KINDS
        ]


def earlier_submissions(submission: Submission) -> list[Earlier]:
    """The submissions this one replaces, oldest first, each with its approval if it had one."""
    earlier = list(
        submission.replaces.select_related("organization", "created_by").order_by(
            "created_at", "pk"
        )
    )
    approvals: dict[int, tuple[dt.datetime, str]] = {}
    for event in (
        SubmissionEvent.objects.filter(
            submission__in=earlier, action=SubmissionEvent.Action.APPROVED
        )
        .select_related("by")
        .order_by("at", "pk")
    ):
        approvals[event.submission_id] = (event.at, event.by.get_username())  # the last one
    return [Earlier(other, *approvals.get(other.pk, (None, ""))) for other in earlier]


def replacement_of(
    submission: Submission, *, limit: int = SAMPLE, offset: int = 0, kinds=KINDS
) -> Replacement | None:
    """What approving this submission changes, or None if it replaces nothing.

    ``limit`` and ``offset`` page the cells of each kind in ``kinds`` (ordered by indicator,
    period, place and cell, as the review page lists values); the counts are always complete."""
    earlier = earlier_submissions(submission)
    if not earlier:
        return None
    counted = [e.submission.pk for e in earlier if e.counted]
    compared = counted or [e.submission.pk for e in earlier]
    new = Value.objects.filter(submission=submission)
    old = Value.objects.filter(submission_id__in=compared)
    changed = new.filter(Exists(_same_cell(old).exclude(value=OuterRef("value"))))
    added = new.filter(~Exists(_same_cell(old)))
    removed = old.filter(~Exists(_same_cell(new)))
    counts = {CHANGED: changed.count(), ADDED: added.count(), REMOVED: removed.count()}
    counts["unchanged"] = new.count() - counts[CHANGED] - counts[ADDED]
    found = {CHANGED: changed, ADDED: added, REMOVED: removed}
    pages = {}
    for kind in kinds:
        if counts[kind] <= offset or limit <= 0:
            pages[kind] = []
            continue
        rows = found[kind]
        if kind == CHANGED:
            rows = rows.annotate(old_value=Subquery(_same_cell(old).values("value")[:1]))
        pages[kind] = [_change(kind, value) for value in _ordered(rows)[offset : offset + limit]]
    return Replacement(earlier=earlier, compared_with=compared, counts=counts, changes=pages)


def _same_cell(values: QuerySet[Value]) -> QuerySet[Value]:
    return values.filter(**{name: OuterRef(name) for name in _CELL})


def _ordered(values: QuerySet[Value]) -> QuerySet[Value]:
    return (
        values.select_related("indicator", "place", "combination")
        .prefetch_related("combination__categories")
        .order_by("indicator__code", "period", "place__code", "combination_id", "pk")
    )


def _change(kind: str, value: Value) -> Change:
    figure = value.value
    return Change(
        kind=kind,
        indicator=value.indicator.code,
        place=value.place.code,
        period=periods.code_of(value.period, value.indicator.frequency),
        categories=tuple(c.code for c in value.combination.categories.all()),  # by dimension
        old=value.old_value if kind == CHANGED else (figure if kind == REMOVED else None),
        new=None if kind == REMOVED else figure,
    )


def replacement_notices(submission: Submission, earlier: list[Earlier]) -> list[str]:
    """One sentence per earlier submission: which it is, whether it counted, what approval does."""
    notices = []
    pending = submission.status in (
        SubmissionStatus.DRAFT,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.RETURNED,
    )
    for item in earlier:
        other = item.submission
        params = {
            "pk": other.pk,
            "date": item.approved_at.date().isoformat() if item.approved_at else "",
            "user": item.approved_by,
        }
        if item.counts_now and pending:
            text = _(
                "This submission replaces #%(pk)s (approved on %(date)s, by %(user)s): "
                "approving it retires the figures of #%(pk)s and counts these instead."
            )
        elif item.counts_now:
            text = _(
                "This submission was to replace #%(pk)s (approved on %(date)s, by %(user)s), "
                "whose figures still count."
            )
        elif item.counted:
            text = _(
                "This submission replaced #%(pk)s (approved on %(date)s, by %(user)s), "
                "whose figures no longer count."
            )
        else:
            text = _("This submission replaced #%(pk)s, which was never approved.")
        notices.append(text % params)
    return notices
