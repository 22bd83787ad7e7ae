"""The web form (grid) to enter values."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backbone.interchange import periods
from backbone.measurement.forms import GridChoiceForm
from backbone.measurement.models import Source
from backbone.measurement.permissions import Action
from backbone.measurement.submissions.grids import build_grids, grid_entries, prefill_grids
from backbone.measurement.submissions.imports import ImportRefused, rows_from_grid, store_rows
from backbone.measurement.views.templates import _template_places
from backbone.network.scope import scope_for


def submission_grid(request: HttpRequest, slug: str) -> HttpResponse:
    """The web form: one organization, one period, a grid per indicator and place, with the
    categories of the indicator's dimensions; empty cells are not reported."""
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    form = GridChoiceForm(request.GET or None, user=request.user, collective=collective)
    if not form.is_valid():
        return render(request, "measurement/grid.html", {"collective": collective, "form": form})
    organization = form.cleaned_data["organization"]
    period = form.cleaned_data["period"]
    indicators = form.cleaned_data["indicators"]
    places = _template_places(request.user, collective, organization)
    grids = build_grids(indicators, places, period)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    if request.method == "POST":
        entries, names = grid_entries(grids, request.POST)
        try:
            result = store_rows(
                collective=collective,
                organization=organization,
                user=request.user,
                table=rows_from_grid(entries),
                source=Source.WEB,
            )
        except ImportRefused as refusal:
            for problem in refusal.problems:
                if problem.row is None:
                    general.append(str(problem))
                else:
                    errors.setdefault(names[problem.row - 1], []).append(problem.message)
        else:
            messages.success(
                request,
                _("%(n)s values saved as a draft. Review them, then submit.") % {"n": result.rows},
            )
            return redirect("submission_detail", slug=collective.slug, pk=result.submission.pk)
    else:
        prefill_grids(grids, organization=organization, collective=collective)
    context = {
        "collective": collective,
        "form": form,
        "organization": organization,
        "period_code": periods.code_of(period, "monthly"),
        "grids": grids,
        "errors": errors,
        "general": general,
        "posted": request.POST if request.method == "POST" else None,
    }
    return render(
        request, "measurement/grid.html", context, status=422 if errors or general else 200
    )
