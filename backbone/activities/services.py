"""Writing activities: one recorded by hand (checked as an import checks each row), progress
reported and reviewed, a comment, an overlap marked reviewed. Each refuses bad input with a
`ValidationError` naming the field and saying what is wrong, and saves nothing then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.accounts.selectors import staff_of
from backbone.activities.models import (
    Activity,
    ActivityComment,
    ActivityKind,
    ActivityOrganization,
    ActivityPlace,
    ActivityStatus,
    Group,
    OrganizationRole,
    OverlapReview,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
)
from backbone.events.services import record
from backbone.lib.translation import translations
from backbone.network.models import Collective, Organization, Place


def _url(activity: Activity) -> str:
    try:
        return reverse("activity_detail", args=[activity.collective.slug, activity.pk])
    except NoReverseMatch:  # the pages are not installed (a command-line-only deployment)
        return ""


def places_within(collective: Collective) -> set[int]:
    """The ids of the collective's place and of every place below it (one query)."""
    if collective.place_id is None:
        return set(Place.objects.values_list("pk", flat=True))
    children: dict[int | None, list[int]] = {}
    for pk, parent in Place.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [collective.place_id]
    while stack:
        pk = stack.pop()
        found.add(pk)
        stack.extend(children.get(pk, ()))
    return found


@dataclass
class PlaceFigures:
    place: Place
    targeted: int | None = None
    reached: int | None = None


@dataclass
class ActivityInput:
    """What an activity is, as a form or a row of a file gives it."""

    kind: ActivityKind
    title: str
    lead: Organization
    places: list[PlaceFigures]
    partners: list[tuple[Organization, str]] = field(default_factory=list)  # (org, role)
    description: str = ""
    strategy: str = ""
    working_group: object | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = ActivityStatus.PLANNED
    budget: Decimal | None = None
    currency: str = ""
    funding_source: str = ""
    groups: list[Group] = field(default_factory=list)
    indicators: list = field(default_factory=list)
    note: str = ""


def problems_of(data: ActivityInput, *, collective: Collective, within: set[int]) -> dict:
    """What is wrong with an activity, field → sentence (empty: nothing)."""
    problems: dict[str, str] = {}
    if not data.title.strip():
        problems["title"] = _("An activity needs a title: what is done.")
    if data.start and data.end and data.end < data.start:
        problems["end"] = _("It ends (%(end)s) before it starts (%(start)s).") % {
            "end": data.end.isoformat(),
            "start": data.start.isoformat(),
        }
    if data.status not in ActivityStatus.values:
        problems["status"] = _("“%(status)s” is not a status: %(known)s.") % {
            "status": data.status,
            "known": ", ".join(ActivityStatus.values),
        }
    if not data.places:
        problems["places"] = _("Say where the activity is done: at least one place.")
    for figures in data.places:
        if figures.place.pk not in within:
            problems["places"] = _("%(place)s is outside %(collective)s.") % {
                "place": figures.place.code,
                "collective": collective,
            }
            break
        if (
            figures.targeted is not None
            and figures.reached is not None
            and figures.reached > figures.targeted
            and not data.note.strip()
        ):
            problems["reached"] = _(
                "In %(place)s it reached %(reached)s people of %(targeted)s targeted: say why "
                "in the note, or correct the figures."
            ) % {
                "place": figures.place.code,
                "reached": figures.reached,
                "targeted": figures.targeted,
            }
            break
    if data.budget is not None and data.budget < 0:
        problems["budget"] = _("A budget cannot be below zero.")
    if data.budget is not None and not data.currency:
        problems["currency"] = _("A budget needs its currency (UAH, EUR, USD…).")
    return problems


def _check(data: ActivityInput, collective: Collective) -> None:
    problems = problems_of(data, collective=collective, within=places_within(collective))
    if problems:
        raise ValidationError(problems)


def _write_relations(activity: Activity, data: ActivityInput) -> None:
    activity.roles.all().delete()
    ActivityOrganization.objects.create(
        activity=activity, organization=data.lead, role=OrganizationRole.LEAD
    )
    for organization, role in data.partners:
        if organization.pk != data.lead.pk or role != OrganizationRole.LEAD:
            ActivityOrganization.objects.get_or_create(
                activity=activity, organization=organization, role=role
            )
    wanted = {figures.place.pk: figures for figures in data.places}
    for existing in activity.places.all():
        if existing.place_id not in wanted:
            existing.delete()
    for place_id, figures in wanted.items():
        ActivityPlace.objects.update_or_create(
            activity=activity,
            place_id=place_id,
            defaults={"targeted": figures.targeted, "reached": figures.reached},
        )
    activity.groups.set(data.groups)
    activity.indicators.set(data.indicators)


