"""Population denominators in and out of files: CSV, XLSX and HXL, read, mapped and refused
with the same code (`backbone.interchange`) as values.

    backbone import population FILE --collective SLUG [--dry-run] [--map ROLE=COLUMN]
                                    [--source TEXT]
    backbone export population --collective SLUG [--format csv|xlsx|hxl]

A file has a place, a year and a population per row, and optionally a column per dimension
(sex, age band, disability) and a source. Columns are recognised by their header or HXL
hashtag, or named with ``--map`` (``place=new_la_code,region_code,country_code`` takes the
first of those columns that is filled: statistics offices write each level's code in its own
column). Cells that say "total" or "all" (``a``, ``ALL``, ``0-17`` for the whole age range)
mean "everyone", not an unknown category. Missing figures (``-``, ``..``, ``z``, ``x``, empty)
are counted and skipped. A row that repeats another's place, year and categories with the same
figure is a repeat (a file with one row per measure repeats the population); with another
figure it is an error. Every problem names its row and column; if there is any, nothing is
saved. Figures already recorded are replaced only where the file gives another, and the
summary says how many were new, changed and unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from backbone.interchange.cells import NO_FIGURE
from backbone.interchange.mapping import find_column, normalize_header
from backbone.interchange.problems import Problem, Refused, problem_of
from backbone.interchange.readers import read_table
from backbone.interchange.tables import UnreadableFile
from backbone.interchange.writers import safe_text
from backbone.measurement.models import Category, Population
from backbone.measurement.rollups.keys import combination_categories
from backbone.measurement.services import combination_for
from backbone.measurement.submissions.checks import collective_dimensions
from backbone.network.models import Place
from backbone.network.placenames import PlaceNames

MAX_PROBLEMS = 200
# Cells meaning "everyone" in a dimension's column.
TOTALS = {
    "total",
    "all",
    "a",
    "t",
    "_t",
    "both",
    "persons",
    "all ages",
    "всього",
    "усього",
    "разом",
}
TOTAL_AGE = re.compile(r"^\s*0\s*[-–—]\s*17\s*$|^\s*(under|<)\s*18\s*$")
HEADERS = {
    "place": {"place", "place code", "area code", "area", "location", "pcode", "geography code",
              "region code", "new la code", "la code", "admin1 code", "adm1 code"},
    "year": {"year", "time period", "period", "reference year"},
    "value": {"population", "population estimate", "value", "count", "number", "children"},
    "source": {"source", "data source"},
}  # fmt: skip
HXL = {
    "place": ("#adm4+code", "#adm3+code", "#adm2+code", "#adm1+code", "#country+code"),
    "year": ("#date+year", "#date"),
    "value": ("#population", "#population+total", "#inneed", "#affected", "#value"),
    "source": ("#meta+source",),
}


class PopulationRefused(Refused):
    """Nothing was saved, for these reasons (see `Refused`)."""


@dataclass
class PopulationResult:
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    repeated: int = 0
    missing: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


def _columns(table, mapping: dict[str, str], dimensions) -> tuple[dict, dict, list[Problem]]:
    """Column positions per role (place may list several) and per dimension code."""
    headers = [normalize_header(h) for h in table.headers]
    tags = [str(t).casefold().replace(" ", "") for t in table.tags] if table.tags else None
    problems: list[Problem] = []
    roles: dict[str, list[int]] = {}
    for role, names in mapping.items():
        found = []
        for name in names.split(","):
            index = find_column(table, name.strip())
            if index is None:
                problems.append(
                    Problem(None, role, _("There is no column “%s” in the file.") % name.strip())
                )
            else:
                found.append(index)
        roles[role] = found
    for role, aliases in HEADERS.items():
        if role in roles:
            continue
        for index, header in enumerate(headers):
            tag = tags[index] if tags else ""
            if header in aliases or any(tag.startswith(t) for t in HXL[role] if tag):
                roles.setdefault(role, []).append(index)
                if role != "place":
                    break
    by_dimension: dict[str, int] = {}
    for code, dimension in dimensions.items():
        if code in mapping:
            continue
        for index, header in enumerate(headers):
            tag = tags[index] if tags else ""
            names = {code.casefold(), normalize_header(dimension.name)}
            if header in names or (dimension.hxl_tag and tag == dimension.hxl_tag.casefold()):
                by_dimension[code] = index
                break
    for code in list(roles):
        if code in dimensions:
            by_dimension[code] = roles.pop(code)[0]
    for role in ("place", "year", "value"):
        if not roles.get(role):
            problems.append(
                Problem(
                    None,
                    role,
                    _("No column holds the %(role)s: name it with --map %(role)s=COLUMN.")
                    % {"role": role},
                )
            )
    return roles, by_dimension, problems


def _categories(dimensions) -> dict[str, dict[str, Category]]:
    lookup: dict[str, dict[str, Category]] = {}
    for code, dimension in dimensions.items():
        cells: dict[str, Category] = {}
        for category in dimension.categories.all():
            for name in (category.code, category.name_en, category.name_uk, category.name_he):
                if name:
                    cells[str(name).casefold().strip()] = category
        lookup[code] = cells
    return lookup


def _year(cell: Any) -> int | None:
    text = str(cell).strip()
    if hasattr(cell, "year"):
        return cell.year
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    return None


def _number(cell: Any) -> float | None:
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def import_population(
    *,
    collective,
    user,
    file_name: str,
    stream: IO[bytes],
    mapping: dict[str, str] | None = None,
    source: str = "",
    dry_run: bool = False,
    sheet: str | int | None = None,
    header_row: int | None = None,
    progress: Callable[..., None] | None = None,
) -> PopulationResult:
    """Check a population file and record its figures for the collective (all or nothing).
    ``progress(rows_read)`` is told as rows are read, and ``progress(rows, "saving")`` once."""
    try:
        table = read_table(file_name, stream, sheet=sheet, header_row=header_row)
    except UnreadableFile as error:
        raise PopulationRefused([problem_of(error)]) from None
    dimensions = collective_dimensions(collective)
    roles, by_dimension, problems = _columns(table, mapping or {}, dimensions)
    if problems:
        raise PopulationRefused(problems)
    places = PlaceNames(Place.objects.only("pk", "code", "pcode", "name", "names", "parent_id"))
    categories = _categories(dimensions)
    headers = table.headers
    result = PopulationResult(dry_run=dry_run)
    figures: dict[tuple[int, int, int], tuple[float, str, int]] = {}
    combos: dict[str, int] = {}
    for number, cells in table.rows:
        if len(problems) >= MAX_PROBLEMS:
            break

        def cell(index: int, cells=cells) -> Any:
            return cells[index] if index < len(cells) else None

        def column(index: int) -> str:
            return str(headers[index]).replace("\ufeff", "") if index < len(headers) else ""

        if all(str(c if c is not None else "").strip() == "" for c in cells):
            continue
        result.rows += 1
        if progress is not None:
            progress(result.rows)
        raw_value = cell(roles["value"][0])
        if str(raw_value if raw_value is not None else "").strip().casefold() in NO_FIGURE:
            result.missing += 1
            continue
        value = _number(raw_value)
        if value is None or value < 0:
            problems.append(
                Problem(
                    number,
                    column(roles["value"][0]),
                    _("“%s” is not a population (a number of people, 0 or more).") % raw_value,
                )
            )
            continue
        place_texts = [cell(i) for i in roles["place"]]
        place_text = next((t for t in place_texts if str(t or "").strip()), None)
        place = places.find(place_text) if place_text is not None else None
        if place is None:
            problems.append(
                Problem(
                    number,
                    column(roles["place"][0]),
                    places.refusal(place_text) if place_text else _("The place is empty."),
                )
            )
            continue
        year = _year(cell(roles["year"][0]))
        if year is None:
            problems.append(
                Problem(
                    number,
                    column(roles["year"][0]),
                    _("“%s” is not a year: write it as 2024.") % cell(roles["year"][0]),
                )
            )
            continue
        chosen: list[int] = []
        bad = False
        for code, index in by_dimension.items():
            text = str(cell(index) if cell(index) is not None else "").strip()
            key = text.casefold()
            if key in TOTALS or key == "" or (code == "age" and TOTAL_AGE.match(key)):
                continue
            category = categories[code].get(key)
            if category is None:
                known = ", ".join(sorted({c.code for c in categories[code].values()}))
                problems.append(
                    Problem(
                        number,
                        column(index),
                        _("“%(text)s” is not a category of %(dimension)s (%(known)s, or “all”).")
                        % {"text": text, "dimension": code, "known": known},
                    )
                )
                bad = True
                break
            chosen.append(category.pk)
        if bad:
            continue
        combination = combination_for(chosen, combos)
        row_source = str(cell(roles["source"][0]) or "").strip() if roles.get("source") else ""
        key = (place.pk, year, combination)
        earlier = figures.get(key)
        if earlier is not None:
            if earlier[0] == value:
                result.repeated += 1
                continue
            problems.append(
                Problem(
                    number,
                    column(roles["value"][0]),
                    _("Row %(row)s already gives %(place)s in %(year)s the population %(other)s.")
                    % {"row": earlier[2], "place": place.code, "year": year, "other": earlier[0]},
                )
            )
            continue
        figures[key] = (value, (row_source or source or file_name)[:300], number)
    if problems:
        raise PopulationRefused(problems)
    if progress is not None:
        progress(result.rows, "saving", force=True)
    with transaction.atomic():
        existing = {
            (row.place_id, row.year, row.combination_id): row
            for row in Population.objects.select_for_update().filter(
                collective=collective, place_id__in={k[0] for k in figures}
            )
        }
        new, changed = [], []
        for key, (value, row_source, _row) in figures.items():
            row = existing.get(key)
            if row is None:
                new.append(
                    Population(
                        collective=collective,
                        place_id=key[0],
                        year=key[1],
                        combination_id=key[2],
                        value=value,
                        source=row_source,
                        created_by=user,
                    )
                )
            elif row.value != value or row.source != row_source:
                row.value, row.source, row.created_by = value, row_source, user
                changed.append(row)
            else:
                result.unchanged += 1
        result.new, result.changed = len(new), len(changed)
        if not dry_run:
            # With their history, all at one moment, by one user, naming the file: the audit
            # log tells an import of any size as one entry ("500 population figures imported
            # from …"), and still knows each figure's old value.
            written = {
                "batch_size": 2000,
                "default_user": user,
                "default_change_reason": file_name[:100],
                "default_date": timezone.now(),
            }
            bulk_create_with_history(new, Population, **written)
            bulk_update_with_history(
                changed, Population, ["value", "source", "created_by"], **written
            )
    return result


EXPORT_COLUMNS = ("place", "place_name", "year", "value", "source")


def export_rows(collective) -> Iterable[dict]:
    """The collective's own population figures, one dict per row with a column per dimension."""
    dimensions = list(collective_dimensions(collective))
    combos = combination_categories()
    places = {
        pk: (code, name) for pk, code, name in Place.objects.values_list("pk", "code", "name")
    }
    for row in Population.objects.filter(collective=collective).order_by(
        "place_id", "year", "combination_id"
    ):
        cells = combos.get(row.combination_id, {})
        yield {
            "place": places[row.place_id][0],
            "place_name": places[row.place_id][1],
            "year": row.year,
            **{code: cells.get(code, "all") for code in dimensions},
            "value": int(row.value) if row.value.is_integer() else row.value,
            "source": row.source,
        }


def export_population(collective, fmt: str = "csv") -> bytes:
    """The collective's population figures as a file that imports back unchanged."""
    dimensions = list(collective_dimensions(collective))
    columns = ["place", "place_name", "year", *dimensions, "value", "source"]
    rows = list(export_rows(collective))
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("population")
        sheet.append(columns)
        for row in rows:
            sheet.append(
                [safe_text(row[c]) if isinstance(row[c], str) else row[c] for c in columns]
            )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    if fmt == "hxl":
        dims = collective_dimensions(collective)
        tags = {"place": "#adm1+code", "place_name": "#adm1+name", "year": "#date+year"}
        tags |= {"value": "#population", "source": "#meta+source"}
        tags |= {code: dims[code].hxl_tag or f"#meta+{code}" for code in dimensions}
        writer.writerow([tags[c] for c in columns])
    for row in rows:
        writer.writerow([safe_text(row[c]) if isinstance(row[c], str) else row[c] for c in columns])
    return text.getvalue().encode("utf-8")
