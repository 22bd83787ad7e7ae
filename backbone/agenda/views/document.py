"""Web views of the common agenda: the agenda page and its JSON export."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from backbone.agenda import exports, selectors, services
from backbone.agenda.permissions import Action
from backbone.documents.selectors import version_history
from backbone.network.scope import scope_for


def agenda_detail(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    agenda = services.agenda_of(here.collective)
    history = version_history(
        "agenda", agenda, request.user, a=request.GET.get("a"), b=request.GET.get("b")
    )
    current = history.current
    can_edit = here.can(Action.AGENDA_EDIT, here.collective)
    context = {
        "collective": here.collective,
        "history": history,
        "current": current,
        "chain": selectors.chain(current, collective=here.collective) if current else None,
        "risk_rows": exports.risk_rows(current) if current and current.risks else [],
        "status": selectors.endorsement_status(here.collective, history.versions),
        "can_edit": can_edit,
        "has_draft": can_edit and services.draft_of(here.collective) is not None,
        "adoption": selectors.adoption_state(here.collective),
        "can_adopt": here.can(Action.AGENDA_ADOPT, here.collective),
        "children": selectors.adoptions_of_children(here.collective, current),
    }
    return render(request, "agenda/detail.html", context)


def agenda_export(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    version = selectors.version_of(here.collective, request.GET.get("version"))
    if version is None:
        raise Http404
    return JsonResponse(selectors.export(version), json_dumps_params={"ensure_ascii": False})
