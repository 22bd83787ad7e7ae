"""A version of the common agenda as a file to share: PDF (WeasyPrint, through lib/pdf.py)
and DOCX (python-docx), with the same sections: vision, problem, goals with their indicators,
strategies with their owners, assumptions, the risk register and the endorsements. Both are
built from selectors.printed, so the two files say the same thing."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backbone.agenda import selectors
from backbone.agenda.models import AgendaVersion
from backbone.lib.pdf import pdf_from_template

PDF_TEMPLATE = "agenda/pdf.html"


def filename(version: AgendaVersion, extension: str) -> str:
    return f"agenda-{version.agenda.collective.slug}-v{version.number}.{extension}"


def level(value: str | None) -> str:
    """low / medium / high in the reader's language."""
    return {"low": _("Low"), "medium": _("Medium"), "high": _("High")}.get(value or "", "—")


def horizon(value: str | None) -> str:
    return {"short": _("Short term"), "long": _("Long term")}.get(value or "", "")


def pdf_bytes(version: AgendaVersion, request=None) -> bytes:
    doc = selectors.printed(version)
    return pdf_from_template(PDF_TEMPLATE, {"doc": doc, **_labels(doc)}, request=request)


def _labels(doc: selectors.Printed) -> dict:
    """What the template cannot translate itself: the levels and horizons of the items."""
    return {
        "risk_rows": [
            {
                **r,
                "likelihood_label": level(r.get("likelihood")),
                "impact_label": level(r.get("impact")),
            }
            for r in doc.risks
        ],
        "goal_rows": [{**g, "horizon_label": horizon(g.get("horizon"))} for g in doc.goals],
    }


def risk_rows(version: AgendaVersion) -> list[dict]:
    """The risk register as the agenda page, the PDF and the DOCX show it."""
    return _labels(selectors.printed(version))["risk_rows"]


def docx_bytes(version: AgendaVersion) -> bytes:
    from docx import Document  # python-docx, loaded only when a DOCX is asked for

    doc = selectors.printed(version)
    labels = _labels(doc)
    out = Document()
    out.add_heading(_("Common agenda of %s") % doc.collective.name, level=0)
    published = date_format(version.published_at, "SHORT_DATE_FORMAT")
    out.add_paragraph(
        _("Version %(n)d, published %(date)s") % {"n": version.number, "date": published}
    )
    if version.change_note:
        out.add_paragraph(version.change_note)
    out.add_heading(_("Vision"), level=1)
    out.add_paragraph(version.vision)
    if version.problem:
        out.add_heading(_("Problem"), level=1)
        out.add_paragraph(version.problem)

    out.add_heading(_("Goals"), level=1)
    for goal in labels["goal_rows"]:
        out.add_heading(goal.get("title") or goal["key"], level=2)
        facts = [goal["horizon_label"]] if goal["horizon_label"] else []
        if goal.get("target_date"):
            facts.append(_("by %s") % goal["target_date"])
        if facts:
            out.add_paragraph(" · ".join(facts))
        names = ", ".join(
            f"{code} — {name}" if name else code for code, name in goal["indicator_names"]
        )
        out.add_paragraph(f"{_('Indicators')}: {names or _('none')}")

    out.add_heading(_("Strategies"), level=1)
    for strategy in doc.strategies:
        line = strategy.get("title") or strategy["key"]
        if strategy["goal_title"]:
            line += f" — {_('Goal')}: {strategy['goal_title']}"
        line += f" — {_('Owner')}: {strategy['owner_name'] or _('none')}"
        out.add_paragraph(line, style="List Bullet")

    if doc.assumptions:
        out.add_heading(_("Assumptions (theory of change)"), level=1)
        for assumption in doc.assumptions:
            codes = ", ".join(code for code, _name in assumption["indicator_names"])
            text = assumption.get("text") or assumption["key"]
            out.add_paragraph(f"{text} — {codes}" if codes else text, style="List Bullet")

    out.add_heading(_("Risk register"), level=1)
    header = [
        _("Risk"),
        _("Likelihood"),
        _("Impact"),
        _("Mitigation"),
        _("Owner"),
        _("Status"),
        _("Review date"),
        _("Threatens"),
    ]
    table = out.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for risk in labels["risk_rows"]:
        cells = table.add_row().cells
        values = [
            risk.get("risk") or risk["key"],
            risk["likelihood_label"],
            risk["impact_label"],
            risk.get("mitigation") or "—",
            risk.get("owner") or "—",
            risk.get("status") or "—",
            risk.get("review_date") or "—",
            risk["threatens_label"] or "—",
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)

    out.add_heading(_("Endorsements"), level=1)
    if not doc.endorsements:
        out.add_paragraph(_("No organization has endorsed this version yet."))
    for endorsement in doc.endorsements:
        out.add_paragraph(
            _("%(org)s — by %(person)s, %(date)s")
            % {
                "org": endorsement.organization.display_name,
                "person": endorsement.person.display_name,
                "date": date_format(endorsement.given_on, "SHORT_DATE_FORMAT"),
            },
            style="List Bullet",
        )
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
