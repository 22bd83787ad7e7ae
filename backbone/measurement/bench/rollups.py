"""Figure 3: typical roll-ups against a hand-written DuckDB query over a Parquet copy of the
approved values, and the selectors the pages call."""

from __future__ import annotations

import csv
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from backbone.measurement.bench.build import (
    Scale,
    World,
)
from backbone.measurement.bench.report import Report, _say


def _parquet(folder: Path, report: Report) -> Path:
    """A Parquet copy of the approved values, through a CSV written from the database."""
    import duckdb
    from django.db import connection

    from backbone.measurement.models import Value

    _say("copying the approved values to Parquet")
    started = time.perf_counter()
    source = folder / "values.csv"
    table = Value._meta.db_table
    query = (
        "SELECT collective_id, organization_id, indicator_id, place_id, period, "  # noqa: S608
        f"combination_id, value FROM {table} WHERE approved"
    )
    with source.open("w", newline="") as handle:
        if connection.vendor == "postgresql":
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy,
            ):
                for block in copy:
                    handle.write(bytes(block).decode())
        else:
            writer = csv.writer(handle)
            with connection.cursor() as cursor:
                cursor.execute(query)
                while block := cursor.fetchmany(100_000):
                    writer.writerows(block)
    target = folder / "values.parquet"
    columns = (
        "{'collective_id': 'BIGINT', 'organization_id': 'BIGINT', 'indicator_id': 'BIGINT', "
        "'place_id': 'BIGINT', 'period': 'INTEGER', 'combination_id': 'BIGINT', "
        "'value': 'DOUBLE'}"
    )
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{source}', header = false, columns = {columns})) "  # noqa: S608
        f"TO '{target}' (FORMAT parquet)"
    )
    source.unlink()
    report("parquet_export_s", time.perf_counter() - started)
    report("parquet_mib", target.stat().st_size / 1024 / 1024)
    report("parquet_rows", duckdb.sql(f"SELECT count(*) FROM '{target}'").fetchall()[0][0])  # noqa: S608
    return target


