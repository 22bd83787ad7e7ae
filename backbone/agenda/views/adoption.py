"""An oblast collective adopts a version of its parent collective's agenda."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.agenda import services
from backbone.agenda.models import AgendaVersion
from backbone.agenda.permissions import Action
from backbone.network.scope import scope_for


@require_POST
def agenda_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_ADOPT)
    try:
        version = _version(here.collective, request.POST.get("version"))
        adoption = services.agenda_adopt(
            collective=here.collective,
            version=version,
            by=request.user,
            on=_date(request.POST.get("adopted_on")),
            note=request.POST.get("note", ""),
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("%(collective)s adopts version %(number)d of the agenda of %(parent)s.")
            % {
                "collective": here.collective,
                "number": adoption.version.number,
                "parent": here.collective.parent,
            },
        )
    return redirect("agenda_detail", slug=slug)


def _version(collective, number: str | None) -> AgendaVersion:
    """The version of the parent's agenda the form names (a number, never a pk: the form
    cannot point at another collective's agenda)."""
    try:
        return AgendaVersion.objects.get(
            agenda__collective_id=collective.parent_id, number=int(number or 0)
        )
    except (ValueError, AgendaVersion.DoesNotExist):
        raise ValidationError(_("There is no such version of the agenda to adopt.")) from None


def _date(text: str | None) -> dt.date | None:
    if not (text or "").strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(_("Give the date as YYYY-MM-DD.")) from None
