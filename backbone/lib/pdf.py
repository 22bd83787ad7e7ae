"""Reports as PDF: a template rendered to HTML, laid out by WeasyPrint.

Nothing is fetched while a PDF is made (no file, no network): the PDF templates carry their
style inline (`templates/pdf/base.html`) and may only embed `data:` URIs. The fonts are the
system's (DejaVu, installed by the Makefile), which cover Latin, Cyrillic and Hebrew."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def pdf_from_template(template_name: str, context: dict, request=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pdf_response(template_name: str, context: dict, request, filename: str) -> HttpResponse:
    response = HttpResponse(
        pdf_from_template(template_name, context, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
