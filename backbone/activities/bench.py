"""`backbone bench activities [--scale tiny|national] [--database sqlite|postgres]`: a national
3W in a scratch database — 27 oblasts, 1,500 hromadas, 300 organizations, an 11,000-row
HXL file — imported with every check (time and peak memory, in a process of its own), then
the matrix, the gaps and the overlaps read (best of three). Prints one 'name: value' line
per figure, and whether each target of the issue is met.

    python -m backbone.activities.bench worker SCALE FOLDER   (run starts it)
    python -m backbone.activities.bench import FOLDER          (the worker starts it)
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from backbone.measurement.bench.imports import _peak_rss_kib
from backbone.measurement.bench.run import bench_env


@dataclass(frozen=True)
class Scale:
    oblasts: int
    hromadas: int
    organizations: int
    rows: int


SCALES = {
    "tiny": Scale(oblasts=2, hromadas=8, organizations=5, rows=60),
    "national": Scale(oblasts=27, hromadas=1500, organizations=300, rows=11_000),
}
TARGETS = {
    "import_s": 30.0,
    "import_peak_rss_mib": 500.0,
    "matrix_ms": 1000.0,
    "gaps_ms": 1000.0,
    "overlaps_ms": 1000.0,
}
NAMES = (
    "scale", "database", "rows", "activities", "import_s", "import_rows_per_s",
    "import_peak_rss_mib", "matrix_ms", "gaps_ms", "overlaps_ms", "overlaps", "gaps",
)  # fmt: skip
KINDS = ["parenting", "foster-training", "case-management", "inclusive-education",
         "mentoring", "day-care", "reintegration", "awareness"]  # fmt: skip
GROUPS = ["disability", "care-leavers", "foster-families", "families-at-risk"]


def run(*, scale: str = "national", database: str = "sqlite", out: TextIO = sys.stdout) -> int:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    with tempfile.TemporaryDirectory(prefix="backbone-bench-3w-") as folder:
        if database == "postgres":
            from backbone.lib.pgcluster import cluster

            with cluster() as url:
                return _start(url, folder, scale, out)
        return _start(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", folder, scale, out)


def _start(url: str, folder: str, scale: str, out: TextIO) -> int:
    command = [sys.executable, "-m", "backbone.activities.bench", "worker", scale, folder]
    process = subprocess.Popen(  # noqa: S603
        command, env=bench_env(url, folder), stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        out.write(line)
        out.flush()
    return process.wait()


def _say(name: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.3f}" if value < 100 else f"{value:.0f}"
    print(f"{name}: {value}", flush=True)


def _build(scale: Scale, folder: Path) -> None:
    """Places, organizations, the vocabulary, populations for need, and the 3W file."""
    from backbone.accounts.models import RoleKind, User
    from backbone.accounts.services import role_grant
    from backbone.activities.models import ActivityKind, Group
    from backbone.lib.text import normalize_name
    from backbone.measurement.models import Category, Dimension, Population
    from backbone.measurement.services import combination_for
    from backbone.network.models import Collective, Organization, Place

    country = Place.objects.create(code="UA", name="Ukraine", level=0)
    national = Collective.objects.create(
        name="National collective", slug="bench-nation", level="national", place=country
    )
    staff = User.objects.create_user(username="bench-staff", password="bench")  # noqa: S106
    role_grant(user=staff, collective=national, kind=RoleKind.STAFF)
    Place.objects.bulk_create(
        Place(code=f"UA-{o + 1:02d}", name=f"Oblast {o + 1}", level=1, parent=country)
        for o in range(scale.oblasts)
    )
    oblasts = list(Place.objects.filter(level=1).order_by("code"))
    Place.objects.bulk_create(
        (
            Place(
                code=f"{oblasts[h % scale.oblasts].code}-{h + 1:04d}",
                name=f"Hromada {h + 1}",
                level=2,
                parent=oblasts[h % scale.oblasts],
            )
            for h in range(scale.hromadas)
        ),
        batch_size=1000,
    )
    hromadas = list(Place.objects.filter(level=2).values_list("code", flat=True))
    names = [f"Partner {n + 1}" for n in range(scale.organizations)]
    Organization.objects.bulk_create(
        Organization(
            collective=national,
            name=name,
            name_en=name,
            normalized_name=normalize_name(name),
            normalized_name_en=normalize_name(name),
            kind="ngo",
        )
        for name in names
    )
    for position, code in enumerate(KINDS):
        ActivityKind.objects.create(
            collective=national, code=code, name_en=code.replace("-", " ").title(),
            strategy=f"strategy-{position % 3}", position=position,
        )  # fmt: skip
    dimension = Dimension.objects.create(collective=national, code="group", name="Group")
    for code in GROUPS:
        category = Category.objects.create(dimension=dimension, code=code, name=code)
        Group.objects.create(collective=national, code=code, name_en=code, category=category)
        combination = combination_for([category.pk])
        Population.objects.bulk_create(
            Population(
                collective=national, place=p, year=2026, combination_id=combination, value=500
            )
            for p in oblasts
        )
    rng = random.Random("bench-3w")
    lines = [
        "organization,partner,kind,activity,place,start,end,status,group,targeted,reached",
        "#org,#org+impl,#activity+type,#activity+name,#adm2+code,#date+start,#date+end,"
        "#status,#beneficiary,#targeted,#reached",
    ]
    written = 0
    activity = 0
    while written < scale.rows:
        activity += 1
        lead, partner = rng.sample(names, 2)
        kind = rng.choice(KINDS)
        group = rng.choice(GROUPS)
        year = rng.choice((2025, 2026))
        for place in rng.sample(hromadas, min(len(hromadas), rng.randint(1, 4))):
            if written >= scale.rows:
                break
            targeted = rng.randint(20, 400)
            lines.append(
                f"{lead},{partner},{kind},Activity {activity},{place},{year}-01-01,"
                f"{year}-12-31,ongoing,{group},{targeted},{rng.randint(0, targeted)}"
            )
            written += 1
    (folder / "3w.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def worker(scale_name: str, folder: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    scale = SCALES[scale_name]
    _say("scale", scale_name)
    _say("database", connection.vendor)
    call_command("migrate", verbosity=0, interactive=False)
    _build(scale, Path(folder))
    connections.close_all()
    child = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "backbone.activities.bench", "import", folder],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if child.returncode != 0:
        print(child.stderr, file=sys.stderr)
        return 1
    imported = json.loads(child.stdout.strip().splitlines()[-1])
    _say("rows", imported["rows"])
    _say("activities", imported["activities"])
    _say("import_s", imported["seconds"])
    _say("import_rows_per_s", imported["rows"] / imported["seconds"])
    _say("import_peak_rss_mib", imported["max_rss_kib"] / 1024)
    figures = {
        "import_s": imported["seconds"],
        "import_peak_rss_mib": imported["max_rss_kib"] / 1024,
    }
    from backbone.activities import selectors
    from backbone.network.models import Collective

    national = Collective.objects.get(slug="bench-nation")
    from backbone.activities.models import Group

    group = Group.objects.get(code="disability")
    for name, read in (
        ("matrix_ms", lambda: selectors.matrix(national, group=group)),
        ("gaps_ms", lambda: selectors.gaps(national)),
        ("overlaps_ms", lambda: selectors.overlaps(national)),
    ):
        best, result = None, None
        for _attempt in range(3):
            started = time.perf_counter()
            result = read()
            elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        figures[name] = best
        _say(name, best)
        if name != "matrix_ms":
            _say(name.removesuffix("_ms"), len(result))
    for name, limit in TARGETS.items():
        _say(f"target_{name}", f"{'met' if figures[name] < limit else 'missed'} (under {limit:g})")
    return 0


def import_child(folder: str) -> int:
    import django

    django.setup()
    from backbone.accounts.models import User
    from backbone.activities.imports import import_activities
    from backbone.network.models import Collective

    national = Collective.objects.get(slug="bench-nation")
    staff = User.objects.get(username="bench-staff")
    path = Path(folder) / "3w.csv"
    started = time.perf_counter()
    with path.open("rb") as stream:
        result = import_activities(
            collective=national, user=staff, file_name=path.name, stream=stream
        )
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": result.rows,
                "activities": result.activities,
                "seconds": seconds,
                "max_rss_kib": _peak_rss_kib(),
            }
        )
    )
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["worker"]:
        return worker(argv[1], argv[2])
    if argv[:1] == ["import"]:
        return import_child(argv[1])
    print("usage: backbone bench activities [--scale tiny|national] [--database sqlite|postgres]")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
