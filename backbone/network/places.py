"""Loading the place tree: first-level subdivisions from pycountry, deeper levels from CSV."""

from __future__ import annotations

import csv
import gettext
import io
from dataclasses import dataclass

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from backbone.network.models import Place

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 50_000
TRANSLATED_LANGUAGES = ("uk", "he")
# OCHA p-codes of Ukraine's first-level places (the COD-AB boundaries, KOATUU numbering):
# humanitarian partners' files carry these, and five differ from the ISO 3166-2 number.
OCHA_PCODES = {
    "UA": {
        "UA-43": "UA01", "UA-05": "UA05", "UA-07": "UA07", "UA-12": "UA12", "UA-14": "UA14",
        "UA-18": "UA18", "UA-21": "UA21", "UA-23": "UA23", "UA-26": "UA26", "UA-32": "UA32",
        "UA-35": "UA35", "UA-09": "UA44", "UA-46": "UA46", "UA-48": "UA48", "UA-51": "UA51",
        "UA-53": "UA53", "UA-56": "UA56", "UA-59": "UA59", "UA-61": "UA61", "UA-63": "UA63",
        "UA-65": "UA65", "UA-68": "UA68", "UA-71": "UA71", "UA-77": "UA73", "UA-74": "UA74",
        "UA-30": "UA80", "UA-40": "UA85",
    },
}  # fmt: skip


class PlacesError(Exception):
    """A places file was refused; `problems` lists (line, reason) and nothing was loaded."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in problems))


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int


def _translator(domain: str, language: str):
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[language], fallback=True
    ).gettext


@transaction.atomic
def places_load_country(*, country_code: str) -> LoadResult:
    """Create or refresh a country and its first-level subdivisions (ISO 3166-2)."""
    country = pycountry.countries.get(alpha_2=country_code.upper())
    if country is None:
        raise PlacesError([(0, _("Unknown country code “%s”.") % country_code)])
    created = updated = 0
    names = {lang: _translator("iso3166-1", lang)(country.name) for lang in TRANSLATED_LANGUAGES}
    root, was_created = Place.objects.update_or_create(
        code=country.alpha_2,
        defaults={"name": country.name, "names": names, "kind": "Country", "level": 0},
    )
    created += was_created
    updated += not was_created
    subdivisions = pycountry.subdivisions.get(country_code=country.alpha_2) or []
    translators = {lang: _translator("iso3166-2", lang) for lang in TRANSLATED_LANGUAGES}
    pcodes = OCHA_PCODES.get(country.alpha_2, {})
    # Only the first level: subdivisions with no parent subdivision.
    for sub in sorted(subdivisions, key=lambda s: s.code):
        if getattr(sub, "parent_code", None):
            continue
        names = {lang: tr(sub.name) for lang, tr in translators.items() if tr(sub.name) != sub.name}
        _place, was_created = Place.objects.update_or_create(
            code=sub.code,
            defaults={
                "name": sub.name,
                "names": names,
                "kind": sub.type,
                "parent": root,
                "level": 1,
                "pcode": pcodes.get(sub.code, ""),
            },
        )
        created += was_created
        updated += not was_created
    return LoadResult(created=created, updated=updated)


@transaction.atomic
def places_load_csv(*, data: bytes) -> LoadResult:
    """Load deeper levels from CSV with columns code, name, parent_code (and optional name_uk).

    The whole file is checked first; any problem refuses it whole with every problem listed.
    Parents may be existing places or rows earlier or later in the same file.
    """
    if len(data) > MAX_CSV_BYTES:
        raise PlacesError(
            [
                (
                    0,
                    _("The file is %(size)d bytes; the limit is %(limit)d.")
                    % {"size": len(data), "limit": MAX_CSV_BYTES},
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlacesError([(0, _("The file is not UTF-8 text (%s).") % error.reason)]) from None
    reader = csv.DictReader(io.StringIO(text))
    required = {"code", "name", "parent_code"}
    header = {h.strip() for h in (reader.fieldnames or [])}
    if not required <= header:
        missing = ", ".join(sorted(required - header))
        raise PlacesError(
            [(1, _("Missing column(s): %s. Expected code, name, parent_code.") % missing)]
        )

    problems: list[tuple[int, str]] = []
    rows: list[tuple[int, str, str, str, str]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if len(rows) >= MAX_CSV_ROWS:
            problems.append((line, _("More than %d rows; split the file.") % MAX_CSV_ROWS))
            break
        if None in row:
            problems.append((line, _("More values than columns.")))
            continue
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        parent_code = (row.get("parent_code") or "").strip()
        name_uk = (row.get("name_uk") or "").strip()
        if not code:
            problems.append((line, _("The code is empty.")))
        elif len(code) > 32:
            problems.append((line, _("The code “%s” is longer than 32 characters.") % code))
        elif code in seen:
            problems.append(
                (
                    line,
                    _("The code “%(code)s” already appears on line %(line)d.")
                    % {"code": code, "line": seen[code]},
                )
            )
        else:
            seen[code] = line
        if not name:
            problems.append((line, _("The name is empty.")))
        if not parent_code:
            problems.append((line, _("The parent code is empty.")))
        rows.append((line, code, name, parent_code, name_uk))

    existing = dict(Place.objects.values_list("code", "level"))
    parent_of = {code: parent_code for _line, code, _name, parent_code, _uk in rows if code}
    levels: dict[str, int] = {}

    def level_of(code: str, trail: tuple[str, ...] = ()) -> int | None:
        if code in levels:
            return levels[code]
        if code in trail:
            return None
        if code in existing and code not in seen:
            return existing[code]
        if code not in parent_of:
            return None
        parent = level_of(parent_of[code], (*trail, code))
        if parent is None:
            return None
        levels[code] = parent + 1
        return levels[code]

    for line, code, _name, parent_code, _uk in rows:
        if code and parent_code and level_of(code) is None:
            if parent_code == code:
                problems.append((line, _("The place “%s” cannot be its own parent.") % code))
            else:
                problems.append(
                    (
                        line,
                        _("The parent code “%s” is neither a known place nor in this file.")
                        % parent_code,
                    )
                )
    if problems:
        raise PlacesError(sorted(problems))

    # The whole file is valid: write it level by level, in bulk, so that each level's
    # parents (existing or just created) are known before their children are saved.
    created = updated = 0
    by_code = {p.code: p for p in Place.objects.filter(code__in=set(parent_of.values()))}
    for level in sorted(set(levels.values())):
        batch = [r for r in rows if levels[r[1]] == level]
        existing = Place.objects.in_bulk([r[1] for r in batch], field_name="code")
        new_places, changed = [], []
        for _line, code, name, parent_code, name_uk in batch:
            place = existing.get(code) or Place(code=code)
            place.name, place.names = name, ({"uk": name_uk} if name_uk else {})
            place.parent, place.level = by_code[parent_code], level
            (changed if place.pk else new_places).append(place)
            by_code[code] = place
        Place.objects.bulk_create(new_places, batch_size=1000)
        Place.objects.bulk_update(changed, ["name", "names", "parent", "level"], batch_size=1000)
        created += len(new_places)
        updated += len(changed)
    return LoadResult(created=created, updated=updated)
