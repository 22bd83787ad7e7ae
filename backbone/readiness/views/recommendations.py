"""The recommendation rules of an instrument (staff): per condition and score band, a
strength or a weakness and the next step the report shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.lib.forms import add_service_errors
from backbone.network.scope import scope_for
from backbone.readiness import services
from backbone.readiness.forms import RecommendationForm
from backbone.readiness.models import Instrument, Recommendation
from backbone.readiness.permissions import Action


def _instrument(request: HttpRequest, slug: str, pk: int):
    here = scope_for(request, slug, Action.READINESS_RUN)
    return here, get_object_or_404(Instrument, pk=pk, collective=here.collective)


def recommendation_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here, instrument = _instrument(request, slug, pk)
    version = instrument.current_version()
    conditions = version.conditions if version else []
    titles = {c["key"]: c["title"] for c in conditions}
    order = {c["key"]: i for i, c in enumerate(conditions)}
    # In the instrument's order of conditions, as the report lists them; a rule whose
    # condition a later version dropped comes last, under its key.
    rules = sorted(
        ((titles.get(r.condition, r.condition), r) for r in instrument.recommendations.all()),
        key=lambda pair: (order.get(pair[1].condition, len(order)), pair[1].band_min),
    )
    context = {
        "collective": here.collective,
        "instrument": instrument,
        "rules": rules,
        "form": RecommendationForm(instrument=instrument),
    }
    return render(request, "readiness/recommendation_list.html", context)


def recommendation_edit(
    request: HttpRequest, slug: str, pk: int, rule: int | None = None
) -> HttpResponse:
    """Add a rule (no `rule`) or change one."""
    here, instrument = _instrument(request, slug, pk)
    existing = get_object_or_404(Recommendation, pk=rule, instrument=instrument) if rule else None
    initial = (
        {
            "condition": existing.condition,
            "band_min": existing.band_min,
            "band_max": existing.band_max,
            "kind": existing.kind,
            "next_step": existing.next_step,
        }
        if existing
        else None
    )
    form = RecommendationForm(request.POST or None, initial=initial, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_save(
                instrument=instrument, recommendation=existing, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recommendation saved."))
            return redirect("readiness_recommendations", slug=slug, pk=pk)
    context = {
        "collective": here.collective,
        "instrument": instrument,
        "form": form,
        "rule": existing,
    }
    status = 400 if form.errors else 200
    return render(request, "readiness/recommendation_edit.html", context, status=status)


@require_POST
def recommendation_delete(request: HttpRequest, slug: str, pk: int, rule: int) -> HttpResponse:
    _here, instrument = _instrument(request, slug, pk)
    existing = get_object_or_404(Recommendation, pk=rule, instrument=instrument)
    services.recommendation_delete(recommendation=existing)
    messages.success(request, _("Recommendation deleted."))
    return redirect("readiness_recommendations", slug=slug, pk=pk)