FIELDS = (
    "kind",
    "title",
    "description",
    "strategy",
    "working_group",
    "start",
    "end",
    "status",
    "budget",
    "currency",
    "funding_source",
    "note",
)


@transaction.atomic
def activity_create(*, collective: Collective, data: ActivityInput, by) -> Activity:
    _check(data, collective)
    activity = Activity.objects.create(
        collective=collective,
        created_by=by,
        **{name: getattr(data, name) for name in FIELDS},
    )
    # Its identity in a 3W file: an export of it imports back onto it, not beside it.
    activity.source_key = f"backbone-{activity.pk}"
    activity.save(update_fields=["source_key"])
    _write_relations(activity, data)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: ActivityInput) -> Activity:
    _check(data, activity.collective)
    for name in FIELDS:
        setattr(activity, name, getattr(data, name))
    activity.save()
    _write_relations(activity, data)
    return activity


@transaction.atomic
def activity_comment(*, activity: Activity, by, body: str) -> ActivityComment:
    if not body.strip():
        raise ValidationError({"body": _("Write the comment first.")})
    return ActivityComment.objects.create(activity=activity, author=by, body=body.strip())


@transaction.atomic
def progress_submit(
    *, activity: Activity, period: int, figures: Iterable[tuple[int, int, int]], by
) -> ProgressReport:
    """People reached in the period: (place id, combination id, reached) each. A report
    already approved is not replaced; a submitted or returned one is, whole."""
    figures = list(figures)
    places = set(activity.places.values_list("place_id", flat=True))
    if not figures:
        raise ValidationError({"figures": _("Give at least one figure of people reached.")})
    for place_id, _combination, reached in figures:
        if place_id not in places:
            raise ValidationError({"figures": _("The activity is not done in that place.")})
        if reached < 0:
            raise ValidationError({"figures": _("People reached cannot be below zero.")})
    report = ProgressReport.objects.select_for_update().filter(activity=activity, period=period)
    existing = report.first()
    if existing and existing.status == ProgressStatus.APPROVED:
        raise ValidationError(
            {"period": _("The report for this period is approved already; it stays as it is.")}
        )
    if existing is None:
        existing = ProgressReport.objects.create(activity=activity, period=period, submitted_by=by)
    else:
        existing.status, existing.submitted_by = ProgressStatus.SUBMITTED, by
        existing.submitted_at, existing.reviewed_by, existing.reviewed_at = (
            timezone.now(),
            None,
            None,
        )
        existing.save()
        existing.figures.all().delete()
    ProgressFigure.objects.bulk_create(
        ProgressFigure(report=existing, place_id=p, combination_id=c, reached=r)
        for p, c, r in figures
    )
    from backbone.interchange import periods

    record(
        "activity.progress_submitted",
        actor=by,
        collective=activity.collective,
        target=existing,
        audience=[u for u in staff_of(activity.collective) if u.pk != by.pk],
        message=gettext_noop("Progress of “%(activity)s” for %(period)s was submitted for review."),
        params={"activity": activity.title, "period": periods.code_of(period, "monthly")},
        url=_url(activity),
    )
    return existing


@transaction.atomic
def progress_review(
    *, report: ProgressReport, by, approve: bool, comment: str = ""
) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": _("Only a submitted report is reviewed; this one is %s.")
                % report.get_status_display()
            }
        )
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why it goes back, so the reporter can fix it.")})
    report.status = ProgressStatus.APPROVED if approve else ProgressStatus.RETURNED
    report.reviewed_by, report.reviewed_at, report.comment = by, timezone.now(), comment.strip()
    if approve and report.activity.kind.feeds_id is not None:
        report.submission = _feed_indicator(report, by)
    report.save()
    from backbone.interchange import periods

    activity = report.activity
    params = {
        "activity": activity.title,
        "period": periods.code_of(report.period, "monthly"),
        "reason": report.comment,
    }
    record(
        "activity.progress_approved" if approve else "activity.progress_returned",
        actor=by,
        collective=activity.collective,
        target=report,
        audience=[report.submitted_by],
        message=gettext_noop("Progress of “%(activity)s” for %(period)s was approved.")
        if approve
        else gettext_noop("Progress of “%(activity)s” for %(period)s was returned: %(reason)s"),
        params=params,
        url=_url(activity),
    )
    return report


