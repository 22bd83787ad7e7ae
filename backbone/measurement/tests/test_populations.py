"""Population denominators and rates: counts over summed population, never averaged rates.

Checked against England's published file of children looked after with its population
estimates and rates per 10,000 children (../shared/data/care, see SOURCES.md): our rate for
every local authority equals the one the Department for Education published.
"""

import csv
import datetime as dt
import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from backbone.measurement import services
from backbone.measurement.models import Population
from backbone.measurement.populations.files import (
    PopulationRefused,
    export_population,
    import_population,
)
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.testing import approved_upload, csv_file
from backbone.network.models import Place

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
ENGLAND = DATA / "care" / "england-dfe-cla_number_and_rate_per_10k_children.csv"
LOOKED_AFTER = "Children looked after at 31 March each year"

pytestmark = pytest.mark.postgres_behaviour


def _population_rows():
    rows = [{"place": "UA-46", "year": "2024", "sex": "f", "value": "300000"},
            {"place": "UA-46", "year": "2024", "sex": "m", "value": "310000"},
            {"place": "UA-63", "year": "2024", "sex": "f", "value": "200000"},
            {"place": "UA-63", "year": "2024", "sex": "m", "value": "205000"},
            {"place": "UA-63", "year": "2024", "sex": "all", "value": "405000"}]  # fmt: skip
    return rows


def _import(world, rows, **kwargs):
    return import_population(
        collective=world.national,
        user=world.staff,
        file_name="population.csv",
        stream=csv_file(rows),
        **kwargs,
    )


def test_population_rows_are_recorded_with_totals_as_everyone(measure, world):
    result = _import(world, _population_rows(), source="State Statistics Service, 2024")
    assert (result.new, result.changed, result.unchanged) == (5, 0, 0)
    stored = {
        (p.place.code, p.combination.key, p.value, p.source)
        for p in Population.objects.select_related("place", "combination")
    }
    girls = str(measure.sex.categories.get(code="f").pk)
    assert ("UA-46", girls, 300000.0, "State Statistics Service, 2024") in stored
    assert ("UA-63", "", 405000.0, "State Statistics Service, 2024") in stored
    again = _import(world, _population_rows(), source="State Statistics Service, 2024")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 5)


def test_a_bad_population_file_saves_nothing_and_says_where(measure, world):
    rows = _population_rows() + [
        {"place": "UA-99", "year": "2024", "sex": "f", "value": "1"},
        {"place": "UA-46", "year": "24", "sex": "f", "value": "1"},
        {"place": "UA-46", "year": "2025", "sex": "x", "value": "1"},
        {"place": "UA-46", "year": "2025", "sex": "f", "value": "-3"},
        {"place": "UA-46", "year": "2024", "sex": "f", "value": "1"},
    ]
    with pytest.raises(PopulationRefused) as refused:
        _import(world, rows)
    messages = [str(p) for p in refused.value.problems]
    assert [p.row for p in refused.value.problems] == [7, 8, 9, 10, 11]
    assert "UA-99" in messages[0]
    assert "is not a year" in messages[1]
    assert "“x” is not a category of sex" in messages[2]
    assert "is not a population" in messages[3]
    assert "Row 2 already gives UA-46 in 2024 the population 300000.0" in messages[4]
    assert not Population.objects.exists()


def test_missing_markers_are_counted_not_refused(measure, world):
    rows = [{"place": "UA-46", "year": "2024", "value": marker} for marker in ("-", "..", "z", "")]
    result = _import(world, rows)
    assert (result.rows, result.missing, result.new) == (4, 4, 0)


def test_rate_is_summed_counts_over_summed_population_at_every_level(measure, world):
    _import(world, _population_rows())
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[
            {"indicator": "in-care", "place": "UA-46-001", "period": "2024-03", "sex": "f", "age": "0-4", "value": "30"},
            {"indicator": "in-care", "place": "UA-46", "period": "2024-03", "sex": "m", "age": "0-4", "value": "62"},
            {"indicator": "in-care", "place": "UA-63", "period": "2024-03", "sex": "f", "age": "0-4", "value": "10"},
            {"indicator": "in-care", "place": "UA-63", "period": "2024-03", "sex": "m", "age": "5-17", "value": "31"},
        ],
    )  # fmt: skip
    by_sex = rollup(
        indicator=measure.in_care,
        collective=world.national,
        by=["period:year", "sex"],
        rate=True,
    ).rows
    # Girls: (30 + 10) / (300,000 + 200,000); never the mean of the two oblasts' rates.
    assert by_sex == [
        {"period": "2024", "sex": "f", "value": 40.0, "claimed": 40.0,
         "population": 500000.0, "rate": pytest.approx(0.8)},
        {"period": "2024", "sex": "m", "value": 93.0, "claimed": 93.0,
         "population": 515000.0, "rate": pytest.approx(93 / 515000 * 10000)},
    ]  # fmt: skip
    by_oblast = rollup(
        indicator=measure.in_care,
        collective=world.national,
        by=["place:1", "period:year"],
        rate=True,
    ).rows
    # Lviv has no everyone-figure: its girls and boys are added up (a hromada's figure is
    # set against its oblast's population); Kharkiv's own total is used.
    assert [(r["place"], r["population"], r["rate"]) for r in by_oblast] == [
        ("UA-46", 610000.0, pytest.approx(92 / 610000 * 10000)),
        ("UA-63", 405000.0, pytest.approx(41 / 405000 * 10000)),
    ]
    hromada = rollup(
        indicator=measure.in_care,
        collective=world.national,
        by=["place:2", "period:year"],
        rate=True,
    )
    assert all(row["rate"] is None for row in hromada.rows if row["place"] == "UA-46-001")
    assert any("no population" in note for note in hromada.notes)
    later = rollup(
        indicator=measure.in_care, collective=world.national, by=["period:month"], rate=True
    )
    assert later.rows[0]["population"] == 1015000.0


