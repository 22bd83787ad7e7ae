"""What several measurement pages share: the indicator of a page, a file download."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from backbone.interchange import writers
from backbone.measurement.models import Indicator


def _indicator(collective, code: str) -> Indicator:
    try:
        return (
            Indicator.objects.for_collective(collective)
            .select_related("numerator", "denominator", "owner")
            .get(code=code)
        )
    except Indicator.DoesNotExist:
        raise Http404 from None


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=writers.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
