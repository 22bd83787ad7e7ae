"""Reading across the collective's activities: the matrix (places × strategies or kinds), the
map of Ukraine's oblasts, the gaps, the overlaps (and marking one reviewed) and
complementarity. Each asks one selector and lays its answer out for the template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.activities import selectors, services
from backbone.activities.forms import AnalysisFilterForm, OverlapReviewForm
from backbone.activities.models import ActivityKind, Group
from backbone.activities.permissions import Action
from backbone.activities.views import tilemap
from backbone.activities.views.common import activities_scope, short_name
from backbone.network.models import Place


def _filters(request, here) -> tuple[AnalysisFilterForm, dict]:
    form = AnalysisFilterForm(request.GET or None, collective=here.collective)
    chosen: dict = {"by": "strategy"}
    if form.is_valid():
        data = form.cleaned_data
        chosen = {
            "by": data["by"] or "strategy",
            "year": data["year"],
            "group": data["group"],
            "statuses": tuple(data["statuses"]) or None,
            "working_group_id": data["working_group"].pk if data["working_group"] else None,
        }
    return form, chosen


def _rows(matrix: selectors.Matrix) -> list[dict]:
    """Each place with its cells in the order of the columns, organizations by short name."""
    names = {pk: short_name(o) for pk, o in matrix.organizations.items()}
    rows = []
    for row in matrix.rows:
        cells = []
        for key, _label in matrix.columns:
            cell = row.cells.get(key)
            cells.append(
                {
                    "organizations": sorted(names.get(i, "?") for i in cell.organization_ids)
                    if cell
                    else [],
                    "reached": cell.reached if cell else 0,
                    "activities": cell.activities if cell else 0,
                }
            )
        rows.append(
            {
                "place": row.place,
                "cells": cells,
                "organizations": len(row.organizations),
                "reached": row.reached,
                "need": row.need,
                "coverage": round(row.coverage * 100) if row.coverage is not None else None,
            }
        )
    return rows


def matrix(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    form, chosen = _filters(request, here)
    found = selectors.matrix(here.collective, **chosen)
    context = {
        "collective": here.collective,
        "form": form,
        "matrix": found,
        "rows": _rows(found),
        "show_need": found.group is not None and found.has_need,
    }
    return render(request, "activities/matrix.html", context)


def activity_map(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    form, chosen = _filters(request, here)
    place = here.collective.place
    # In Ukraine the map is of its oblasts, whatever the collective's own level.
    level = 1 if place is not None and place.code.upper().startswith("UA") else None
    found = selectors.matrix(here.collective, level=level, **chosen)
    rows = _rows(found)
    show_need = found.group is not None and found.has_need
    tiles = tilemap.tiles(rows, by_coverage=show_need)
    context = {
        "collective": here.collective,
        "form": form,
        "matrix": found,
        "rows": rows,
        "show_need": show_need,
        "tiles": tiles,
        "legend": tilemap.legend(by_coverage=show_need),
        "map_size": tilemap.size(),
    }
    return render(request, "activities/map.html", context)


def gaps(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    year = request.GET.get("year", "")
    found = selectors.gaps(here.collective, year=int(year) if year.isdigit() else None)
    titles = {
        s["key"]: s.get("title") or s["key"] for s in selectors.strategies_of(here.collective)
    }
    context = {
        "collective": here.collective,
        "year": year if year.isdigit() else "",
        "strategy_gaps": [
            {"key": g.strategy, "title": titles.get(g.strategy, g.strategy)}
            for g in found
            if g.reason == "strategy"
        ],
        "group_gaps": [g for g in found if g.reason == "group"],
    }
    return render(request, "activities/gaps.html", context)


def overlaps(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    year = request.GET.get("year", "")
    chosen_year = int(year) if year.isdigit() else None
    context = {
        "collective": here.collective,
        "year": year if year.isdigit() else "",
        "open": selectors.overlaps(here.collective, year=chosen_year, reviewed=False),
        "reviewed": selectors.overlaps(here.collective, year=chosen_year, reviewed=True),
        "can_review": here.can(Action.OVERLAP_REVIEW),
    }
    return render(request, "activities/overlaps.html", context)


@require_POST
def overlap_review(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    here.require(Action.OVERLAP_REVIEW)
    form = OverlapReviewForm(request.POST)
    if not form.is_valid():
        raise Http404  # the hidden fields were changed
    data = form.cleaned_data
    kinds = ActivityKind.objects.for_collective(here.collective)
    try:
        kind = kinds.get(pk=data["kind"])
        place = Place.objects.get(pk=data["place"])
        group = (
            Group.objects.for_collective(here.collective).get(pk=data["group"])
            if data["group"]
            else None
        )
    except (ActivityKind.DoesNotExist, Place.DoesNotExist, Group.DoesNotExist):
        raise Http404 from None
    target = reverse("activity_overlaps", args=[slug])
    try:
        services.overlap_mark_reviewed(
            collective=here.collective,
            place=place,
            kind=kind,
            group=group,
            year=data["year"],
            reason=data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(
            f"{target}#overlap-{place.pk}-{kind.pk}-{group.pk if group else 0}-{data['year']}"
        )
    messages.success(
        request,
        _("Marked complementary: %(kind)s in %(place)s, %(year)s.")
        % {"kind": kind, "place": place, "year": data["year"]},
    )
    return redirect(target)


def complementarity(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    suggestions = selectors.complementarity(here.collective)
    by_strategy: dict[str, dict] = {}
    for suggestion in suggestions:
        key = suggestion.strategy["key"]
        by_strategy.setdefault(key, {"strategy": suggestion.strategy, "suggestions": []})
        by_strategy[key]["suggestions"].append(suggestion)
    context = {"collective": here.collective, "strategies": list(by_strategy.values())}
    return render(request, "activities/complementarity.html", context)
