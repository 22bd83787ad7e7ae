"""Web views of the common agenda."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backbone.agenda import selectors, services
from backbone.agenda.models import AgendaVersion
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
    context = {
        "collective": here.collective,
        "history": history,
        "current": current,
        "chain": selectors.chain(current, collective=here.collective) if current else None,
        "status": selectors.endorsement_status(here.collective, history.versions),
        "can_edit": here.can(Action.AGENDA_EDIT, here.collective),
        "adoption": selectors.adoption_state(here.collective),
        "can_adopt": here.can(Action.AGENDA_ADOPT, here.collective),
        "children": selectors.adoptions_of_children(here.collective, current),
    }
    return render(request, "agenda/detail.html", context)


def agenda_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The next version, written as JSON of its lists (a structured editor is still to come)."""
    here = scope_for(request, slug, Action.AGENDA_EDIT)
    current = services.agenda_of(here.collective).current()
    error = ""
    if request.method == "POST":
        try:
            content = {
                "vision": request.POST.get("vision", ""),
                "problem": request.POST.get("problem", ""),
                **{
                    n: json.loads(request.POST.get(n) or "[]")
                    for n in ("goals", "strategies", "assumptions", "risks")
                },
            }
            version = services.agenda_publish(
                collective=here.collective,
                content=content,
                by=request.user,
                based_on=_number(request.POST.get("based_on")),
                change_note=request.POST.get("change_note", ""),
            )
        except json.JSONDecodeError as e:
            error = _("The lists are not valid JSON: %s") % e
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, _("Version %d published.") % version.number)
            return redirect("agenda_detail", slug=slug)
    lists = {
        n: json.dumps(getattr(current, n) if current else [], ensure_ascii=False, indent=1)
        for n in ("goals", "strategies", "assumptions", "risks")
    }
    context = {
        "collective": here.collective,
        "current": current,
        "lists": lists,
        "error": error,
        "post": request.POST,
    }
    return render(request, "agenda/edit.html", context)


def _number(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        raise ValidationError(_("The form was changed: open the page again.")) from None


def agenda_export(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    agenda = services.agenda_of(here.collective)
    found = AgendaVersion.objects.filter(agenda=agenda).select_related("agenda__collective")
    number = request.GET.get("version")
    version = found.filter(number=number).first() if number else found.order_by("-number").first()
    if version is None:
        raise Http404
    return JsonResponse(selectors.export(version), json_dumps_params={"ensure_ascii": False})
