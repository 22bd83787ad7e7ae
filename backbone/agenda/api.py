"""The common agenda over the API: its versions with their endorsements, the current
version's content (the same as the JSON export), the adoptions of the agenda by the
collectives below, and the member organizations' strengths."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from backbone.agenda import selectors, services
from backbone.agenda.models import Adoption, AgendaVersion
from backbone.agenda.permissions import Action
from backbone.documents.selectors import attach_endorsements
from backbone.lib.api import InputSchema, ParamText, responses
from backbone.network.scope import scope_for

router = Router(tags=["agenda"])


class AgendaEndorsementOut(Schema):
    organization: str
    person: str
    date: str


class VersionOut(Schema):
    number: int
    published_at: datetime
    change_note: str
    endorsements: list[AgendaEndorsementOut]


def _versions(collective) -> list[AgendaVersion]:
    return list(
        AgendaVersion.objects.filter(agenda__collective=collective)
        .select_related("agenda__collective")
        .order_by("-number")
    )


@router.get("/collectives/{slug}/agenda/versions", response=responses({200: list[VersionOut]}))
def agenda_versions(request, slug: str):
    collective = scope_for(request, slug, Action.AGENDA_VIEW).collective
    return [
        {
            "number": v.number,
            "published_at": v.published_at,
            "change_note": v.change_note,
            "endorsements": [
                {
                    "organization": e.organization.name,
                    "person": str(e.person),
                    "date": e.given_on.isoformat(),
                }
                for e in v.endorsements
            ],
        }
        for v in attach_endorsements(_versions(collective))
    ]


class VersionIn(InputSchema):
    multiline = frozenset({"vision", "problem", "change_note", "goals", "strategies",
                           "assumptions", "risks"})  # fmt: skip

    vision: str
    problem: str = ""
    goals: list[dict[str, Any]] = []
    strategies: list[dict[str, Any]] = []
    assumptions: list[dict[str, Any]] = []
    risks: list[dict[str, Any]] = []
    change_note: str = ""
    based_on: int  # the number of the version the content was written from (0: none)


@router.post(
    "/collectives/{slug}/agenda/versions", response=responses({201: dict[str, Any]}, body=True)
)
def agenda_publish(request, slug: ParamText, payload: VersionIn):
    """Publish the next version (staff and the steering committee), its content shaped as the
    export's; refused when another version was published since `based_on`, or nothing changed."""
    collective = scope_for(request, slug, Action.AGENDA_EDIT).collective
    content = payload.dict()
    version = services.agenda_publish(
        collective=collective,
        content=content,
        by=request.auth,
        based_on=content.pop("based_on"),
        change_note=content.pop("change_note"),
    )
    return Status(201, selectors.export(version))


@router.get("/collectives/{slug}/agenda", response=responses({200: dict[str, Any]}))
def agenda_current(request, slug: str):
    collective = scope_for(request, slug, Action.AGENDA_VIEW).collective
    versions = _versions(collective)
    if not versions:
        raise Http404
    return selectors.export(versions[0])


class AdoptionOut(Schema):
    collective: str  # the adopting collective's slug
    agenda_of: str  # the slug of the collective whose agenda it adopted
    version: int
    adopted_on: date
    note: str
    in_force: bool  # the latest adoption of that collective; the others are its history


@router.get("/collectives/{slug}/agenda/adoptions", response=responses({200: list[AdoptionOut]}))
def agenda_adoptions(request, slug: str):
    """Every adoption by this collective and by the collectives below it, latest first."""
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    rows = (
        Adoption.objects.filter(collective_id__in=here.tree_ids)
        .select_related("collective", "version__agenda__collective")
        .order_by("collective__slug", "-adopted_on", "-pk")
    )
    seen: set[int] = set()
    result = []
    for adoption in rows:
        result.append(
            {
                "collective": adoption.collective.slug,
                "agenda_of": adoption.version.agenda.collective.slug,
                "version": adoption.version.number,
                "adopted_on": adoption.adopted_on,
                "note": adoption.note,
                "in_force": adoption.collective_id not in seen,
            }
        )
        seen.add(adoption.collective_id)
    return result


class StrengthOut(Schema):
    key: str
    name: str
    note: str


class OrganizationStrengthsOut(Schema):
    organization_id: int
    organization: str
    strengths: list[StrengthOut]


@router.get(
    "/collectives/{slug}/agenda/strengths",
    response=responses({200: list[OrganizationStrengthsOut]}),
)
def agenda_strengths(request, slug: str):
    """Each active member organization of the collective's tree with its strengths."""
    collective = scope_for(request, slug, Action.AGENDA_VIEW).collective
    matrix = selectors.strengths_by_organization(collective)
    return [
        {
            "organization_id": row.organization.pk,
            "organization": row.organization.name,
            "strengths": [
                {"key": s.kind.key, "name": s.kind.name, "note": s.note} for s in row.strengths
            ],
        }
        for row in matrix.rows
    ]
