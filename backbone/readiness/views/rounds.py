"""Web views of readiness rounds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from backbone.network.scope import scope_for
from backbone.readiness import selectors
from backbone.readiness.forms import OpenRoundForm
from backbone.readiness.models import Participation, RespondentKind, Round
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
    round = get_object_or_404(
        Round.objects.select_related("version__instrument"), collective=collective, number=number
    )
    previous = (
        Round.objects.filter(collective=collective, number__lt=number).order_by("-number").first()
    )
    current = selectors.results(round)
    before = {r.key: r.score for r in selectors.results(previous)} if previous else {}
    # (earlier score, new) per condition, as selectors.movement says, without reading the
    # round's answers a second time.
    rows = [(r, (before.get(r.key), r.key not in before) if previous else None) for r in current]
    context = {
        "collective": collective,
        "round": round,
        "can_run": here.can(Action.READINESS_RUN, collective),
        "answered": round.pk in _answered(request.user, collective),
        "rows": rows,
        "previous": previous,
        "kinds": RespondentKind.choices,
    }
    return render(request, "readiness/report.html", context)
