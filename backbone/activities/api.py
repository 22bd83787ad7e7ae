"""JSON API of activities (the 3W): the list, recording one, progress, gaps and overlaps —
under the same permission rules and the same services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from backbone.activities import selectors, services
from backbone.activities.models import Activity, ActivityKind, Group, OrganizationRole
from backbone.activities.permissions import Action
from backbone.lib.api import InputSchema, ParamText, responses
from backbone.measurement.services import combination_for
from backbone.network.models import Organization, Place
from backbone.network.scope import scope_for

router = Router(tags=["activities"])


class PlaceOut(Schema):
    place: str
    targeted: int | None
    reached: int | None


class RoleOut(Schema):
    organization: int
    name: str
    role: str


class ActivityOut(Schema):
    id: int
    key: str
    title: str
    kind: str
    strategy: str
    status: str
    start: dt.date | None
    end: dt.date | None
    budget: Decimal | None
    currency: str
    organizations: list[RoleOut]
    places: list[PlaceOut]
    groups: list[str]


class PlaceIn(InputSchema):
    place: str  # code or p-code
    targeted: int | None = None
    reached: int | None = None


class PartnerIn(InputSchema):
    organization: int
    role: str = OrganizationRole.IMPLEMENTING


class ActivityIn(InputSchema):
    multiline = frozenset({"description", "note"})

    kind: str  # the kind's code
    title: str
    lead: int  # the lead organization's id
    places: list[PlaceIn]
    partners: list[PartnerIn] = []
    description: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = "planned"
    groups: list[str] = []  # codes
    budget: Decimal | None = None
    currency: str = ""
    funding_source: str = ""
    note: str = ""


class FigureIn(InputSchema):
    place: str
    reached: int


class ProgressIn(InputSchema):
    period: str  # 2026-05
    figures: list[FigureIn]


class ProgressOut(Schema):
    id: int
    period: int
    status: str


class GapOut(Schema):
    place: str | None
    strategy: str
    group: str | None
    need: float | None
    reason: str


class OverlapOut(Schema):
    place: str
    kind: str
    group: str | None
    year: int
    organizations: list[str]
    reached: list[int | None]
    reviewed: str | None


def _out(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "key": activity.source_key,
        "title": activity.title,
        "kind": activity.kind.code,
        "strategy": activity.strategy_key,
        "status": activity.status,
        "start": activity.start,
        "end": activity.end,
        "budget": activity.budget,
        "currency": activity.currency,
        "organizations": [
            {"organization": r.organization_id, "name": r.organization.name, "role": r.role}
            for r in activity.roles.all()
        ],
        "places": [
            {"place": p.place.code, "targeted": p.targeted, "reached": p.reached}
            for p in activity.places.all()
        ],
        "groups": [g.code for g in activity.groups.all()],
    }


def _place(code: str, field: str) -> Place:
    place = Place.objects.filter(code=code).first() or Place.objects.filter(pcode=code).first()
    if place is None:
        raise ValidationError({field: f"No place “{code}”."})
    return place


@router.get("/collectives/{slug}/activities", response=responses({200: list[ActivityOut]}))
def list_activities(request, slug: ParamText):
    """The activities of the collective and the collectives below it."""
    collective = scope_for(request, slug, Action.ACTIVITY_VIEW).collective
    activities = (
        Activity.objects.filter(collective_id__in=collective.tree_ids())
        .select_related("kind")
        .prefetch_related("roles__organization", "places__place", "groups")
        .order_by("pk")
    )
    return [_out(a) for a in activities]


@router.post("/collectives/{slug}/activities", response=responses({201: ActivityOut}, body=True))
def create_activity(request, slug: ParamText, payload: ActivityIn):
    """Record an activity: a reporter for their own organization, staff for any."""
    scope = scope_for(request, slug, Action.ACTIVITY_VIEW)
    collective = scope.collective
    lead = get_object_or_404(Organization, pk=payload.lead, collective_id__in=scope.tree_ids)
    scope.require(Action.ACTIVITY_CREATE, lead)
    kind = ActivityKind.objects.for_collective(collective).filter(code=payload.kind).first()
    if kind is None:
        raise ValidationError({"kind": f"“{payload.kind}” is not a kind of activity here."})
    groups = list(Group.objects.for_collective(collective).filter(code__in=payload.groups))
    if len(groups) != len(set(payload.groups)):
        raise ValidationError({"groups": "Some of these are not groups this collective serves."})
    partners = []
    for partner in payload.partners:
        if partner.role not in OrganizationRole.values:
            raise ValidationError({"partners": f"“{partner.role}” is not a role."})
        organization = get_object_or_404(
            Organization, pk=partner.organization, collective_id__in=scope.tree_ids
        )
        partners.append((organization, partner.role))
    data = services.ActivityInput(
        kind=kind,
        title=payload.title,
        lead=lead,
        places=[
            services.PlaceFigures(_place(p.place, "places"), p.targeted, p.reached)
            for p in payload.places
        ],
        partners=partners,
        description=payload.description,
        start=payload.start,
        end=payload.end,
        status=payload.status,
        groups=groups,
        budget=payload.budget,
        currency=payload.currency.upper(),
        funding_source=payload.funding_source,
        note=payload.note,
    )
    activity = services.activity_create(collective=collective, data=data, by=request.auth)
    return Status(201, _out(activity))


@router.post(
    "/collectives/{slug}/activities/{pk}/progress",
    response=responses({201: ProgressOut}, body=True),
)
def submit_progress(request, slug: ParamText, pk: int, payload: ProgressIn):
    """People reached in a month, per place (the total; the pages split it further)."""
    from backbone.interchange import periods

    scope = scope_for(request, slug, Action.ACTIVITY_VIEW)
    activity = get_object_or_404(Activity, pk=pk, collective_id__in=scope.tree_ids)
    if not scope.can(Action.ACTIVITY_EDIT, activity):
        raise PermissionDenied(Action.ACTIVITY_EDIT)
    period = periods.parse(payload.period)
    if period is None or period.frequency != "monthly":
        raise ValidationError({"period": "Write the month as 2026-05."})
    total = combination_for([])
    report = services.progress_submit(
        activity=activity,
        period=period.start,
        figures=[(_place(f.place, "figures").pk, total, f.reached) for f in payload.figures],
        by=request.auth,
    )
    return Status(201, {"id": report.pk, "period": report.period, "status": report.status})


@router.get("/collectives/{slug}/activities/gaps", response=responses({200: list[GapOut]}))
def list_gaps(request, slug: ParamText, year: int | None = None):
    collective = scope_for(request, slug, Action.ACTIVITY_VIEW).collective
    return [
        {
            "place": gap.place.code if gap.place else None,
            "strategy": gap.strategy,
            "group": gap.group.code if gap.group else None,
            "need": gap.need,
            "reason": gap.reason,
        }
        for gap in selectors.gaps(collective, year=year)
    ]


@router.get("/collectives/{slug}/activities/overlaps", response=responses({200: list[OverlapOut]}))
def list_overlaps(request, slug: ParamText, year: int | None = None):
    collective = scope_for(request, slug, Action.ACTIVITY_VIEW).collective
    return [
        {
            "place": o.place.code,
            "kind": o.kind.code,
            "group": o.group.code if o.group else None,
            "year": o.year,
            "organizations": [org.name for org in o.organizations],
            "reached": [a.reached_here for a in o.activities],
            "reviewed": o.review.reason if o.review else None,
        }
        for o in selectors.overlaps(collective, year=year, reviewed=None)
    ]
