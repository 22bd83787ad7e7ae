"""The equity view of an indicator, and the completeness page (with reminders)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from backbone.interchange import periods
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.completeness import completeness_table
from backbone.measurement.selectors.equity import equity_view
from backbone.measurement.submissions import workflow
from backbone.measurement.views.common import _indicator
from backbone.network.scope import request_scope, scope_for


def equity(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    indicator = _indicator(collective, code)
    views = equity_view(indicator, collective)
    return render(
        request,
        "measurement/equity.html",
        {"collective": collective, "indicator": indicator, "views": views},
    )


def completeness(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.COMPLETENESS_VIEW).collective
    parsed = periods.parse(request.GET.get("period", ""))
    period = (
        parsed.start
        if parsed and parsed.frequency == periods.MONTHLY
        else periods.current_month() - 1
    )
    can_remind = request_scope(request).can(Action.MEASUREMENT_MANAGE, collective)
    if request.method == "POST":
        if not can_remind:
            raise PermissionDenied
        sent = workflow.reminders_send(collective=collective, period=period, by=request.user)
        messages.success(
            request,
            ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", sent) % {"n": sent},
        )
        return redirect(f"{request.path}?period={periods.code_of(period, periods.MONTHLY)}")
    rows = completeness_table(collective, period)
    context = {
        "collective": collective,
        "rows": rows,
        "period": periods.code_of(period, periods.MONTHLY),
        "previous": periods.code_of(period - 1, periods.MONTHLY),
        "next": periods.code_of(period + 1, periods.MONTHLY)
        if period + 1 < periods.current_month()
        else None,
        "any_late": any(row["late"] for row in rows),
        "can_remind": can_remind,
    }
    return render(request, "measurement/completeness.html", context)
