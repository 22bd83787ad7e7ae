"""Web views of readiness rounds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backbone.network.scope import scope_for
from backbone.readiness import selectors
from backbone.readiness.forms import OpenRoundForm
from backbone.readiness.models import Participation, Round
from backbone.readiness.permissions import Action
from backbone.readiness.selectors import latest_versions, person_of


def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_VIEW)
    collective = here.collective
    rounds = Round.objects.filter(collective=collective).select_related("version__instrument")
    can_run = here.can(Action.READINESS_RUN, collective)
    context = {
        "collective": collective,
        "rounds": rounds,
        "answered": _answered(request.user, collective),
        "open_form": OpenRoundForm(versions=latest_versions(collective)) if can_run else None,
    }
    return render(request, "readiness/round_list.html", context)


def _answered(user, collective) -> set[int]:
    """The rounds the user's person has answered (anonymous or not: participation is apart)."""
    person = person_of(user, collective)
    if person is None:
        return set()
    return set(Participation.objects.filter(person=person).values_list("round_id", flat=True))


def round_report(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_VIEW)
    collective = here.collective
    round = selectors.round_of(collective, number)
    context = {
        "collective": collective,
        "round": round,
        "can_run": here.can(Action.READINESS_RUN, collective),
        "answered": round.pk in _answered(request.user, collective),
        "report": selectors.report(round),
    }
    return render(request, "readiness/report.html", context)


def compare(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_VIEW)
    try:
        version = int(request.GET.get("version") or 0)
    except ValueError:
        version = 0
    context = {
        "collective": here.collective,
        "comparison": selectors.comparison(here.collective, version),
    }
    return render(request, "readiness/compare.html", context)
