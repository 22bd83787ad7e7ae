"""Defining indicators: a new one, a new definition, targets and de-duplication adjustments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.documents.selectors import version_history
from backbone.lib.forms import add_service_errors, translated_initial
from backbone.measurement import services
from backbone.measurement.forms import AdjustmentForm, DefinitionForm, IndicatorForm, TargetForm
from backbone.measurement.permissions import Action
from backbone.measurement.views.common import _indicator
from backbone.network.scope import request_scope, scope_for


def indicator_create(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_EDIT).collective
    form = IndicatorForm(request.POST or None, collective=collective)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                collective=collective, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator “%s” created.") % indicator.code)
            return redirect("indicator_detail", slug=slug, code=indicator.code)
    return render(
        request,
        "measurement/indicator_form.html",
        {"collective": collective, "form": form, "title": _("New indicator")},
    )


def definition_versions(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Every definition of the indicator, two side by side, and their endorsements."""
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    indicator = _indicator(collective, code)
    history = version_history(
        "definition", indicator, request.user, a=request.GET.get("a"), b=request.GET.get("b")
    )
    context = {
        "collective": collective,
        "indicator": indicator,
        "history": history,
        "can_redefine": indicator.collective_id == collective.pk
        and request_scope(request).can(Action.INDICATOR_EDIT, collective),
    }
    return render(request, "measurement/definition_versions.html", context)


def indicator_redefine(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_EDIT).collective
    indicator = _indicator(collective, code)
    if indicator.collective_id != collective.pk:
        # An inherited indicator is defined where it belongs (services.indicator_redefine).
        return redirect("indicator_redefine", slug=indicator.collective.slug, code=code)
    current = indicator.current_definition()
    initial = {"based_on": current.number if current else 0}
    if current:
        initial.update(translated_initial(current, "counting_rule", "inclusion", "exclusion"))
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_redefine(
                indicator=indicator, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("New definition recorded; charts mark the change."))
            return redirect("indicator_detail", slug=slug, code=code)
    title = _("Change the definition of %s") % indicator.localized_name
    context = {"collective": collective, "form": form, "title": title, "indicator": indicator}
    return render(request, "measurement/indicator_form.html", context)


def target_set(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_EDIT).collective
    indicator = _indicator(collective, code)
    form = TargetForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(indicator=indicator, collective=collective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("indicator_detail", slug=slug, code=code)
    title = _("Baseline or target for %s") % indicator.localized_name
    context = {"collective": collective, "form": form, "title": title, "indicator": indicator}
    return render(request, "measurement/indicator_form.html", context)


@require_POST
def adjustment_add(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.MEASUREMENT_MANAGE).collective
    indicator = _indicator(collective, code)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjustment_set(
                collective=collective, indicator=indicator, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Overlap recorded; the de-duplicated figure changed."))
    else:
        problems = [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
        messages.error(request, " ".join(problems))
    return redirect(reverse("indicator_detail", args=[slug, code]) + "#adjustments")
