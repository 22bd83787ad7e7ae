"""The benchmark's scales and its data set: collectives, places, catalogue and approved
values, built with bulk SQL (set-up, not measured)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backbone.measurement.bench.report import _say

SEX = [("f", "Female"), ("m", "Male")]
AGE = [("0-4", "0–4"), ("5-9", "5–9"), ("10-14", "10–14"), ("15-17", "15–17")]
DISABILITY = [("yes", "With a disability"), ("no", "Without a disability")]
FIRST_MONTH = (2023, 1)  # the data set's months start here; the upload and the fresh
# submission come after them, in months that have ended.


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
