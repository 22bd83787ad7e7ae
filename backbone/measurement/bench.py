"""The measurement benchmark: a national-scale data set, and what a partner and a reader feel.

    backbone bench measurement [--scale tiny|national] [--database sqlite|postgres]

builds, in a scratch database created and migrated for the run (a temporary SQLite file, or
a throwaway PostgreSQL cluster), 27 oblasts with about 1,500 hromadas, 40 indicators
disaggregated by sex × 4 age bands × disability, 36 months of approved values from one
partner per oblast (about 10 million values), then measures in the same run:

1. a 1,000,000-row CSV through the real upload pipeline (``import_values``, validation
   included), in a child process; plain ``sqlite3.executemany`` of the same rows into a bare
   table; their ratio (target: at least 0.25);
2. the peak resident memory of that child process (target: under 1 GiB);
3. typical roll-ups through ``rollups.engine.rollup`` — one indicator by oblast × quarter × sex, the
   national monthly series of one indicator, every indicator's latest month for the
   dashboard — against a hand-written DuckDB query over a Parquet copy of the approved values
   computing the same result (target: within 2×), checking that both give the same numbers;
4. freshness: seconds from approving a typical monthly submission (one oblast partner, one
   month) to its values showing in the roll-up (target: under 1 s).

It prints one ``name: value`` line per figure. The data set is generated with bulk SQL (set-up,
not measured). The driver (``run``) only prepares the database and starts a worker process
(``python -m backbone.measurement.bench worker``) with DATABASE_URL pointing at it, so the
developer's own database is never touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

SEX = [("f", "Female"), ("m", "Male")]
AGE = [("0-4", "0–4"), ("5-9", "5–9"), ("10-14", "10–14"), ("15-17", "15–17")]
DISABILITY = [("yes", "With a disability"), ("no", "Without a disability")]
FIRST_MONTH = (2023, 1)  # the data set's months start here; the upload and the fresh
# submission come after them, in months that have ended.

TARGETS = {
    "import_ratio": ("at least", 0.25),
    "import_peak_rss_mib": ("under", 1024),
    "rollup_ratio": ("under", 2.0),
    "freshness_s": ("under", 1.0),
}


@dataclass(frozen=True)
class Scale:
    oblasts: int
    hromadas: int
    indicators: int
    months: int
    import_rows: int
    repeats: int  # timed runs of each roll-up; the median is reported

    def reports(self, hromada: int, indicator: int) -> bool:
        """Whether the hromada's partner reports the indicator: 3 indicators in 10."""
        return (hromada + indicator) % 10 < 3


SCALES = {
    "tiny": Scale(oblasts=2, hromadas=8, indicators=4, months=3, import_rows=2000, repeats=1),
    "national": Scale(
        oblasts=27, hromadas=1500, indicators=40, months=36, import_rows=1_000_000, repeats=5
    ),
}

NAMES = (
    "values_approved",
    "import_rows",
    "import_rows_per_s",
    "bare_insert_rows_per_s",
    "import_floor_rows_per_s",
    "import_ratio",
    "import_peak_rss_mib",
    "rollup_by_oblast_quarter_sex_ms",
    "duckdb_by_oblast_quarter_sex_ms",
    "rollup_national_monthly_ms",
    "duckdb_national_monthly_ms",
    "rollup_dashboard_latest_ms",
    "duckdb_dashboard_latest_ms",
    "rollup_stock_by_oblast_year_ms",
    "duckdb_stock_by_oblast_year_ms",
    "rollup_rate_by_oblast_sex_ms",
    "duckdb_rate_by_oblast_sex_ms",
    "rollup_by_hromada_year_ms",
    "duckdb_by_hromada_year_ms",
    "rollup_ms",
    "duckdb_ms",
    "rollup_ratio",
    "rollup_results_match",
    "freshness_s",
)


# The driver ----------------------------------------------------------------------------------


