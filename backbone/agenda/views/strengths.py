"""The organizations' strengths: a matrix organizations × kinds of strength, the form for one
organization's strengths and the form adding a kind to the vocabulary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.agenda import selectors, services
from backbone.agenda.models import StrengthKind
from backbone.agenda.permissions import Action
from backbone.network.models import Organization
from backbone.network.scope import scope_for


def strengths(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    matrix = selectors.strengths_by_organization(here.collective)
    editable = {
        row.organization.pk
        for row in matrix.rows
        if here.can(Action.STRENGTH_EDIT, row.organization)
    }
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = next(
            (r for r in matrix.rows if r.organization.pk == int(request.GET["edit"])), None
        )
        if editing is not None and editing.organization.pk not in editable:
            editing = None
    vocabulary = (
        list(StrengthKind.objects.for_collective(editing.organization.collective))
        if editing
        else []
    )
    context = {
        "collective": here.collective,
        "matrix": matrix,
        "editable": editable,
        "editing": editing,
        "vocabulary": vocabulary,
        "can_define": here.can(Action.STRENGTH_DEFINE, here.collective),
    }
    return render(request, "agenda/strengths.html", context)


@require_POST
def strengths_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    organization = here.get_or_404(Organization.objects.active(), pk)
    here.require(Action.STRENGTH_EDIT, organization)
    chosen: dict[int, str] = {}
    try:
        for value in request.POST.getlist("kind"):
            if not value.isdigit():
                raise ValidationError(_("The form was changed: open the page again."))
            chosen[int(value)] = request.POST.get(f"note-{value}", "")
        services.organization_strengths_set(
            organization=organization, strengths=chosen, by=request.user
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(f"{reverse('agenda_strengths', args=[slug])}?edit={organization.pk}")
    messages.success(request, _("The strengths of %s are saved.") % organization.display_name)
    return redirect(f"{reverse('agenda_strengths', args=[slug])}#org-{organization.pk}")


@require_POST
def strength_kind_add(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.STRENGTH_DEFINE)
    try:
        kind = services.strength_kind_add(
            collective=here.collective, name=request.POST.get("name", ""), by=request.user
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("“%s” is added to the vocabulary.") % kind.name)
    return redirect("agenda_strengths", slug=slug)
