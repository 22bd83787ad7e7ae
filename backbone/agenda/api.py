"""The common agenda over the API: its versions with their endorsements, and the current
version's content (the same as the JSON export)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from backbone.agenda import selectors
from backbone.agenda.models import AgendaVersion
from backbone.agenda.permissions import Action
from backbone.documents.selectors import attach_endorsements
from backbone.lib.api import responses
from backbone.network.scope import scope_for

router = Router(tags=["agenda"])


class EndorsementOut(Schema):
    organization: str
    person: str
    date: str


class VersionOut(Schema):
    number: int
    published_at: datetime
    change_note: str
    endorsements: list[EndorsementOut]


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


@router.get("/collectives/{slug}/agenda", response=responses({200: dict[str, Any]}))
def agenda_current(request, slug: str):
    collective = scope_for(request, slug, Action.AGENDA_VIEW).collective
    versions = _versions(collective)
    if not versions:
        raise Http404
    return selectors.export(versions[0])
