"""Web views of readiness rounds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from backbone.network.scope import scope_for
from backbone.readiness import selectors
from backbone.readiness.models import RespondentKind, Round
from backbone.readiness.permissions import Action


def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.READINESS_VIEW).collective
    rounds = Round.objects.filter(collective=collective).select_related("version__instrument")
    return render(
        request, "readiness/round_list.html", {"collective": collective, "rounds": rounds}
    )


def round_report(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    collective = scope_for(request, slug, Action.READINESS_VIEW).collective
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
        "rows": rows,
        "previous": previous,
        "kinds": RespondentKind.choices,
    }
    return render(request, "readiness/report.html", context)
