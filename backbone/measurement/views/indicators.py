"""The dashboard and an indicator's page (series, breakdowns, their download)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from backbone.interchange import writers
from backbone.measurement.forms import AdjustmentForm
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.breakdowns import dimension_breakdowns, place_breakdown
from backbone.measurement.selectors.dashboard import dashboard as dashboard_rows
from backbone.measurement.selectors.series import context as rollup_context
from backbone.measurement.selectors.series import indicator_series
from backbone.measurement.views.common import _download, _indicator
from backbone.network.scope import request_scope, scope_for


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    context = {
        "collective": collective,
        "rows": dashboard_rows(collective),
        "can_submit": request_scope(request).can(Action.SUBMISSION_LIST, collective),
        "can_see_completeness": request_scope(request).can(Action.COMPLETENESS_VIEW, collective),
        "can_edit": request_scope(request).can(Action.INDICATOR_EDIT, collective),
        "can_export": request_scope(request).can(Action.MEASUREMENT_MANAGE, collective),
    }
    return render(request, "measurement/dashboard.html", context)


def indicator_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    indicator = _indicator(collective, code)
    ctx = rollup_context()
    series = indicator_series(indicator, collective, ctx)
    places = place_breakdown(indicator, collective, 1, ctx)
    breakdowns = dimension_breakdowns(indicator, collective, ctx)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        table = request.GET.get("table", "series")
        sheet = _shown_sheet(table, series, places, breakdowns)
        return _download(writers.write(sheet, fmt), f"{indicator.code}-{table}.{fmt}", fmt)
    chart = {
        "labels": [p["period"] for p in series.points],
        "values": [p["value"] for p in series.points],
        "partial": [p["partial"] for p in series.points],
        "claimed": [p["claimed"] for p in series.points] if series.deduplicated else None,
        "baseline": series.baseline,
        "target": series.target,
        "definitions": series.definitions,
        "label": indicator.localized_name,
        "labels_text": {
            "value": _("Value"),
            "claimed": _("Sum of partner claims"),
            "baseline": _("Baseline"),
            "target": _("Target"),
            "definition": _("Definition v%s"),
            "partial": _("still coming in"),
        },
    }
    context = {
        "collective": collective,
        "indicator": indicator,
        "definition": indicator.current_definition(),
        "versions": indicator.versions.order_by("-number"),
        "series": series,
        "places": places,
        "breakdowns": breakdowns,
        "chart": chart,
        "can_edit": request_scope(request).can(Action.INDICATOR_EDIT, collective),
        "adjustments": indicator.adjustments.filter(collective_id__in=collective.tree_ids())
        .select_related("place", "by")
        .order_by("-period")[:50],
        "adjustment_form": AdjustmentForm()
        if request_scope(request).can(Action.MEASUREMENT_MANAGE, collective)
        and indicator.aggregation == "sum"
        else None,
    }
    return render(request, "measurement/indicator_detail.html", context)


def _shown_sheet(table: str, series, places, breakdowns) -> writers.Sheet:
    """Exactly the table shown under a chart."""
    if table == "places":
        return writers.Sheet(
            headers=["place", "name", "period", "value"],
            rows=[[r["place"], r["name"], places["period"], r["value"]] for r in places["rows"]],
        )
    for breakdown in breakdowns:
        if table == f"dim-{breakdown['dimension'].code}":
            return writers.Sheet(
                headers=[
                    "period",
                    *(c.code for c in breakdown["categories"]),
                    "definition_version",
                ],
                rows=[[r["period"], *r["values"], r["definition"]] for r in breakdown["rows"]],
            )
    headers = ["period", "value"]
    if series.deduplicated:
        headers.append("sum_of_partner_claims")
    headers.append("definition_version")  # a download crossing a definition change marks it
    rows = [
        [
            p["period"],
            p["value"],
            *([p["claimed"]] if series.deduplicated else []),
            p["definition"],
        ]
        for p in series.points
    ]
    return writers.Sheet(headers=headers, rows=rows)