def run(*, scale: str = "national", database: str = "sqlite", out: TextIO = sys.stdout) -> int:
    """Run the benchmark in a scratch database; relay the worker's lines to ``out``."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    with tempfile.TemporaryDirectory(prefix="backbone-bench-") as folder:
        if database == "sqlite":
            return _worker(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", folder, scale, out)
        if database == "postgres":
            from backbone.lib.pgcluster import cluster

            with cluster() as url:
                return _worker(url, folder, scale, out)
        raise ValueError(f"unknown database {database!r}")


def _worker(url: str, folder: str, scale: str, out: TextIO) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BACKBONE_VAR_DIR": folder,
        "BACKBONE_FAST_HASHER": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # As in production: with DEBUG on, Django keeps (and, on SQLite, re-quotes) every
        # query it runs, which is no part of what a partner or a reader waits for.
        "DEBUG": "0",
        "SECRET_KEY": "backbone-bench-only",
        "ALLOWED_HOSTS": "localhost",
    }
    command = [sys.executable, "-m", "backbone.measurement.bench", "worker", scale, folder]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout is not None
    for line in process.stdout:
        out.write(line)
        out.flush()
    return process.wait()


# The worker ----------------------------------------------------------------------------------


def _say(message: str) -> None:
    # One write per line, so that progress and figures do not interleave in a shared log.
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


class Report:
    def __init__(self) -> None:
        self.figures: dict[str, object] = {}

    def __call__(self, name: str, value) -> None:
        if isinstance(value, float):
            value = f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
        self.figures[name] = value
        print(f"{name}: {value}", flush=True)


@dataclass
class World:
    national: object
    oblasts: list
    partners: list  # one organization per oblast, in that oblast's collective
    office: object  # the national organization whose file is imported
    staff: object
    indicators: list
    hromadas: list  # (place id, code, oblast index)
    combos: dict  # (sex, age, disability) → combination id
    months: list[int]


def worker(scale_name: str, folder: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    scale = SCALES[scale_name]
    report = Report()
    report("scale", scale_name)
    report("database", connection.vendor)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    world = _build(scale)
    report("build_s", time.perf_counter() - started)
    from backbone.measurement.rollups.totals import rebuild_totals

    started = time.perf_counter()
    rebuild_totals()
    report("totals_build_s", time.perf_counter() - started)
    _analyze()
    connections.close_all()
    report("oblasts", scale.oblasts)
    report("hromadas", scale.hromadas)
    report("indicators", scale.indicators)
    report("months", scale.months)

    _import(scale, world, Path(folder), report)
    _freshness(scale, world, report)
    parquet = _parquet(Path(folder), report)
    _rollups(scale, world, parquet, report)
    _selectors(world, report)
    for name, (sense, target) in TARGETS.items():
        value = float(report.figures[name])
        met = value >= target if sense == "at least" else value < target
        report(f"target_{name}", f"{'met' if met else 'missed'} ({sense} {target})")
    missing = [name for name in NAMES if name not in report.figures]
    if missing or report.figures.get("rollup_results_match") != "yes":
        print(f"benchmark incomplete or wrong: missing={missing}", file=sys.stderr)
        return 1
    return 0


def _build(scale: Scale) -> World:
    """The collectives, places, catalogue and ~10M approved values, with bulk SQL."""
    from django.db import connection

    from backbone.accounts.models import RoleKind, User
    from backbone.accounts.services import role_grant
    from backbone.interchange import periods
    from backbone.lib.text import normalize_name
    from backbone.measurement import services
    from backbone.measurement.models import Coverage, Submission, Value
    from backbone.network.models import Collective, Organization, Place

    _say("building the collectives, places and catalogue")
    national = Collective.objects.create(
        name="National collective", slug="bench-nation", level="national"
    )
    staff = User.objects.create_user(username="bench-staff", password="bench")  # noqa: S106
    role_grant(user=staff, collective=national, kind=RoleKind.STAFF)
    country = Place.objects.create(code="UA", name="Ukraine", level=0)
    Place.objects.bulk_create(
        Place(code=f"UA-{o + 1:02d}", name=f"Oblast {o + 1}", level=1, parent=country)
        for o in range(scale.oblasts)
    )
    oblast_places = list(Place.objects.filter(level=1).order_by("code"))
    Place.objects.bulk_create(
        (
            Place(
                code=f"{oblast_places[h % scale.oblasts].code}-{h + 1:04d}",
                name=f"Hromada {h + 1}",
                level=2,
                parent=oblast_places[h % scale.oblasts],
            )
            for h in range(scale.hromadas)
        ),
        batch_size=1000,
    )
    by_code = {p.code: p for p in oblast_places}
    hromadas = [
        (pk, code, oblast_places.index(by_code[code.rsplit("-", 1)[0]]))
        for pk, code in Place.objects.filter(level=2).values_list("pk", "code")
    ]
    hromadas.sort(key=lambda h: h[1].rsplit("-", 1)[1])
    oblasts, partners = [], []
    for o, place in enumerate(oblast_places):
        collective = Collective.objects.create(
            name=f"Oblast {o + 1} collective",
            slug=f"bench-oblast-{o + 1}",
            level="regional",
            parent=national,
            place=place,
        )
        name = f"Oblast {o + 1} social services"
        partners.append(
            Organization.objects.create(
                collective=collective, name=name, normalized_name=normalize_name(name), kind="ngo"
            )
        )
        oblasts.append(collective)
    office_name = "National data office"
    office = Organization.objects.create(
        collective=national,
        name=office_name,
        normalized_name=normalize_name(office_name),
        kind="ngo",
    )
    dimensions = [
        services.dimension_create(
            collective=national, code=code, name=code.title(), categories=categories, position=i
        )
        for i, (code, categories) in enumerate(
            (("sex", SEX), ("age", AGE), ("disability", DISABILITY))
        )
    ]
    categories = {
        (d.code, c.code): c.pk for d in dimensions for c in d.categories.all().order_by("pk")
    }
    combos = {
        (s, a, d): services.combination_for(
            [categories[("sex", s)], categories[("age", a)], categories[("disability", d)]]
        )
        for s, _n in SEX
        for a, _n in AGE
        for d, _n in DISABILITY
    }
    # One indicator in four is a stock (its last value over time); the second is also shown
    # per 10,000 children of the population.
    indicators = [
        services.indicator_create(
            collective=national,
            code=f"ind-{i + 1:02d}",
            name=f"Indicator {i + 1}",
            counting_rule="Children counted on the last day of the month.",
            effective_from=dt.date(*FIRST_MONTH, 1),
            dimensions=dimensions,
            time_aggregation="last" if i % 4 == 3 else "sum",
            population_rate_per=10000 if i == 1 else None,
            by=staff,
        )
        for i in range(scale.indicators)
    ]
    first = periods.month_index(*FIRST_MONTH)
    months = list(range(first, first + scale.months))
    from backbone.measurement.models import Population

    Population.objects.bulk_create(
        Population(
            collective=national,
            place=place,
            year=year,
            combination_id=services.combination_for(
                [categories[("sex", sex)], categories[("age", age)]]
            ),
            value=20_000 + (o * 7919 + year * 31 + len(sex) * 13 + a * 1009) % 60_000,
        )
        for o, place in enumerate(oblast_places)
        # Through the year after the data set: the upload and the fresh submission fall there.
        for year in range(months[0] // 12, months[-1] // 12 + 2)
        for sex, _n in SEX
        for a, (age, _n) in enumerate(AGE)
    )
    now = dt.datetime.now(tz=dt.UTC)
    Submission.objects.bulk_create(
        (
            Submission(
                collective=oblasts[o],
                organization=partners[o],
                status="approved",
                source="command",
                file_name=f"{month}.csv",
                created_by=staff,
                created_at=now,
                reviewed_by=staff,
                reviewed_at=now,
            )
            for month in months
            for o in range(scale.oblasts)
        ),
        batch_size=1000,
    )
    submissions = list(
        Submission.objects.filter(status="approved").values_list(
            "pk", "organization_id", "file_name"
        )
    )
    _say(f"generating the values ({len(submissions)} approved monthly submissions)")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-524288")
        else:
            # The generated rows are consistent by construction: skip the per-row foreign
            # key triggers (the throwaway cluster's user is a superuser).
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("CREATE TABLE bench_report (org_id bigint, collective_id bigint, "
                       "place_id bigint, indicator_id bigint)")  # fmt: skip
        cursor.execute("CREATE TABLE bench_submission (submission_id bigint, org_id bigint, "
                       "period integer)")  # fmt: skip
        cursor.execute("CREATE TABLE bench_combo (combination_id bigint)")
        cursor.executemany(
            "INSERT INTO bench_report VALUES (%s, %s, %s, %s)",
            [
                (partners[o].pk, oblasts[o].pk, pk, indicator.pk)
                for h, (pk, _code, o) in enumerate(hromadas)
                for i, indicator in enumerate(indicators)
                if scale.reports(h, i)
            ],
        )
        cursor.executemany(
            "INSERT INTO bench_submission VALUES (%s, %s, %s)",
            [(pk, org, int(name.split(".")[0])) for pk, org, name in submissions],
        )
        cursor.executemany("INSERT INTO bench_combo VALUES (%s)", [(c,) for c in combos.values()])
        cursor.execute("CREATE INDEX bench_report_org ON bench_report (org_id)")
        table = Value._meta.db_table
        cursor.execute(
            f"INSERT INTO {table} (submission_id, collective_id, organization_id, "  # noqa: S608
            "indicator_id, place_id, period, combination_id, value, approved) "
            "SELECT s.submission_id, r.collective_id, r.org_id, r.indicator_id, r.place_id, "
            "s.period, c.combination_id, "
            "(r.place_id * 7 + r.indicator_id * 13 + s.period * 3 + c.combination_id * 5) % 40, "
            "TRUE FROM bench_submission s JOIN bench_report r ON r.org_id = s.org_id "
            "CROSS JOIN bench_combo c ORDER BY s.submission_id, r.indicator_id, r.place_id, "
            "c.combination_id"
        )
        cursor.execute(
            f"INSERT INTO {Coverage._meta.db_table} (submission_id, indicator_id, period) "  # noqa: S608
            "SELECT DISTINCT s.submission_id, r.indicator_id, s.period "
            "FROM bench_submission s JOIN bench_report r ON r.org_id = s.org_id"
        )
        for name in ("bench_report", "bench_submission", "bench_combo"):
            cursor.execute(f"DROP TABLE {name}")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute(
            f"UPDATE {Submission._meta.db_table} SET row_count = (SELECT COUNT(*) "  # noqa: S608
            f"FROM {table} v WHERE v.submission_id = {Submission._meta.db_table}.id)"
        )
    return World(
        national=national,
        oblasts=oblasts,
        partners=partners,
        office=office,
        staff=staff,
        indicators=indicators,
        hromadas=hromadas,
        combos=combos,
        months=months,
    )


def _analyze() -> None:
    """Planner statistics, as a database in service has them."""
    from django.db import connection

    _say("analyzing")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _approved_count() -> int:
    from backbone.measurement.models import Value

    return Value.objects.filter(approved=True).count()


def _import(scale: Scale, world: World, folder: Path, report: Report) -> None:
    """The upload, in a child process (its peak memory is the import's alone), against the
    same rows through plain sqlite3.executemany into a bare table."""
    from django.db import connections

    from backbone.interchange import periods

    report("values_approved", _approved_count())
    path = folder / "upload.csv"
    _say(f"writing a {scale.import_rows:,}-row CSV")
    first = world.months[-1] + 1
    rows: list[tuple] = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "place", "period", "sex", "age", "disability", "value"])
        month = first
        while len(rows) < scale.import_rows:
            code = periods.code_of(month, periods.MONTHLY)
            for indicator in world.indicators:
                for place_id, place_code, _o in world.hromadas:
                    for cell, combo in world.combos.items():
                        value = (place_id + indicator.pk + month + combo) % 50
                        writer.writerow([indicator.code, place_code, code, *cell, value])
                        rows.append(
                            (0, world.national.pk, world.office.pk, indicator.pk, place_id)
                            + (month, combo, float(value), False)
                        )
                        if len(rows) == scale.import_rows:
                            break
                    if len(rows) == scale.import_rows:
                        break
                if len(rows) == scale.import_rows:
                    break
            month += 1
    connections.close_all()
    _say("importing it through import_values, in a child process")
    child = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "backbone.measurement.bench",
            "import",
            str(path),
            str(world.national.pk),
            str(world.office.pk),
            str(world.staff.pk),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise SystemExit("the import failed")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["rows"] == len(rows), result
    # The same file again with nothing written (dry run, rows not sent to the database): how
    # much of the time is reading and checking, and how much the database's own work.
    checked = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "backbone.measurement.bench", "check", str(path)]
        + [str(world.national.pk), str(world.office.pk), str(world.staff.pk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        sys.stderr.write(checked.stderr)
        raise SystemExit("the check-only import failed")
    check_only = json.loads(checked.stdout.strip().splitlines()[-1])
    import_rate = result["rows"] / result["seconds"]
    _say("inserting the same rows with sqlite3.executemany into a bare table")
    bare = folder / "bare.sqlite3"
    database = sqlite3.connect(bare)
    database.execute(
        "CREATE TABLE value (submission_id INTEGER, collective_id INTEGER, organization_id "
        "INTEGER, indicator_id INTEGER, place_id INTEGER, period INTEGER, combination_id "
        "INTEGER, value REAL, approved INTEGER)"
    )
    database.commit()
    started = time.perf_counter()
    database.executemany("INSERT INTO value VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    database.commit()
    bare_rate = len(rows) / (time.perf_counter() - started)
    database.close()
    bare.unlink()
    floor = bare_rate
    report("import_rows", result["rows"])
    report("import_s", result["seconds"])
    report("import_rows_per_s", import_rate)
    report("bare_insert_rows_per_s", bare_rate)
    from django.db import connection

    if connection.vendor == "postgresql":
        floor = _bare_copy_rate(rows)
        report("bare_copy_rows_per_s", floor)
    # Against the floor of the database in use: COPY into a bare PostgreSQL table, or
    # executemany into a bare SQLite one.
    report("import_floor_rows_per_s", floor)
    report("import_ratio", import_rate / floor)
    report("import_peak_rss_mib", result["max_rss_kib"] / 1024)
    report("import_check_only_rows_per_s", check_only["rows"] / check_only["seconds"])


def _bare_copy_rate(rows: list[tuple]) -> float:
    """Rows per second of PostgreSQL's COPY of the same rows into a table with no key, no
    index and no constraint, committed: the fastest this database takes them."""
    from django.db import connection, transaction

    _say("copying the same rows into a bare PostgreSQL table")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare (submission_id bigint, collective_id bigint, "
            "organization_id bigint, indicator_id bigint, place_id bigint, period integer, "
            "combination_id bigint, value double precision, approved boolean)"
        )
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy("COPY bench_bare FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare")
    return len(rows) / seconds


def import_child(
    path: str, collective_id: str, organization_id: str, user_id: str, check_only: bool = False
) -> int:
    import django

    django.setup()
    from backbone.measurement.submissions import writer

    if check_only:
        writer.write_values = lambda submission, rows: None
    from backbone.accounts.models import User
    from backbone.measurement.submissions.imports import import_values
    from backbone.network.models import Collective, Organization

    collective = Collective.objects.get(pk=collective_id)
    organization = Organization.objects.get(pk=organization_id)
    user = User.objects.get(pk=user_id)
    started = time.perf_counter()
    with open(path, "rb") as stream:
        result = import_values(
            collective=collective,
            organization=organization,
            user=user,
            file_name=Path(path).name,
            stream=stream,
            dry_run=check_only,
        )
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": result.rows, "seconds": seconds, "max_rss_kib": _peak_rss_kib()}))
    return 0


def _peak_rss_kib() -> int:
    """This process's peak resident memory. VmHWM belongs to the process's own memory map;
    ru_maxrss would also count the parent's, which exec carries over after a (v)fork."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _freshness(scale: Scale, world: World, report: Report) -> None:
    """One oblast partner's month: import and submit it (not timed), then time approving it
    and reading the national series until its month shows."""
    import io

    from backbone.accounts.models import RoleKind, User
    from backbone.accounts.services import role_grant
    from backbone.interchange import periods
    from backbone.measurement.rollups.engine import rollup
    from backbone.measurement.submissions.imports import import_values
    from backbone.measurement.submissions.workflow import submission_approve, submission_submit

    month = (
        world.months[-1]
        + 1
        + math.ceil(scale.import_rows / (scale.indicators * scale.hromadas * len(world.combos)))
    )
    code = periods.code_of(month, periods.MONTHLY)
    oblast = 0
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "place", "period", "sex", "age", "disability", "value"])
    expected: dict[int, float] = {}
    count = 0
    for h, (place_id, place_code, o) in enumerate(world.hromadas):
        if o != oblast:
            continue
        for i, indicator in enumerate(world.indicators):
            if not scale.reports(h, i):
                continue
            for cell, combo in world.combos.items():
                value = (place_id + indicator.pk + combo) % 30
                writer.writerow([indicator.code, place_code, code, *cell, value])
                expected[indicator.pk] = expected.get(indicator.pk, 0.0) + value
                count += 1
    # Four eyes: a data officer submits, the staff member approves.
    officer = User.objects.create_user(username="bench-officer", password="bench")  # noqa: S106
    role_grant(user=officer, collective=world.national, kind=RoleKind.STAFF)
    result = import_values(
        collective=world.oblasts[oblast],
        organization=world.partners[oblast],
        user=officer,
        file_name="month.csv",
        stream=io.BytesIO(out.getvalue().encode()),
    )
    submission = submission_submit(submission=result.submission, by=officer)
    indicator = next(i for i in world.indicators if i.pk in expected)
    before = rollup(indicator=indicator, collective=world.national, by=["period:month"])
    assert all(row["period"] != code for row in before.rows)
    started = time.perf_counter()
    submission_approve(submission=submission, by=world.staff)
    while True:
        after = rollup(indicator=indicator, collective=world.national, by=["period:month"])
        shown = {row["period"]: row["value"] for row in after.rows}
        if shown.get(code) is not None:
            break
        if time.perf_counter() - started > 600:
            raise SystemExit("the approved values never showed")
    report("freshness_s", time.perf_counter() - started)
    report("freshness_values", count)
    if shown[code] != expected[indicator.pk]:
        raise SystemExit(f"fresh month shows {shown[code]}, expected {expected[indicator.pk]}")


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


def main(argv: list[str]) -> int:
    if argv[:1] == ["worker"]:
        return worker(argv[1], argv[2])
    if argv[:1] == ["import"]:
        return import_child(*argv[1:5])
    if argv[:1] == ["check"]:
        return import_child(*argv[1:5], check_only=True)
    print("usage: backbone bench measurement [--scale tiny|national] [--database sqlite|postgres]")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
