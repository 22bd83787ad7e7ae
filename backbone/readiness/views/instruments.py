"""The instruments of a collective: copy a shipped one, read one with its versions side by
side, and write its next version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.documents.selectors import version_history
from backbone.lib.forms import add_service_errors
from backbone.network.scope import scope_for
from backbone.readiness import defaults, services
from backbone.readiness.forms import CopyForm, InstrumentEditForm
from backbone.readiness.models import Instrument
from backbone.readiness.permissions import Action


def instrument_list(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_VIEW)
    instruments = list(Instrument.objects.filter(collective=here.collective).order_by("name"))
    can_run = here.can(Action.READINESS_RUN, here.collective)
    copy = CopyForm(taken={i.copied_from for i in instruments}) if can_run else None
    context = {"collective": here.collective, "instruments": instruments, "copy_form": copy}
    return render(request, "readiness/instrument_list.html", context)


@require_POST
def instrument_copy(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_RUN)
    try:
        instrument = services.instrument_copy(
            collective=here.collective, key=request.POST.get("key", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("readiness_instruments", slug=slug)
    messages.success(request, _("Copied as version 1; edit it before the first round if you like."))
    return redirect("readiness_instrument", slug=slug, pk=instrument.pk)


def instrument_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_VIEW)
    instrument = get_object_or_404(Instrument, pk=pk, collective=here.collective)
    history = version_history(
        "instrument", instrument, request.user, a=request.GET.get("a"), b=request.GET.get("b")
    )
    current = history.current
    conditions = [
        (
            {**c, "title": defaults.shown(c["title"]), "group": defaults.shown(c.get("group", ""))},
            [
                {**s, "text": defaults.shown(s["text"])}
                for s in current.statements
                if s["condition"] == c["key"]
            ],
        )  # fmt: skip
        for c in (current.conditions if current else [])
    ]
    context = {
        "collective": here.collective,
        "instrument": instrument,
        "current": current,
        "conditions": conditions,
        "history": history,
        "can_edit": here.can(Action.READINESS_RUN, here.collective),
    }
    return render(request, "readiness/instrument_detail.html", context)


def instrument_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_RUN)
    instrument = get_object_or_404(Instrument, pk=pk, collective=here.collective)
    current = instrument.current_version()
    form = InstrumentEditForm(request.POST or None, version=current)
    if request.method == "POST" and form.is_valid():
        conditions, statements = form.content()
        try:
            version = services.instrument_publish(
                instrument=instrument,
                conditions=conditions,
                statements=statements,
                by=request.user,
                based_on=form.cleaned_data["based_on"],
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %d published.") % version.number)
            return redirect("readiness_instrument", slug=slug, pk=pk)
    context = {"collective": here.collective, "instrument": instrument, "form": form}
    status = 400 if form.errors else 200
    return render(request, "readiness/instrument_edit.html", context, status=status)