def _feed_indicator(report: ProgressReport, by):
    """The approved figures as the lead organization's values of the indicator the kind
    feeds: a submission entered by whoever reported the progress and approved by its
    reviewer (left submitted, for another reviewer, where the four-eyes rule forbids that).
    Refused as a whole, with the indicator's own checks' reasons, if the values are not
    acceptable there."""
    from backbone.interchange import periods
    from backbone.measurement.models import Source
    from backbone.measurement.rollups.keys import combination_categories
    from backbone.measurement.submissions.imports import (
        ImportRefused,
        rows_from_grid,
        store_rows,
    )
    from backbone.measurement.submissions.workflow import (
        approval_refusal,
        submission_approve,
        submission_submit,
    )

    activity = report.activity
    lead = next(r.organization for r in activity.roles.all() if r.role == OrganizationRole.LEAD)
    categories = combination_categories()
    entries = [
        {
            "indicator": activity.kind.feeds.code,
            "place": figure.place.code,
            "period": periods.code_of(report.period, "monthly"),
            **categories.get(figure.combination_id, {}),
            "value": figure.reached,
        }
        for figure in report.figures.select_related("place")
    ]
    try:
        result = store_rows(
            collective=activity.collective,
            organization=lead,
            user=report.submitted_by,
            table=rows_from_grid(entries),
            source=Source.WEB,
            file_name=f"progress of activity {activity.pk}",
        )
    except ImportRefused as refusal:
        raise ValidationError(
            {
                "feeds": _("Its figures cannot count in %(indicator)s: %(reasons)s")
                % {
                    "indicator": activity.kind.feeds.code,
                    "reasons": "; ".join(str(p) for p in refusal.problems[:5]),
                }
            }
        ) from None
    submission = submission_submit(submission=result.submission, by=report.submitted_by)
    if not approval_refusal(submission=submission, by=by):
        submission = submission_approve(submission=submission, by=by)
    return submission


@transaction.atomic
def overlap_mark_reviewed(
    *,
    collective: Collective,
    place: Place,
    kind: ActivityKind,
    group: Group | None,
    year: int,
    reason: str,
    by,
) -> OverlapReview:
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why these activities complement each other rather than repeat.")}
        )
    review, _created = OverlapReview.objects.update_or_create(
        collective=collective,
        place=place,
        kind=kind,
        group=group,
        year=year,
        defaults={"reason": reason.strip(), "by": by, "at": timezone.now()},
    )
    record(
        "activity.overlap_reviewed",
        actor=by,
        collective=collective,
        target=review,
        message=gettext_noop(
            "%(kind)s in %(place)s (%(year)s) was found complementary, not a duplicate: %(reason)s"
        ),
        params={
            "kind": translations(kind, "name"),
            "place": place.code,
            "year": year,
            "reason": review.reason,
        },
    )
    return review


def _names(names: dict[str, str]) -> dict[str, str]:
    cleaned = {f"name_{code}": (names.get(code) or "").strip() for code in ("en", "uk", "he")}
    if not any(cleaned.values()):
        raise ValidationError({"name": _("Give a name in at least one language.")})
    # The untranslated column holds the first name given (English, else Ukrainian, else Hebrew).
    cleaned["name"] = next(v for v in cleaned.values() if v)
    return cleaned


def _code(model, collective: Collective, code: str, current) -> str:
    import re

    code = code.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", code):
        raise ValidationError(
            {"code": _("A code is up to 40 lowercase letters, digits and hyphens (foster-care).")}
        )
    clash = model.objects.filter(collective=collective, code=code)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        raise ValidationError({"code": _("“%s” is taken by another entry.") % code})
    return code


@transaction.atomic
def kind_save(
    *,
    collective: Collective,
    code: str,
    names: dict[str, str],
    strategy: str = "",
    sector: str = "",
    strengths: Iterable[str] = (),
    feeds=None,
    kind: ActivityKind | None = None,
) -> ActivityKind:
    """Add a kind of activity to the collective's vocabulary, or change one."""
    from backbone.activities.selectors import strategies_of
    from backbone.agenda.models import StrengthKind

    fields = _names(names) | {"code": _code(ActivityKind, collective, code, kind)}
    known = {s["key"] for s in strategies_of(collective)}
    if strategy and strategy not in known:
        raise ValidationError({"strategy": _("“%s” is not a strategy of the agenda.") % strategy})
    strengths = sorted(set(strengths))
    vocabulary = set(StrengthKind.objects.for_collective(collective).values_list("key", flat=True))
    if set(strengths) - vocabulary:
        raise ValidationError({"strengths": _("Choose strengths from the vocabulary.")})
    kind = kind or ActivityKind(collective=collective)
    for name, value in (
        fields | {"strategy": strategy, "sector": sector.strip(), "strengths": strengths}
    ).items():
        setattr(kind, name, value)
    kind.feeds = feeds
    kind.save()
    return kind


@transaction.atomic
def group_save(
    *,
    collective: Collective,
    code: str,
    names: dict[str, str],
    category=None,
    need_indicator=None,
    group: Group | None = None,
) -> Group:
    """Add a group served to the collective's vocabulary, or change one."""
    fields = _names(names) | {"code": _code(Group, collective, code, group)}
    group = group or Group(collective=collective)
    for name, value in fields.items():
        setattr(group, name, value)
    group.category, group.need_indicator = category, need_indicator
    group.save()
    return group
