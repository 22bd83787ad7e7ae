"""The phases page of a collective: its checklist, ticks by hand, and moves between phases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.lib.forms import add_service_errors
from backbone.network.scope import scope_for
from backbone.phases import selectors, services
from backbone.phases.forms import MoveForm, TickForm
from backbone.phases.milestones import PHASES
from backbone.phases.models import MilestoneTick
from backbone.phases.permissions import Action


def phases(request: HttpRequest, slug: str, move_form: MoveForm | None = None) -> HttpResponse:
    scope = scope_for(request, slug, Action.PHASE_VIEW)
    collective = scope.collective
    can_manage = scope.can(Action.PHASE_MANAGE, collective)
    if can_manage and move_form is None:
        later = PHASES[min(PHASES.index(collective.phase) + 1, len(PHASES) - 1)]
        move_form = MoveForm(initial={"expected": collective.phase, "to_phase": later})
    context = {
        "collective": collective,
        "checklist": selectors.checklist(collective),
        "moves": selectors.moves(collective),
        "tree": selectors.tree(collective) if collective.children.exists() else [],
        "can_manage": can_manage,
        "move_form": move_form if can_manage else None,
    }
    status = 400 if move_form is not None and move_form.errors else 200
    return render(request, "phases/phases.html", context, status=status)


@require_POST
def milestone_tick(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.PHASE_MANAGE)
    form = TickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was ticked: say how the milestone was met."))
        return redirect("phases", slug=slug)
    try:
        services.milestone_tick(collective=scope.collective, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Milestone ticked."))
    return redirect("phases", slug=slug)


@require_POST
def milestone_untick(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.PHASE_MANAGE)
    tick = get_object_or_404(MilestoneTick, pk=pk, collective=scope.collective)
    try:
        services.milestone_untick(tick=tick, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Milestone unticked; the earlier tick stays in the history."))
    return redirect("phases", slug=slug)


@require_POST
def phase_move(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.PHASE_MANAGE)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            move = services.phase_move(
                collective=scope.collective, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Moved to “%s”; the decision is recorded.") % move.get_to_phase_display()
            )
            return redirect("phases", slug=slug)
    return phases(request, slug, move_form=form)