def test_a_later_year_uses_the_latest_population_and_says_so(measure, world):
    _import(world, [{"place": "UA-63", "year": "2024", "value": "400000"}])
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-63", "period": "2025-02", "value": "40"}],
    )
    result = rollup(
        indicator=measure.workers, collective=world.national, by=["period:year"], rate=True
    )
    assert result.rows[0]["rate"] == pytest.approx(1.0)
    assert any("2024 stands in for 2025" in note for note in result.notes)


def test_rate_without_population_or_period_says_why(measure, world):
    result = rollup(
        indicator=measure.workers, collective=world.national, by=["period:year"], rate=True
    )
    assert any("No population" in note for note in result.notes)
    with pytest.raises(CommandError, match="needs a period"):
        call_command("rollup", "--collective", "nation", "--indicator", "workers", "--rate")


def test_population_export_imports_back_unchanged(measure, world, tmp_path):
    _import(world, _population_rows(), source="SSS")
    for fmt in ("csv", "xlsx", "hxl"):
        data = export_population(world.national, fmt)
        name = f"population.{'xlsx' if fmt == 'xlsx' else 'csv'}"
        result = import_population(
            collective=world.national,
            user=world.staff,
            file_name=name,
            stream=io.BytesIO(data),
        )
        assert (result.new, result.changed, result.unchanged) == (0, 0, 5), fmt


def _england_places(path: Path) -> None:
    """England's tree from the file itself: the country, its regions, its authorities."""
    seen: dict[str, Place] = {}
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            country = seen.get(row["country_code"])
            if country is None:
                country = seen[row["country_code"]] = Place.objects.create(
                    code=row["country_code"], name=row["country_name"], level=0
                )
            if row["region_code"] and row["region_code"] not in seen:
                seen[row["region_code"]] = Place.objects.create(
                    code=row["region_code"], name=row["region_name"], level=1, parent=country
                )
            if row["new_la_code"] and row["new_la_code"] not in seen:
                seen[row["new_la_code"]] = Place.objects.create(
                    code=row["new_la_code"],
                    name=row["la_name"],
                    level=2,
                    parent=seen[row["region_code"]],
                )


def test_england_population_and_published_rates(world, tmp_path, capsys):
    _england_places(ENGLAND)
    start = dt.date(2019, 1, 1)
    looked_after = services.indicator_create(
        collective=world.national,
        code="looked-after",
        name=LOOKED_AFTER,
        counting_rule="Children looked after on 31 March.",
        effective_from=start,
        frequency="annual",
        time_aggregation="last",
        population_rate_per=10000,
        by=world.staff,
    )
    call_command(
        "import",
        "population",
        str(ENGLAND),
        "--collective",
        "nation",
        "--map",
        "place=new_la_code,region_code,country_code",
        "--map",
        "year=time_period",
        "--map",
        "value=population_estimate",
        "--source",
        "DfE, children looked after in England 2023",
    )
    output = capsys.readouterr().out
    published: dict[tuple[str, int], tuple[int, int, str]] = {}
    populations = defaultdict(set)
    with ENGLAND.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            code = row["new_la_code"] or row["region_code"] or row["country_code"]
            if row["population_estimate"].isdigit():
                populations[(code, int(row["time_period"]))].add(row["population_estimate"])
            figures = (row["number"], row["rate_per_10000"])
            if row["population_count"] == LOOKED_AFTER and all(f.isdigit() for f in figures):
                published[(code, int(row["time_period"]))] = (
                    int(row["number"]),
                    int(row["rate_per_10000"]),
                    row["geographic_level"],
                )
    assert Population.objects.count() == len(populations)
    assert f"{len(populations)} population figures" in output
    # Each authority's published count as our value, at its year's end.
    rows = [
        {"indicator": "looked-after", "place": code, "period": str(year), "value": str(number)}
        for (code, year), (number, _rate, level) in published.items()
        if level == "Local authority"
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    ours = {
        (row["place"], int(row["period"])): row
        for row in rollup(
            indicator=looked_after,
            collective=world.national,
            by=["place:2", "period:year"],
            rate=True,
        ).rows
    }
    compared = 0
    for (code, year), (_number, rate, level) in published.items():
        if level != "Local authority":
            continue
        # The Department rounds half up to whole numbers of children per 10,000.
        assert int(ours[(code, year)]["rate"] + 0.5) == rate, (code, year)
        compared += 1
    assert compared > 700
    national = rollup(
        indicator=looked_after, collective=world.national, by=["period:year"], rate=True
    ).rows
    for row in national:
        _number, rate, _level = published[("E92000001", int(row["period"]))]
        assert abs(row["rate"] - rate) < 1.0, row
