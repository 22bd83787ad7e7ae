"""A round's report as PDF, and its answers as CSV or XLSX (staff: answers are raw data)."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from backbone.lib.pdf import pdf_response
from backbone.network.scope import scope_for
from backbone.readiness import selectors
from backbone.readiness.permissions import Action

COLUMNS = ["round", "respondent", "respondent_kind", "submitted_on", "statement", "condition",
           "score"]  # fmt: skip


def _cell(text: str) -> str:
    """A name a spreadsheet would run as a formula (=, +, -, @ first) is written quoted."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def report_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    collective = scope_for(request, slug, Action.READINESS_VIEW).collective
    round = selectors.round_of(collective, number)
    context = {"collective": collective, "round": round, "report": selectors.report(round)}
    name = f"readiness-{collective.slug}-{number}-{slugify(round.title) or 'round'}.pdf"
    return pdf_response("readiness/report_pdf.html", context, request, name)


def answers_export(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.READINESS_RUN).collective
    round = selectors.round_of(collective, number)
    rows = [
        [
            number,
            _cell(r["respondent"] or ""),
            r["respondent_kind"],
            r["submitted_on"].isoformat(),
            r["statement"],
            r["condition"],
            "" if r["score"] is None else r["score"],
        ]  # fmt: skip
        for r in selectors.answer_rows(round)
    ]
    name = f"readiness-answers-{collective.slug}-{number}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("answers")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