def _timed(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median milliseconds of ``repeats`` runs after one warm-up, and the last result."""
    result = function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _same(ours: dict, theirs: dict) -> bool:
    return ours.keys() == theirs.keys() and all(
        math.isclose(ours[key], theirs[key], rel_tol=1e-9, abs_tol=1e-9) for key in ours
    )


def _rollups(scale: Scale, world: World, parquet: Path, report: Report) -> None:
    import duckdb

    from backbone.interchange import periods
    from backbone.measurement.models import Combination, Indicator, Population
    from backbone.measurement.rollups.engine import rollup
    from backbone.measurement.selectors.series import context as rollup_context
    from backbone.network.models import Place

    national = world.national
    indicator = world.indicators[0]
    stock = next(i for i in world.indicators if i.time_aggregation == "last")
    per_10k = next(i for i in world.indicators if i.population_rate_per)
    tree = national.tree_ids()
    duck = duckdb.connect()
    duck.execute("CREATE TABLE places (id BIGINT, code VARCHAR, parent_id BIGINT)")
    duck.executemany(
        "INSERT INTO places VALUES (?, ?, ?)",
        list(Place.objects.values_list("pk", "code", "parent_id")),
    )
    duck.execute("CREATE TABLE sex (combination_id BIGINT, code VARCHAR)")
    duck.executemany(
        "INSERT INTO sex VALUES (?, ?)",
        list(
            Combination.categories.through.objects.filter(
                category__dimension__code="sex"
            ).values_list("combination_id", "category__code")
        ),
    )
    duck.execute("CREATE TABLE tree (id BIGINT)")
    duck.executemany("INSERT INTO tree VALUES (?)", [(pk,) for pk in tree])
    duck.execute("CREATE TABLE indicators (id BIGINT, code VARCHAR)")
    duck.executemany(
        "INSERT INTO indicators VALUES (?, ?)",
        list(Indicator.objects.for_collective(national).values_list("pk", "code")),
    )
    duck.execute(
        "CREATE TABLE population (place_id BIGINT, year INTEGER, sex VARCHAR, value DOUBLE)"
    )
    duck.executemany(
        "INSERT INTO population VALUES (?, ?, ?, ?)",
        [
            (place, year, next(c for d, c in cells if d == "sex"), value)
            for place, year, cells, value in (
                (p.place_id, p.year, _cells(p.combination_id), p.value)
                for p in Population.objects.filter(collective=national)
            )
        ],
    )
    values = f"read_parquet('{parquet}')"
    results = {}

    # 1. One indicator by oblast × quarter × sex.
    def ours_by_oblast():
        result = rollup(
            indicator=indicator, collective=national, by=["place:1", "period:quarter", "sex"]
        )
        return {(r["place"], r["period"], r["sex"]): r["value"] for r in result.rows}

    def duck_by_oblast():
        rows = duck.execute(
            "SELECT o.code, v.period - v.period % 3, coalesce(s.code, ''), sum(v.value) "  # noqa: S608
            f"FROM {values} v JOIN places h ON h.id = v.place_id "
            "JOIN places o ON o.id = h.parent_id "
            "LEFT JOIN sex s ON s.combination_id = v.combination_id "
            "WHERE v.indicator_id = ? AND v.collective_id IN (SELECT id FROM tree) "
            "GROUP BY ALL",
            [indicator.pk],
        ).fetchall()
        return {
            (place, periods.code_of(quarter, periods.QUARTERLY), sex): total
            for place, quarter, sex, total in rows
        }

    # 2. The national monthly series of one indicator.
    def ours_monthly():
        result = rollup(indicator=indicator, collective=national, by=["period:month"])
        return {r["period"]: r["value"] for r in result.rows}

    def duck_monthly():
        rows = duck.execute(
            f"SELECT period, sum(value) FROM {values} "  # noqa: S608
            "WHERE indicator_id = ? AND collective_id IN (SELECT id FROM tree) GROUP BY period",
            [indicator.pk],
        ).fetchall()
        return {periods.code_of(month, periods.MONTHLY): total for month, total in rows}

    # 3. Every indicator's latest month, for the dashboard.
    def ours_dashboard():
        ctx = rollup_context()
        latest = {}
        for each in Indicator.objects.for_collective(national).select_related(
            "numerator", "denominator"
        ):
            result = rollup(indicator=each, collective=national, by=["period:month"], context=ctx)
            points = [r for r in result.rows if r["value"] is not None]
            if points:
                latest[(each.code, points[-1]["period"])] = points[-1]["value"]
        return latest

    def duck_dashboard():
        rows = duck.execute(
            "WITH monthly AS (SELECT indicator_id, period, sum(value) AS total "  # noqa: S608
            f"FROM {values} WHERE collective_id IN (SELECT id FROM tree) "
            "GROUP BY indicator_id, period) "
            "SELECT i.code, max(m.period), arg_max(m.total, m.period) "
            "FROM monthly m JOIN indicators i ON i.id = m.indicator_id GROUP BY i.code"
        ).fetchall()
        return {
            (code, periods.code_of(month, periods.MONTHLY)): total for code, month, total in rows
        }

    # 4. A stock by oblast by year: each series' last value in the year, summed.
    def ours_stock():
        result = rollup(indicator=stock, collective=national, by=["place:1", "period:year"])
        return {(r["place"], r["period"]): r["value"] for r in result.rows}

    def duck_stock():
        rows = duck.execute(
            "WITH s AS (SELECT h.parent_id AS oblast, v.period - v.period % 12 AS y, v.value, "  # noqa: S608
            "row_number() OVER (PARTITION BY v.collective_id, v.organization_id, v.place_id, "
            "v.combination_id, v.period - v.period % 12 ORDER BY v.period DESC) AS latest "
            f"FROM {values} v JOIN places h ON h.id = v.place_id "
            "WHERE v.indicator_id = ? AND v.collective_id IN (SELECT id FROM tree)) "
            "SELECT o.code, s.y, sum(s.value) FROM s JOIN places o ON o.id = s.oblast "
            "WHERE s.latest = 1 GROUP BY ALL",
            [stock.pk],
        ).fetchall()
        return {
            (place, periods.code_of(year, periods.ANNUAL)): total for place, year, total in rows
        }

    # 5. A rate per 10,000 children by oblast, year and sex: summed counts over summed
    # population (the population is recorded by sex and age band).
    def ours_rate():
        result = rollup(
            indicator=per_10k,
            collective=national,
            by=["place:1", "period:year", "sex"],
            rate=True,
        )
        return {(r["place"], r["period"], r["sex"]): r["rate"] for r in result.rows}

    def duck_rate():
        rows = duck.execute(
            "WITH c AS (SELECT h.parent_id AS oblast, v.period // 12 AS year, s.code AS sex, "  # noqa: S608
            f"sum(v.value) AS count FROM {values} v JOIN places h ON h.id = v.place_id "
            "JOIN sex s ON s.combination_id = v.combination_id "
            "WHERE v.indicator_id = ? AND v.collective_id IN (SELECT id FROM tree) "
            "GROUP BY ALL), p AS (SELECT place_id, year, sex, sum(value) AS people "
            "FROM population GROUP BY ALL) "
            "SELECT o.code, c.year, c.sex, c.count / p.people * 10000 FROM c "
            "JOIN p ON p.place_id = c.oblast AND p.year = c.year AND p.sex = c.sex "
            "JOIN places o ON o.id = c.oblast",
            [per_10k.pk],
        ).fetchall()
        return {(place, str(year), sex): rate for place, year, sex, rate in rows}

    # 6. One indicator by hromada (the leaves) by year.
    def ours_hromada():
        result = rollup(indicator=indicator, collective=national, by=["place:2", "period:year"])
        return {(r["place"], r["period"]): r["value"] for r in result.rows}

    def duck_hromada():
        rows = duck.execute(
            "SELECT h.code, v.period - v.period % 12, sum(v.value) "  # noqa: S608
            f"FROM {values} v JOIN places h ON h.id = v.place_id "
            "WHERE v.indicator_id = ? AND v.collective_id IN (SELECT id FROM tree) "
            "GROUP BY ALL",
            [indicator.pk],
        ).fetchall()
        return {
            (place, periods.code_of(year, periods.ANNUAL)): total for place, year, total in rows
        }

    ratios = {}
    total_ours = total_duck = 0.0
    match = True
    for name, ours, theirs in (
        ("by_oblast_quarter_sex", ours_by_oblast, duck_by_oblast),
        ("national_monthly", ours_monthly, duck_monthly),
        ("dashboard_latest", ours_dashboard, duck_dashboard),
        ("stock_by_oblast_year", ours_stock, duck_stock),
        ("rate_by_oblast_sex", ours_rate, duck_rate),
        ("by_hromada_year", ours_hromada, duck_hromada),
    ):
        _say(f"timing roll-up {name}")
        ours_ms, ours_result = _timed(ours, scale.repeats)
        duck_ms, duck_result = _timed(theirs, scale.repeats)
        results[name] = (ours_result, duck_result)
        same = _same(ours_result, duck_result)
        match = match and same and bool(ours_result)
        report(f"rollup_{name}_ms", ours_ms)
        report(f"duckdb_{name}_ms", duck_ms)
        report(f"rollup_{name}_ratio", ours_ms / duck_ms)
        report(f"rollup_{name}_rows", len(ours_result))
        ratios[name] = ours_ms / duck_ms
        total_ours += ours_ms
        total_duck += duck_ms
    report("rollup_ms", total_ours)
    report("duckdb_ms", total_duck)
    report("rollup_ratio", max(ratios.values()))
    ctx = rollup_context()
    report("rollup_source", "approved totals" if ctx.summary_levels() else "values")
    report("rollup_results_match", "yes" if match else "NO")
    if not match:
        for name, (ours, theirs) in results.items():
            if not _same(ours, theirs):
                diff = sorted(set(ours.items()) ^ set(theirs.items()))[:10]
                print(f"{name} differs: {diff}", file=sys.stderr)


def _cells(combination_id: int) -> list[tuple[str, str]]:
    """(dimension code, category code) of a combination."""
    from backbone.measurement.models import Combination

    return list(
        Combination.categories.through.objects.filter(combination_id=combination_id).values_list(
            "category__dimension__code", "category__code"
        )
    )


def _selectors(world: World, report: Report) -> None:
    """The selectors the pages call, once each (they add goals, definitions, completeness)."""
    from backbone.measurement.selectors.dashboard import dashboard
    from backbone.measurement.selectors.series import indicator_series

    _say("timing the dashboard and series selectors once")
    started = time.perf_counter()
    indicator_series(world.indicators[0], world.national)
    report("series_selector_ms", (time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    dashboard(world.national)
    report("dashboard_selector_ms", (time.perf_counter() - started) * 1000)
