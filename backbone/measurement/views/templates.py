"""The reporting template download: a sheet of the indicators and places to report."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from backbone.interchange import periods, writers
from backbone.measurement.exchange import exports
from backbone.measurement.models import Indicator
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.reporting import reporting_for
from backbone.measurement.views.common import _download
from backbone.network.models import Place
from backbone.network.scope import scope_for


def template_download(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    indicators = list(
        Indicator.objects.for_collective(collective)
        .exclude(aggregation="ratio")
        .prefetch_related("dimensions__categories")
    )
    places = _template_places(request.user, collective)
    assigned = reporting_for(request.user, collective).indicator_ids()
    if assigned is not None:
        indicators = [i for i in indicators if i.pk in assigned]
    period = periods.current_month() - 1
    sheet = exports.template_sheet(indicators=indicators, places=places, period=period)
    return _download(writers.write(sheet, fmt), f"{collective.slug}-template.{fmt}", fmt)


def _template_places(user, collective, organization=None) -> list:
    """Where the person reports: the places their organizations serve, else the collective's
    own (a national collective's template lists its first-level places)."""
    if organization is not None:
        organizations = [organization]
    else:
        reporting = reporting_for(user, collective)
        # Staff report for every organization: their template lists the collective's places.
        organizations = [] if reporting.everything else list(reporting.organizations())
    served = list(Place.objects.filter(organizations__in=organizations).distinct().order_by("code"))
    if served:
        return served
    if collective.place is None:
        return []
    if collective.level == "national":
        return list(collective.place.children.order_by("code")) or [collective.place]
    return [collective.place]
