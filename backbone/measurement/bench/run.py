"""The driver (run: a scratch database and a worker process) and the worker, which
builds the data set and measures each figure."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

from backbone.measurement.bench.build import (
    SCALES,
    _analyze,
    _build,
)
from backbone.measurement.bench.imports import (
    _freshness,
    _import,
    import_child,
)
from backbone.measurement.bench.report import NAMES, TARGETS, Report
from backbone.measurement.bench.rollups import _parquet, _rollups, _selectors

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


def bench_env(url: str, folder: str) -> dict:
    """The environment of a benchmark's worker: its scratch database and folder, production
    settings otherwise (shared by `backbone.activities.bench`)."""
    return {
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


def _worker(url: str, folder: str, scale: str, out: TextIO) -> int:
    env = bench_env(url, folder)
    command = [sys.executable, "-m", "backbone.measurement.bench", "worker", scale, folder]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert process.stdout is not None
    for line in process.stdout:
        out.write(line)
        out.flush()
    return process.wait()


# The worker ----------------------------------------------------------------------------------


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


def main(argv: list[str]) -> int:
    if argv[:1] == ["worker"]:
        return worker(argv[1], argv[2])
    if argv[:1] == ["import"]:
        return import_child(*argv[1:5])
    if argv[:1] == ["check"]:
        return import_child(*argv[1:5], check_only=True)
    print("usage: backbone bench measurement [--scale tiny|national] [--database sqlite|postgres]")
    return 2
