"""The measurement pages ask the database a fixed number of times, however many indicators,
organizations, places, periods, submissions and values there are: each page is rendered over
a small world and over one ten times larger, and both must cost the same number of queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backbone.accounts.models import RoleKind
from backbone.accounts.services import role_grant
from backbone.accounts.tests.test_http_access import client_for
from backbone.interchange import periods
from backbone.measurement import services
from backbone.measurement.models import Indicator
from backbone.measurement.populations.files import import_population
from backbone.measurement.selectors.series import context as rollup_context
from backbone.measurement.selectors.series import indicator_series, series_of
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import submission_approve, submission_submit
from backbone.measurement.testing import csv_file
from backbone.network.models import Place
from backbone.testing import OrganizationFactory, UserFactory

SMALL, LARGE = 2, 20  # partners, each with its place, indicator, reports and more: 1× and 10×
MONTHS = ("2025-01", "2025-02", "2025-03")
HEADERS = ["indicator", "place", "period", "sex", "age", "value"]


def _upload(world, organization, reporter, rows, name, *, approve):
    result = import_values(
        collective=world.national,
        organization=organization,
        user=reporter,
        file_name=name,
        stream=csv_file(rows, HEADERS),
    )
    if approve:
        submission_submit(submission=result.submission, by=reporter)
        submission_approve(submission=result.submission, by=world.staff)


def _grow(world, measure, start: int, stop: int) -> None:
    """Partners start … stop-1, each with an oblast it serves (so does organization A), a
    reporter, an indicator of its own (split by sex for every other one, a rate per
    population for every third) with a baseline and a target, assignments, an approved upload
    over three months and one month of its own, a draft, organization A's draft, an overlap, a
    population, a subgroup target and a new definition of in-care."""
    national = world.national
    female, male = measure.sex.categories.order_by("code")
    for i in range(start, stop):
        place = Place.objects.create(
            code=f"UA-{10 + i}", name=f"Oblast {i}", level=1, parent=measure.country
        )
        organization = OrganizationFactory(collective=national, name=f"Partner {i:02d}")
        organization.places_served.add(place)
        world.org_a.places_served.add(place)
        reporter = UserFactory(username=f"partner-reporter-{i}")
        role_grant(
            user=reporter, collective=national, kind=RoleKind.REPORTER, organization=organization
        )
        own = services.indicator_create(
            collective=national,
            code=f"extra-{i}",
            name=f"Extra indicator {i}",
            counting_rule="Counted at month end.",
            effective_from=dt.date(2020, 1, 1),
            dimensions=[measure.sex] if i % 2 else [],
            population_rate_per=10000 if i % 3 == 0 else None,
            position=10 + i,
            by=world.staff,
        )
        for kind, value in (("baseline", 10 + i), ("target", 20 + i)):
            services.target_set(
                indicator=own, collective=national, kind=kind, period=periods.parse("2025"),
                value=value,
            )  # fmt: skip
        services.target_set(
            indicator=measure.in_care, collective=national, kind="target",
            period=periods.parse(str(2030 + i)), value=5, category=female if i % 2 else male,
        )  # fmt: skip
        for indicator in (measure.workers, measure.in_care, own):
            services.assignment_add(
                collective=national, organization=organization, indicator=indicator
            )
        own_month = periods.code_of(periods.month_index(2023, 1) + i, periods.MONTHLY)
        rows = []
        for month in (*MONTHS, own_month):
            cell = {"place": place.code, "period": month}
            rows += [
                {**cell, "indicator": "workers", "value": 4},
                {**cell, "indicator": "children", "value": 900},
                {**cell, "indicator": "foster-active", "value": 3},
                *({**cell, "indicator": "in-care", "sex": sex, "age": age, "value": 2 + i % 3}
                  for sex in ("f", "m") for age in ("0-4", "5-17")),
                *({**cell, "indicator": own.code, "sex": sex, "value": i}
                  for sex in (["f", "m"] if i % 2 else [""])),
            ]  # fmt: skip
        _upload(world, organization, reporter, rows, f"partner-{i}.csv", approve=True)
        draft = [{"indicator": "workers", "place": place.code, "period": "2025-04", "value": 5}]
        _upload(world, organization, reporter, draft, f"partner-{i}-draft.csv", approve=False)
        draft = [{"indicator": "workers", "place": place.code, "period": own_month, "value": 1}]
        _upload(world, world.org_a, world.reporter_a, draft, f"a-{i}.csv", approve=False)
        services.adjustment_set(
            collective=national,
            indicator=measure.workers,
            place=place,
            period=periods.month_index(2025, 1 + i % 3),
            amount=1,
            reason="Two partners count the same workers",
            by=world.staff,
        )
        population = f"place,year,sex,value\n{place.code},2025,f,5000\n{place.code},2025,m,5100\n"
        import_population(
            collective=national,
            user=world.staff,
            file_name=f"population-{i}.csv",
            stream=io.BytesIO(population.encode()),
        )
        services.indicator_redefine(
            indicator=measure.in_care,
            counting_rule=f"Counted the way number {i + 2}.",
            effective_from=dt.date(2024, 1, 1) + dt.timedelta(days=20 * (i + 1)),
            change_note=f"Change {i}",
            by=world.staff,
        )


def _grid_url(world) -> str:
    monthly = Indicator.objects.filter(frequency="monthly").exclude(aggregation="ratio")
    chosen = "&".join(f"indicators={pk}" for pk in monthly.values_list("pk", flat=True))
    url = reverse("submission_grid", args=["nation"])
    return f"{url}?organization={world.org_a.pk}&period=2025-02&{chosen}"


def _indicator(code: str) -> str:
    return reverse("indicator_detail", args=["nation", code])


# Each page: who opens it, its address, and how many rows it shows (to be sure the larger
# world is really on the page).
PAGES = {
    "dashboard": ("staff", lambda w: reverse("measurement_dashboard", args=["nation"]),
                  lambda c: len(c["rows"])),
    "dashboard (oblast)": ("staff", lambda w: reverse("measurement_dashboard", args=["ua-46"]),
                           lambda c: len(c["rows"])),
    "indicator in-care": ("staff", lambda w: _indicator("in-care"),
                          lambda c: len(c["series"].points) + len(c["versions"])),
    "indicator workers (rates)": ("staff", lambda w: _indicator("workers"),
                          lambda c: len(c["places"]["rows"]) + len(c["adjustments"])),
    "indicator ratio": ("staff", lambda w: _indicator("workers-per-10k"),
                        lambda c: len(c["series"].points) + len(c["places"]["rows"])),
    "indicator stock": ("staff", lambda w: _indicator("foster-active"),
                        lambda c: len(c["series"].points) + len(c["places"]["rows"])),
    "equity in-care": ("staff", lambda w: reverse("indicator_equity", args=["nation", "in-care"]),
                       lambda c: sum(len(view["rows"]) for view in c["views"])),
    "completeness": ("staff", lambda w: reverse("completeness", args=["nation"]) + "?period=2025-02",
                     lambda c: len(c["rows"])),
    "submissions (staff)": ("staff", lambda w: reverse("submission_list", args=["nation"]),
                            lambda c: len(c["submissions"])),
    "submissions (reporter)": ("reporter_a", lambda w: reverse("submission_list", args=["nation"]),
                               lambda c: len(c["submissions"])),
    "population": ("staff", lambda w: reverse("population", args=["nation"]),
                   lambda c: len(c["rows"])),
    "grid": ("staff", _grid_url, lambda c: len(c["grids"])),
    "grid choice": ("staff", lambda w: reverse("submission_grid", args=["nation"]),
                    lambda c: len(c["form"].fields["organization"].queryset)),
}  # fmt: skip


def _measure(clients, world) -> tuple[dict[str, int], dict[str, int]]:
    counts, rows = {}, {}
    for name, (persona, url, shown) in PAGES.items():
        with CaptureQueriesContext(connection) as captured:
            response = clients[persona].get(url(world))
        assert response.status_code == 200, name
        counts[name] = len(captured.captured_queries)
        rows[name] = shown(response.context)
    return counts, rows


@pytest.fixture
def counted(world, measure):
    """(queries, rows shown) per page over the small world, and over the large one."""
    # Social workers are shown per 10,000 of the population too (the rates' own reads).
    Indicator.objects.filter(pk=measure.workers.pk).update(population_rate_per=10000)
    _grow(world, measure, 0, SMALL)
    clients = {persona: client_for(world, persona) for persona in ("staff", "reporter_a")}
    for client in clients.values():
        client.get("/")  # a session's first request records things once (its language, …)
    small = _measure(clients, world)
    _grow(world, measure, SMALL, LARGE)
    large = _measure(clients, world)
    return small, large


def test_measurement_pages_cost_the_same_queries_for_ten_times_the_rows(counted):
    (few, few_rows), (many, many_rows) = counted
    flat = [name for name in PAGES if many_rows[name] <= few_rows[name]]
    assert not flat, f"the larger world shows no more rows on {flat}"
    assert many == few


@pytest.mark.parametrize("totals", ["kept", "stale"])
def test_a_page_of_indicators_shows_each_indicators_own_figures(world, measure, totals):
    """What the dashboard reads for all its indicators at once is what each indicator's page
    reads alone: from the kept totals, and from the values when the place tree has changed
    since they were kept."""
    Indicator.objects.filter(pk=measure.workers.pk).update(population_rate_per=10000)
    _grow(world, measure, 0, 4)
    if totals == "stale":
        Place.objects.create(code="UA-99", name="New oblast", level=1, parent=measure.country)
    shown = {}
    for collective in (world.national, world.oblast):
        indicators = list(
            Indicator.objects.for_collective(collective).select_related("numerator", "denominator")
        )
        ctx = rollup_context()
        together = series_of(indicators, collective, ctx)
        assert bool(ctx.summary_levels()) is (totals == "kept")
        for indicator in indicators:
            alone = indicator_series(indicator, collective)
            assert together[indicator.pk] == alone, indicator.code
        shown[collective.slug] = together
    # There are figures to compare: the partners' social workers less their overlaps, with a
    # rate per 10,000 of the population.
    points = shown["nation"][measure.workers.pk].points
    assert [(p["period"], p["value"]) for p in points][-3:] == [
        ("2025-01", 14.0), ("2025-02", 15.0), ("2025-03", 15.0)
    ]  # fmt: skip
    assert all(p["rate"] for p in points)
