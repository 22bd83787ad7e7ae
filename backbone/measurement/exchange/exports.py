"""Tables out: stored values (CSV, XLSX, HXL) and upload templates, as `Sheet`s that
`interchange.writers.write` turns into bytes (as it does the errors files and the tables
behind each chart)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from backbone.interchange import periods
from backbone.interchange.writers import Sheet
from backbone.measurement.models import Dimension, Indicator, IndicatorVersion, Value
from backbone.measurement.rollups.keys import combination_categories
from backbone.measurement.submissions.checks import dimension_tag
from backbone.network.models import Organization


def _dimensions_for(collective) -> list[Dimension]:
    scope = [collective.pk, *collective.ancestor_ids()]
    return list(Dimension.objects.filter(collective_id__in=scope))


def values_sheet(collective, *, status: str | None = None, organization=None) -> Sheet:
    """One row per stored value: indicator, place, period, organization, dimensions, value,
    status, and the version of the indicator's definition the value was counted by. For one
    organization, it is a file that organization can upload again as it is."""
    dimensions = _dimensions_for(collective)
    combos = combination_categories()
    # By indicator, not by code: codes are unique only within a collective, and another
    # collective's redefinition of its own "in_care" says nothing of this one's.
    starts: dict[int, list[tuple[int, int]]] = {}  # indicator → [(first period, version)]
    versions = IndicatorVersion.objects.filter(
        indicator__collective_id__in=[*collective.tree_ids(), *collective.ancestor_ids()]
    ).select_related("indicator")
    for version in versions.order_by("number"):
        frequency = version.indicator.frequency
        starts.setdefault(version.indicator_id, []).append(
            (periods.bucket(version.effective_month, frequency), version.number)
        )

    def definition(indicator_id: int, period: int) -> int:
        number = 1
        for first, version in starts.get(indicator_id, ()):
            if first <= period:
                number = version
        return number

    queryset = Value.objects.filter(collective_id__in=collective.tree_ids())
    if status == "approved":
        queryset = queryset.filter(approved=True)
    elif status:
        queryset = queryset.filter(submission__status=status)
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    queryset = queryset.values_list(
        "indicator_id",
        "indicator__code",
        "indicator__frequency",
        "place__code",
        "period",
        "organization_id",
        "combination_id",
        "value",
        "submission__status",
        "approved",
    ).order_by("indicator__code", "period", "place__code", "organization__name", "combination_id")

    # Names in the reader's language, with the fallback a page shows (a join would read one
    # language's column, empty where that name was never entered).
    org_names = {
        o.pk: o.name for o in Organization.objects.filter(collective_id__in=collective.tree_ids())
    }

    def rows() -> Iterator[list]:
        for row in queryset.iterator(chunk_size=5000):
            indicator_id, code, frequency, place, period, org, combo, value, state, approved = row
            cells = combos.get(combo, {})
            yield [
                code,
                place,
                periods.code_of(period, frequency),
                org_names.get(org, org),
                *(cells.get(d.code, "") for d in dimensions),
                _number(value),
                "approved" if approved else state,
                definition(indicator_id, period),
            ]

    return Sheet(
        headers=["indicator", "place", "period", "organization", *(d.code for d in dimensions),
                 "value", "status", "definition_version"],
        rows=rows(),
        tags=["#indicator+code", "#loc+code", "#date+period", "#org+name",
              *(dimension_tag(d) for d in dimensions), "#indicator+value", "#status",
              "#meta+definition"],
    )  # fmt: skip


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def template_sheet(*, indicators: Sequence[Indicator], places: Sequence, period: int) -> Sheet:
    """A template already filled with codes: one row per indicator, place and category cell.
    Each place's name stands beside its code, in the reader's language, for the person filling
    it in; an upload passes over that column."""
    dimension_codes: list[str] = []
    for indicator in indicators:
        for dimension in indicator.dimensions.all():
            if dimension.code not in dimension_codes:
                dimension_codes.append(dimension.code)

    def rows() -> Iterator[list]:
        for indicator in indicators:
            if indicator.is_ratio:
                continue
            own = list(indicator.dimensions.all())
            grids = [[c.code for c in d.categories.all()] for d in own]
            code = periods.code_of(periods.bucket(period, indicator.frequency), indicator.frequency)
            for place in places:
                for cell in itertools.product(*grids):
                    by_dimension = dict(zip((d.code for d in own), cell, strict=True))
                    yield [
                        indicator.code,
                        place.code,
                        place.localized_name,
                        code,
                        *(by_dimension.get(d, "") for d in dimension_codes),
                        "",
                    ]

    headers = ["indicator", "place", "place name", "period", *dimension_codes, "value"]
    return Sheet(headers=headers, rows=rows())
