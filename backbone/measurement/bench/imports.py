"""Figures 1, 2 and 4: the upload through the real pipeline (in a child process, with its
peak memory) against a bare insert, and freshness (approval to roll-up)."""

from __future__ import annotations

import csv
import json
import math
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from backbone.measurement.bench.build import (
    Scale,
    World,
    _approved_count,
)
from backbone.measurement.bench.report import Report, _say


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
        writer.write_values = lambda submission, rows, stream=None: None
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
