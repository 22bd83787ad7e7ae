"""The agenda as a file: PDF and DOCX of a version (?version=N, else the current one), for
the collective's members as the agenda page is."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from backbone.agenda import exports, selectors
from backbone.agenda.permissions import Action
from backbone.network.scope import scope_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _version(request: HttpRequest, slug: str):
    here = scope_for(request, slug, Action.AGENDA_VIEW)
    version = selectors.version_of(here.collective, request.GET.get("version"))
    if version is None:
        raise Http404
    return version


def agenda_export_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    version = _version(request, slug)
    response = HttpResponse(exports.pdf_bytes(version, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(version, "pdf")}"'
    return response


def agenda_export_docx(request: HttpRequest, slug: str) -> HttpResponse:
    version = _version(request, slug)
    response = HttpResponse(exports.docx_bytes(version), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(version, "docx")}"'
    return response
