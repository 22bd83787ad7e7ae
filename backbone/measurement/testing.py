"""A small measurement world on top of the personas: places, dimensions, indicators."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from backbone.measurement import services
from backbone.measurement.models import Dimension, Indicator
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import submission_approve, submission_submit
from backbone.network.models import Place


@dataclass
class Measure:
    country: Place
    lviv: Place
    lviv_city: Place
    kharkiv: Place
    sex: Dimension
    age: Dimension
    in_care: Indicator
    workers: Indicator
    children: Indicator
    workers_per_10k: Indicator
    foster_active: Indicator


def build_measure(world) -> Measure:
    country = Place.objects.create(code="UA", name="Ukraine", level=0)
    lviv = Place.objects.create(
        code="UA-46", name="Lviv oblast", names={"uk": "Львівська область"}, level=1, parent=country
    )
    lviv_city = Place.objects.create(code="UA-46-001", name="Lviv", level=2, parent=lviv)
    kharkiv = Place.objects.create(code="UA-63", name="Kharkiv oblast", level=1, parent=country)
    national = world.national
    sex = services.dimension_create(
        collective=national,
        code="sex",
        name="Sex",
        names={"uk": "Стать"},
        hxl_tag="#gender+code",
        categories=[("f", "Female", {"uk": "Дівчата"}), ("m", "Male", {"uk": "Хлопці"})],
    )
    age = services.dimension_create(
        collective=national,
        code="age",
        name="Age band",
        hxl_tag="#age+range",
        categories=[("0-4", "0–4"), ("5-17", "5–17")],
        position=1,
    )
    start = dt.date(2024, 1, 1)
    in_care = services.indicator_create(
        collective=national,
        code="in-care",
        name="Children in residential institutions",
        names={"uk": "Діти в інтернатних закладах"},
        counting_rule="Children living in a residential institution on the last day of the month.",
        effective_from=start,
        dimensions=[sex, age],
        direction="down",
        by=world.staff,
    )
    workers = services.indicator_create(
        collective=national,
        code="workers",
        name="Social workers",
        counting_rule="Social workers employed on the last day of the month.",
        effective_from=start,
        by=world.staff,
    )
    children = services.indicator_create(
        collective=national,
        code="children",
        name="Children living in the area",
        counting_rule="Resident children under 18.",
        effective_from=start,
        by=world.staff,
    )
    workers_per_10k = services.indicator_create(
        collective=national,
        code="workers-per-10k",
        name="Social workers per 10,000 children",
        counting_rule="workers / children × 10,000",
        effective_from=start,
        aggregation="ratio",
        unit="rate",
        rate_per=10000,
        numerator=workers,
        denominator=children,
        by=world.staff,
    )
    foster_active = services.indicator_create(
        collective=national,
        code="foster-active",
        name="Foster families active",
        counting_rule="Foster families with at least one child placed at month end.",
        effective_from=start,
        time_aggregation="last",
        by=world.staff,
    )
    return Measure(
        country=country,
        lviv=lviv,
        lviv_city=lviv_city,
        kharkiv=kharkiv,
        sex=sex,
        age=age,
        in_care=in_care,
        workers=workers,
        children=children,
        workers_per_10k=workers_per_10k,
        foster_active=foster_active,
    )


def csv_file(rows: list[dict] | list[list], headers: list[str] | None = None) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    if rows and isinstance(rows[0], dict):
        headers = headers or list(rows[0])
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    else:
        if headers:
            writer.writerow(headers)
        writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


def approved_upload(*, collective, organization, reporter, staff, rows, name="values.csv"):
    """Import rows for an organization, submit and approve them; returns the submission."""
    result = import_values(
        collective=collective,
        organization=organization,
        user=reporter,
        file_name=name,
        stream=csv_file(rows),
    )
    submission_submit(submission=result.submission, by=reporter)
    return submission_approve(submission=result.submission, by=staff)
