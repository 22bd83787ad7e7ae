"""What the pages read: complete periods, partial periods, equity flags, the dashboard."""

from backbone.interchange import periods
from backbone.measurement.selectors.completeness import complete_period
from backbone.measurement.selectors.dashboard import dashboard
from backbone.measurement.selectors.equity import equity_view
from backbone.measurement.selectors.series import indicator_series
from backbone.measurement.services import assignment_add, target_set
from backbone.measurement.testing import approved_upload


def _approve(world, org, reporter, collective, rows):
    approved_upload(
        collective=collective, organization=org, reporter=reporter, staff=world.staff, rows=rows
    )


def _workers(place, period, value):
    return {"indicator": "workers", "place": place, "period": period, "value": str(value)}


def test_a_period_is_complete_when_every_expected_organization_has_reported(measure, world):
    assert complete_period(measure.workers, world.national) is None
    _approve(world, world.org_a, world.reporter_a, world.national,
             [_workers("UA-46", "2025-01", 5), _workers("UA-46", "2025-02", 6)])  # fmt: skip
    _approve(world, world.org_b, world.reporter_b, world.oblast, [_workers("UA-46", "2025-01", 7)])
    # Nobody assigned: the latest period with values.
    assert complete_period(measure.workers, world.national) == periods.month_index(2025, 2)
    assignment_add(collective=world.national, organization=world.org_a, indicator=measure.workers)
    assignment_add(collective=world.oblast, organization=world.org_b, indicator=measure.workers)
    jan = periods.month_index(2025, 1)
    assert complete_period(measure.workers, world.national) == jan
    series = indicator_series(measure.workers, world.national)
    assert [(p["period"], p["value"], p["partial"]) for p in series.points] == [
        ("2025-01", 12.0, False),
        ("2025-02", 6.0, True),
    ]
    [row] = [r for r in dashboard(world.national) if r["indicator"] == measure.workers]
    assert row["latest"]["period"] == "2025-01"  # the partial February is not "latest"


def test_equity_flags_a_subgroup_the_total_leaves_behind(measure, world):
    rows = []
    for month, (girls, boys) in enumerate([(100, 100), (98, 80), (97, 60)], start=1):
        for sex, value in (("f", girls), ("m", boys)):
            rows.append({"indicator": "in-care", "place": "UA-46", "period": f"2025-0{month}",
                         "sex": sex, "age": "5-17", "value": str(value)})  # fmt: skip
    _approve(world, world.org_a, world.reporter_a, world.national, rows)
    girls = measure.sex.categories.get(code="f")
    target_set(indicator=measure.in_care, collective=world.national, kind="target",
             period=periods.Period(periods.month_index(2025, 12), "monthly"), value=50,
             category=girls)  # fmt: skip
    [by_sex] = [v for v in equity_view(measure.in_care, world.national)
                if v["dimension"].code == "sex"]  # fmt: skip
    assert [(r["period"], r["gap"], round(r["ratio"], 3)) for r in by_sex["rows"]] == [
        ("2025-01", 0.0, 1.0),
        ("2025-02", 18.0, 1.225),
        ("2025-03", 37.0, 1.617),
    ]
    # Fewer children in institutions is better: the total fell 21.5 %, girls only 3 %. Names
    # and periods are set apart (first-strong isolates), so "0–2" reads right in Hebrew too.
    assert any("“\u2068Female\u2069” only by 3 %" in flag for flag in by_sex["flags"])
    assert any("“\u2068Female\u2069” is far behind" in flag for flag in by_sex["flags"])
    assert any("In \u20682025-03\u2069 " in flag for flag in by_sex["flags"])
    assert by_sex["targets"] == [("2025-12", 50.0), None]


def test_series_says_which_definition_each_period_was_counted_by(measure, world):
    import datetime as dt

    from backbone.measurement.services import indicator_redefine

    _approve(world, world.org_a, world.reporter_a, world.national,
             [_workers("UA-46", "2025-01", 5), _workers("UA-46", "2025-02", 6)])  # fmt: skip
    indicator_redefine(indicator=measure.workers, counting_rule="Also part-time staff.",
                       effective_from=dt.date(2025, 2, 1), change_note="Part-time counted",
                       by=world.staff)  # fmt: skip
    series = indicator_series(measure.workers, world.national)
    assert [(p["period"], p["definition"]) for p in series.points] == [
        ("2025-01", 1),
        ("2025-02", 2),
    ]
    assert series.definitions == [{"period": "2025-02", "number": 2, "note": "Part-time counted"}]
