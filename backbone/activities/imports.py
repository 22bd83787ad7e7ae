"""A 3W table in: who does what, where, when and for whom, from HXL-tagged CSV, CSV or XLSX,
read and refused with the platform's interchange (`backbone.interchange`).

    backbone import activities FILE --collective SLUG --user USERNAME [--dry-run]
        [--map ROLE=COLUMN] [--ignore COLUMN] [--sheet N] [--create-organizations]

Columns are recognised by their HXL hashtag and attributes (``#org+impl``, ``#adm2+name``,
``#targeted+f``…: see ROLES), by their header, or named with ``--map ROLE=COLUMN``; a role
may list several columns (``place=Admin2,Admin1``: the first filled is taken, so name the
most specific first; ``key=ProjectCode,ActivityId``: together they name the activity).

What a row is: one activity in one place. Rows that repeat an activity (the same key, or
without a key the same lead organization, kind, title and dates) in other places are one
activity done in those places. A row repeating an activity in a place it already gave is a
repeat when its figures are the same, and refused when they differ, unless a period column
(``--map period=MONTH``) tells them apart: then the reached figures of the periods add up
and the people targeted is the largest given. Figures split by sex (``#reached+f``,
``#reached+m``) add up to the total where no total column is given.

Organizations are found by their name in any language or their acronym; one the collective
does not have is listed, never created silently (``create_organizations`` creates them, of
the kind ``#org+type`` says). A reporter imports their own organization's activities only:
rows led by another are refused. Kinds of activity and groups served come from the
collective's vocabulary (code or name, any language; a kind also by its sector when only one
kind has it); places by code, p-code or name, within the collective's place.

Every problem names its row and column; if there is any, nothing is saved. The same file
twice adds nothing. An activity the collective already has under the same key is updated,
not doubled (a file exported here imports back unchanged); a corrected file of the same name
replaces the earlier import: its activities the new file no longer names are removed. Every
change is in the history, the import itself included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from backbone.activities.models import (
    Activity,
    ActivityImport,
    ActivityKind,
    ActivityOrganization,
    ActivityPlace,
    ActivityStatus,
    Group,
    OrganizationRole,
)
from backbone.activities.permissions import Action
from backbone.activities.services import places_within
from backbone.interchange.cells import NO_FIGURE, parse_number
from backbone.interchange.mapping import find_column, normalize_header
from backbone.interchange.problems import Problem, Refused, problem_of, suggest
from backbone.interchange.readers import read_table
from backbone.interchange.tables import UnreadableFile
from backbone.lib import permissions
from backbone.lib.text import normalize_name
from backbone.lib.translation import translations
from backbone.network.models import Organization, OrganizationKind, Place
from backbone.network.placenames import PlaceNames
from backbone.network.services import organization_create

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Tag:
    """An HXL hashtag with the attributes it must have and those it must not."""

    hashtag: str
    having: frozenset[str] = frozenset()
    without: frozenset[str] = frozenset()

    def fits(self, hashtag: str, attributes: frozenset[str]) -> bool:
        return (
            hashtag == self.hashtag
            and self.having <= attributes
            and not (self.without & attributes)
        )


def tag(text: str, without: str = "") -> Tag:
    hashtag, *attributes = text.split("+")
    return Tag(
        hashtag, frozenset(attributes), frozenset(without.split()) if without else frozenset()
    )


SEX_PARTS = frozenset({"f", "m", "women", "men", "girls", "boys", "female", "male"})
_ORG_OTHER = "impl implementing funder donor partner type code id acronym"
# Each role: the hashtags that hold it (the first that fits a column wins) and the headers.
ROLES: dict[str, tuple[tuple[Tag, ...], set[str]]] = {
    "key": ((tag("#activity+id"), tag("#activity+code", "type"), tag("#x_activity+id")),
            {"activity id", "activity code", "id"}),
    "lead": ((tag("#org+lead"), tag("#org+name", _ORG_OTHER), tag("#org", _ORG_OTHER)),
             {"organization", "organisation", "lead organization", "lead organisation", "org",
              "agency", "partner", "lead"}),
    "implementing": ((tag("#org+impl"), tag("#org+implementing")),
                     {"implementing partner", "implementing organization",
                      "implementing partners"}),
    "funding": ((tag("#org+funder"), tag("#org+donor")), {"funder", "donor", "funded by"}),
    "partner": ((tag("#org+partner"),), {"partners", "other partners"}),
    "org_type": ((tag("#org+type", "code id"),),
                 {"organization type", "organisation type", "type of organization"}),
    "kind": ((tag("#activity+type", "id code"), tag("#activity+kind"), tag("#activity+type")),
             {"kind", "kind of activity", "activity type", "type of activity"}),
    "title": ((tag("#activity+name"), tag("#activity", "id code type kind description")),
              {"activity", "title", "activity name", "activity title"}),
    "description": ((tag("#description"), tag("#activity+description")), {"description"}),
    "place": ((tag("#loc+code"), tag("#adm5"), tag("#adm4"), tag("#adm3"), tag("#adm2"),
               tag("#adm1"), tag("#loc"), tag("#country")),
              {"place", "place code", "location", "pcode", "p-code", "hromada", "raion",
               "oblast", "admin4", "admin3", "admin2", "admin1", "district", "region"}),
    "start": ((tag("#date+start"),), {"start", "start date", "starts", "from"}),
    "end": ((tag("#date+end"),), {"end", "end date", "ends", "to", "until"}),
    "status": ((tag("#status"),), {"status", "activity status"}),
    "targeted": ((tag("#targeted"),), {"targeted", "people targeted", "target", "targets"}),
    "reached": ((tag("#reached"),), {"reached", "people reached", "achieved",
                                       "beneficiaries reached"}),
    "group": ((tag("#beneficiary"), tag("#population+type"), tag("#population+group")),
              {"group", "groups", "beneficiaries", "beneficiary", "target group", "group served"}),
    "budget": ((tag("#value+budget"), tag("#budget")), {"budget", "amount"}),
    "currency": ((tag("#currency"), tag("#value+currency")), {"currency"}),
    "funding_source": ((tag("#meta+funding"), tag("#meta+source+funding")), {"funding source"}),
    "period": ((tag("#date+reported"), tag("#date+month"), tag("#period_date")),
               {"month", "period", "reporting period", "reporting month"}),
    "note": ((tag("#meta+note"), tag("#meta+comment")), {"note", "notes", "comment", "comments"}),
}  # fmt: skip
MULTI = {"place", "key"}  # roles that take several columns
NEEDED = ("kind", "title", "place")

STATUS_WORDS = {
    ActivityStatus.PLANNED: {"planned", "planning", "pipeline", "proposed", "not started",
                             "заплановано", "планується", "prévu", "planificado", "מתוכנן"},
    ActivityStatus.ONGOING: {"ongoing", "on going", "active", "in progress", "implementation",
                             "running", "триває", "виконується", "en cours", "en curso", "בביצוע"},
    ActivityStatus.COMPLETED: {"completed", "complete", "finished", "done", "closed",
                               "завершено", "виконано", "terminé", "achevé", "terminado", "הושלם"},
    ActivityStatus.CANCELLED: {"cancelled", "canceled", "скасовано", "annulé", "cancelado", "בוטל"},
    ActivityStatus.SUSPENDED: {"suspended", "on hold", "paused", "призупинено", "suspendu",
                               "suspendido", "מושהה"},
}  # fmt: skip
_STATUS = {word: status for status, words in STATUS_WORDS.items() for word in words}
_STATUS |= {status.label.casefold(): status for status in ActivityStatus}

ORG_KIND_WORDS = [
    (("un agency", "united nations", "un ", "international ngo", "ingo", "national ngo", "nngo",
      "ngo", "non-governmental", "non governmental", "red cross", "red crescent", "charity",
      "громадська", "благодійн"), OrganizationKind.NGO),
    (("ministry", "government", "state", "міністерство", "державн"), OrganizationKind.MINISTRY),
    (("local authority", "municipality", "local government", "hromada", "council",
      "громада", "рада"), OrganizationKind.LOCAL_AUTHORITY),
    (("public service", "service provider", "centre", "center"), OrganizationKind.PUBLIC_SERVICE),
    (("community", "cbo"), OrganizationKind.CBO),
    (("faith", "religious", "church"), OrganizationKind.FAITH_BASED),
    (("private", "company", "business"), OrganizationKind.PRIVATE),
    (("academic", "university", "research"), OrganizationKind.ACADEMIC),
    (("donor", "funder", "foundation"), OrganizationKind.FUNDER),
    (("media",), OrganizationKind.MEDIA),
]  # fmt: skip


class ActivitiesRefused(Refused):
    """Nothing was saved, for these reasons (see `Refused`)."""


@dataclass
class UnknownOrganization:
    name: str
    row: int
    column: str
    kind: str = ""  # from #org+type, where the file gives it


@dataclass
class ImportResult:
    rows: int = 0
    activities: int = 0
    new: int = 0
    updated: int = 0
    removed: int = 0
    repeated: int = 0
    dry_run: bool = False
    duplicate_of: ActivityImport | None = None
    replaced: ActivityImport | None = None
    record: ActivityImport | None = None
    created_organizations: list[Organization] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _split_tag(text: str) -> tuple[str, frozenset[str]]:
    parts = [p for p in str(text or "").casefold().replace(" ", "").split("+") if p]
    if not parts:
        return "", frozenset()
    return parts[0], frozenset(parts[1:])


def _columns(
    table, mapping: dict[str, str], ignored: list[str]
) -> tuple[dict, dict, list[Problem]]:
    """Column positions per role (a list each), the columns of figures split by sex
    (role → list), and the problems with what was named."""
    problems: list[Problem] = []
    skip: set[int] = set()
    for name in ignored:
        index = find_column(table, name)
        if index is None:
            problems.append(Problem(None, name, _("There is no column “%s” in the file.") % name))
        else:
            skip.add(index)
    roles: dict[str, list[int]] = {}
    for role, names in mapping.items():
        if role not in ROLES:
            problems.append(
                Problem(
                    None,
                    names,
                    _("“%(role)s” is not a role; the roles are %(roles)s.")
                    % {"role": role, "roles": ", ".join(ROLES)},
                )
            )
            continue
        for name in names.split(","):
            index = find_column(table, name.strip())
            if index is None:
                problems.append(
                    Problem(None, role, _("There is no column “%s” in the file.") % name.strip())
                )
            else:
                roles.setdefault(role, []).append(index)
    # A key's columns may hold another role too (the organization is part of many keys).
    taken = {i for role, found in roles.items() if role != "key" for i in found} | skip
    tags = (
        [_split_tag(t) for t in table.tags]
        if table.tags
        else [("", frozenset())] * len(table.headers)
    )
    headers = [normalize_header(h) for h in table.headers]
    parts: dict[str, list[int]] = {}
    # Hashtags first (the order of ROLES' tags says which fits best), then headers.
    for role, (wanted, _headers) in ROLES.items():
        if role in mapping:
            continue
        for spec in wanted:
            for index, (hashtag, attributes) in enumerate(tags):
                if index in taken or not hashtag or not spec.fits(hashtag, attributes):
                    continue
                if role in ("targeted", "reached") and attributes & SEX_PARTS:
                    parts.setdefault(role, []).append(index)
                    taken.add(index)
                    continue
                if role in roles and role not in MULTI:
                    continue
                roles.setdefault(role, []).append(index)
                taken.add(index)
    for role, (_tags, names) in ROLES.items():
        if role in mapping or (role in roles and role not in MULTI):
            continue
        for index, header in enumerate(headers):
            if index not in taken and header in names and not tags[index][0]:
                roles.setdefault(role, []).append(index)
                taken.add(index)
                if role not in MULTI:
                    break
    if "place" in roles and "place" not in mapping:
        roles["place"] = sorted(roles["place"], key=lambda i: _place_rank(tags[i][0], headers[i]))
    for role in NEEDED:
        if not roles.get(role):
            problems.append(
                Problem(
                    None,
                    role,
                    _("No column holds the %(role)s: name it with --map %(role)s=COLUMN.")
                    % {"role": role},
                )
            )
    return roles, parts, problems


_PLACE_ORDER = ["#loc", "#adm5", "#adm4", "#adm3", "#adm2", "#adm1", "#country"]
_HEADER_ORDER = ["location", "hromada", "admin4", "admin3", "raion", "district", "admin2",
                 "oblast", "region", "admin1"]  # fmt: skip


def _place_rank(hashtag: str, header: str) -> int:
    """Most specific first: a site, then hromada, raion, oblast, country."""
    if hashtag in _PLACE_ORDER:
        return _PLACE_ORDER.index(hashtag)
    if header in _HEADER_ORDER:
        return _HEADER_ORDER.index(header)
    return 0


def _level_of(hashtag: str) -> int | None:
    match = re.fullmatch(r"#adm(\d)", hashtag)
    if match:
        return int(match[1])
    return 0 if hashtag == "#country" else None


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y")


def parse_date(cell: Any, *, end: bool = False) -> dt.date | None:
    """A date as 3W files write it (a date cell, 2024-03-31, 31/03/2024, 31.03.2024, a month
    2024-03 or a year 2024: their first day, or their last for an end). Raises ValueError."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell)
    if not text:
        return None
    text = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if month and 1 <= int(month[2]) <= 12:
        year, number = int(month[1]), int(month[2])
        if not end:
            return dt.date(year, number, 1)
        following = dt.date(year + number // 12, number % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    raise ValueError(text)


def _kind_of_organization(text: str) -> str:
    key = f" {text.casefold()} "
    for words, kind in ORG_KIND_WORDS:
        if any(word in key for word in words):
            return kind
    return OrganizationKind.NGO


class _Vocabulary:
    """Look-ups built once per import: organizations, kinds, groups."""

    def __init__(self, collective) -> None:
        self.collective = collective
        self.organizations: dict[str, list[Organization]] = {}
        for organization in Organization.objects.filter(collective_id__in=collective.tree_ids()):
            names = {*translations(organization, "name").values(), organization.acronym}
            for name in names:
                if name:
                    self.organizations.setdefault(normalize_name(name), []).append(organization)
        self.kinds: dict[str, ActivityKind] = {}
        by_sector: dict[str, list[ActivityKind]] = {}
        for kind in ActivityKind.objects.for_collective(collective):
            for name in (kind.code, *translations(kind, "name").values()):
                if name:
                    self.kinds.setdefault(normalize_name(name), kind)
            if kind.sector:
                by_sector.setdefault(normalize_name(kind.sector), []).append(kind)
        for sector, kinds in by_sector.items():
            if len(kinds) == 1:
                self.kinds.setdefault(sector, kinds[0])
        self.known_kinds = sorted({k.code for k in self.kinds.values()})
        self.groups: dict[str, Group] = {}
        for group in Group.objects.for_collective(collective):
            for name in (group.code, *translations(group, "name").values()):
                if name:
                    self.groups.setdefault(normalize_name(name), group)

    def organization_at(self, key: str) -> Organization | None:
        """The organization a name's key stands for (None: not created yet)."""
        found = self.organizations.get(key)
        return found[0] if found else None

    def organization(self, text: str) -> tuple[Organization | None, list[Organization]]:
        found = self.organizations.get(normalize_name(text), [])
        distinct = list({o.pk: o for o in found}.values())
        return (distinct[0], []) if len(distinct) == 1 else (None, distinct)


class _Places:
    """Places a row names, within the collective; a more specific column's name is looked up
    at its level and under the place a coarser column of the row names."""

    def __init__(self, collective) -> None:
        self.collective = collective
        self.within = places_within(collective)
        rows = list(
            Place.objects.only(
                "pk", "code", "pcode", "name", "names", "parent_id", "level", "codes"
            )
        )
        self.by_pk = {place.pk: place for place in rows}
        self.inside = PlaceNames([p for p in rows if p.pk in self.within])
        self.everywhere = PlaceNames(rows)

    def _under(self, place, ancestor) -> bool:
        while place is not None:
            if place.pk == ancestor.pk:
                return True
            place = self.by_pk.get(place.parent_id)
        return False

    def find(self, text: str, level: int | None, coarser: list) -> tuple[Place | None, str]:
        place = self.inside.find(text)
        if place is None:
            candidates = self.inside.candidates(text)
            narrowed = [
                c
                for c in candidates
                if (level is None or c.level == level) and all(self._under(c, a) for a in coarser)
            ]
            if len(narrowed) == 1:
                place = narrowed[0]
        if place is not None:
            return place, ""
        outside = self.everywhere.find(text)
        if outside is not None:
            return None, _("%(place)s is outside %(collective)s.") % {
                "place": f"{outside.code} {outside}",
                "collective": self.collective,
            }
        return None, self.inside.refusal(text)


@dataclass
class _Row:
    number: int
    key: str
    lead: Organization
    partners: list[tuple[Organization, str]]
    kind: ActivityKind
    title: str
    description: str
    start: dt.date | None
    end: dt.date | None
    status: str
    groups: list[Group]
    budget: Decimal | None
    currency: str
    funding_source: str
    note: str
    place: Place
    targeted: int | None
    reached: int | None
    period: str


@dataclass
class _Activity:
    first: _Row
    places: dict[int, list[_Row]] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    partners: dict[tuple[int, str], Organization] = field(default_factory=dict)
    budgets: list[Decimal] = field(default_factory=list)


def _digest(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def import_activities(
    *,
    collective,
    user,
    file_name: str,
    stream: IO[bytes],
    mapping: dict[str, str] | None = None,
    ignored: list[str] | None = None,
    sheet: str | int | None = None,
    dry_run: bool = False,
    create_organizations: bool = False,
    progress: Callable[..., None] | None = None,
) -> ImportResult:
    """Check a 3W file and record its activities for the collective (all or nothing)."""
    digest = _digest(stream)
    try:
        table = read_table(file_name, stream, sheet=sheet)
    except UnreadableFile as error:
        raise ActivitiesRefused([problem_of(error)]) from None
    roles, parts, problems = _columns(table, mapping or {}, ignored or [])
    if problems:
        raise ActivitiesRefused(problems, columns=True)
    staff = permissions.can(user, Action.ACTIVITY_IMPORT_ANY, collective)
    own = set(permissions.asker_of(user).reporter_organization_ids())
    vocabulary = _Vocabulary(collective)
    if not staff:
        own &= {o.pk for found in vocabulary.organizations.values() for o in found}
        if not own:
            raise ActivitiesRefused(
                [
                    Problem(
                        None, None, _("You do not report for any organization of %s.") % collective
                    )
                ]
            )
        create_organizations = False
    if "lead" not in roles and (staff or len(own) != 1):
        raise ActivitiesRefused(
            [
                Problem(
                    None,
                    "lead",
                    _("No column holds the organization: name it with --map lead=COLUMN."),
                )
            ],
            columns=True,
        )
    places = _Places(collective)
    headers = table.headers
    tags = table.tags or []
    result = ImportResult(dry_run=dry_run)
    unknown: dict[str, UnknownOrganization] = {}
    rows: list[tuple[int, dict]] = []  # rows whose organizations are still to be created
    activities: dict[str, _Activity] = {}

    def column(index: int) -> str:
        header = str(headers[index]).replace("\ufeff", "") if index < len(headers) else ""
        return header or (tags[index] if index < len(tags) else "") or _("column %d") % (index + 1)

    def first(role: str) -> int | None:
        found = roles.get(role)
        return found[0] if found else None

    lead_only = None if "lead" in roles else Organization.objects.get(pk=next(iter(own)))
    for number, cells in table.rows:
        if len(problems) >= MAX_PROBLEMS:
            break

        def cell(index: int | None, cells=cells) -> Any:
            return cells[index] if index is not None and index < len(cells) else None

        if all(_text(c) == "" for c in cells):
            continue
        result.rows += 1
        if progress is not None and result.rows % 500 == 0:
            progress(result.rows)
        row_problems: list[Problem] = []

        def refuse(
            index: int | None, message: str, number=number, row_problems=row_problems
        ) -> None:
            row_problems.append(
                Problem(number, column(index) if index is not None else None, message)
            )

        # Who.
        organizations: dict[str, list[Organization]] = {}
        for role in ("lead", "implementing", "funding", "partner"):
            index = first(role)
            if index is None:
                continue
            for name in re.split(r"\s*[;|]\s*", _text(cell(index))):
                if not name:
                    continue
                found, several = vocabulary.organization(name)
                if found is not None:
                    organizations.setdefault(role, []).append(normalize_name(name))
                elif several:
                    refuse(
                        index,
                        _("“%(name)s” could be %(organizations)s: write the name in full.")
                        % {"name": name, "organizations": _(" or ").join(o.name for o in several)},
                    )
                else:
                    key = normalize_name(name)
                    if key not in unknown:
                        kind_text = _text(cell(first("org_type"))) if role == "lead" else ""
                        unknown[key] = UnknownOrganization(name, number, column(index), kind_text)
                    organizations.setdefault(role, []).append(key)  # known once created
        if lead_only is not None:
            organizations["lead"] = [normalize_name(lead_only.name)]
            vocabulary.organizations.setdefault(organizations["lead"][0], [lead_only])
        leads = [vocabulary.organization_at(key) for key in organizations.get("lead", [])]
        if not leads:
            refuse(first("lead"), _("The organization that leads the activity is empty."))
        elif len(leads) > 1:
            refuse(
                first("lead"),
                _("An activity has one lead organization; list the others as partners."),
            )
        elif not staff and (leads[0] is None or leads[0].pk not in own):
            refuse(
                first("lead"),
                _("You record activities for your own organization only; this row names %s.")
                % (leads[0].name if leads[0] is not None else _text(cell(first("lead")))),
            )
        # What.
        kind_text = _text(cell(first("kind")))
        kind = vocabulary.kinds.get(normalize_name(kind_text)) if kind_text else None
        if kind is None:
            refuse(
                first("kind"),
                (
                    _("“%(kind)s” is not a kind of activity of this collective (%(known)s).")
                    % {"kind": kind_text, "known": ", ".join(vocabulary.known_kinds) or "—"}
                    + suggest(kind_text, vocabulary.known_kinds)
                )
                if kind_text
                else _("The kind of activity is empty."),
            )
        title = _text(cell(first("title")))
        if not title:
            refuse(first("title"), _("The activity is empty: say what is done."))
        # Where: the most specific place column that is filled.
        place = None
        coarser: list[Place] = []
        place_columns = roles.get("place", [])
        for position in reversed(range(len(place_columns))):
            index = place_columns[position]
            text = _text(cell(index))
            if not text:
                continue
            hashtag = _split_tag(tags[index])[0] if index < len(tags) else ""
            found, why = places.find(text, _level_of(hashtag), coarser)
            if found is None:
                refuse(index, why)
                place = None
                break
            coarser.append(found)
            place = found
        else:
            if place is None:
                refuse(place_columns[0] if place_columns else None, _("The place is empty."))
        # When.
        dates = {}
        for role in ("start", "end"):
            try:
                dates[role] = parse_date(cell(first(role)), end=role == "end")
            except ValueError:
                refuse(
                    first(role),
                    _("“%s” is not a date: write it as 2025-03-31.") % _text(cell(first(role))),
                )
                dates[role] = None
        if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
            refuse(
                first("end"),
                _("It ends (%(end)s) before it starts (%(start)s).")
                % {"end": dates["end"].isoformat(), "start": dates["start"].isoformat()},
            )
        status_text = _text(cell(first("status")))
        status = _STATUS.get(status_text.casefold()) if status_text else None
        if status_text and status is None:
            refuse(
                first("status"),
                _("“%(status)s” is not a status: %(known)s.")
                % {"status": status_text, "known": ", ".join(ActivityStatus.values)},
            )
        # For whom, how many.
        figures = {}
        for role in ("targeted", "reached"):
            total_at = first(role)
            pieces = [total_at] if total_at is not None else parts.get(role, [])
            value: int | None = None
            for index in pieces:
                raw = cell(index)
                if _text(raw).casefold() in NO_FIGURE:
                    continue
                number_value = parse_number(raw)
                if number_value is None or number_value < 0 or not float(number_value).is_integer():
                    refuse(
                        index, _("“%s” is not a number of people (0 or more, whole).") % _text(raw)
                    )
                    continue
                value = (value or 0) + int(number_value)
            figures[role] = value
        note = _text(cell(first("note")))
        if (
            figures["targeted"] is not None
            and figures["reached"] is not None
            and figures["reached"] > figures["targeted"]
            and not note
        ):
            refuse(
                first("reached")
                if first("reached") is not None
                else parts.get("reached", [None])[0],
                _(
                    "It reached %(reached)s people of %(targeted)s targeted: say why in the "
                    "note column, or correct the figures."
                )
                % figures,
            )
        groups = []
        for name in re.split(r"\s*[;|,]\s*", _text(cell(first("group")))):
            if not name:
                continue
            group = vocabulary.groups.get(normalize_name(name))
            if group is None:
                known = sorted({g.code for g in vocabulary.groups.values()})
                refuse(
                    first("group"),
                    _("“%(group)s” is not a group this collective serves (%(known)s).")
                    % {"group": name, "known": ", ".join(known) or "—"}
                    + suggest(name, known),
                )
            else:
                groups.append(group)
        budget = None
        budget_text = _text(cell(first("budget")))
        if budget_text and budget_text.casefold() not in NO_FIGURE:
            number_value = parse_number(budget_text)
            if number_value is None or number_value < 0:
                refuse(first("budget"), _("“%s” is not an amount (0 or more).") % budget_text)
            else:
                budget = Decimal(str(round(number_value, 2)))
        currency = _text(cell(first("currency"))).upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            refuse(first("currency"), _("“%s” is not a currency code (UAH, EUR, USD…).") % currency)
        if budget is not None and not currency:
            refuse(
                first("budget"),
                _("A budget needs its currency (a currency column: UAH, EUR, USD…)."),
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        row = {
            "number": number,
            "organizations": organizations,
            "kind": kind,
            "title": title,
            "description": _text(cell(first("description"))),
            "start": dates["start"],
            "end": dates["end"],
            "status": status,
            "groups": groups,
            "budget": budget,
            "currency": currency,
            "funding_source": _text(cell(first("funding_source"))),
            "note": note,
            "place": place,
            "targeted": figures["targeted"],
            "reached": figures["reached"],
            "period": _text(cell(first("period"))),
            "key": "|".join(_text(cell(i)) for i in roles.get("key", [])),
        }
        rows.append((number, row))
    if unknown and not create_organizations:
        for organization in unknown.values():
            problems.append(
                Problem(
                    organization.row,
                    organization.column,
                    _(
                        "“%s” is not an organization of this collective: create it (or import "
                        "with --create-organizations), or write its name as recorded."
                    )
                    % organization.name,
                )
            )
    if problems:
        raise ActivitiesRefused(problems[:MAX_PROBLEMS])
    today = timezone.localdate()
    with transaction.atomic():
        if unknown:
            for key, organization in unknown.items():
                # Created in a dry run too: the transaction is rolled back at its end.
                created = organization_create(
                    collective=collective,
                    kind=_kind_of_organization(organization.kind),
                    name_en=organization.name[:200],
                )
                vocabulary.organizations[key] = [created]
                result.created_organizations.append(created)
        for number, row in rows:
            resolved = {
                role: [vocabulary.organizations[key][0] for key in keys]
                for role, keys in row["organizations"].items()
            }
            lead = resolved["lead"][0]
            key = row["key"] or _identity(lead, row)
            item = _Row(
                number=number,
                key=key,
                lead=lead,
                partners=[
                    (o, OrganizationRole(role_name))
                    for role_name in ("implementing", "funding", "partner")
                    for o in resolved.get(role_name, [])
                ],
                kind=row["kind"],
                title=row["title"],
                description=row["description"],
                start=row["start"],
                end=row["end"],
                status=row["status"] or _status_from(row, today),
                groups=row["groups"],
                budget=row["budget"],
                currency=row["currency"],
                funding_source=row["funding_source"],
                note=row["note"],
                place=row["place"],
                targeted=row["targeted"],
                reached=row["reached"],
                period=row["period"],
            )
            activity = activities.get(key)
            if activity is None:
                activity = activities[key] = _Activity(first=item)
            elif activity.first.lead.pk != lead.pk or activity.first.kind.pk != item.kind.pk:
                problems.append(
                    Problem(
                        number,
                        column(first("key")) if first("key") is not None else None,
                        _(
                            "Row %(row)s gives this activity another organization or kind; "
                            "an activity id names one activity."
                        )
                        % {"row": activity.first.number},
                    )
                )
                continue
            earlier = activity.places.setdefault(item.place.pk, [])
            same = next(
                (
                    r
                    for r in earlier
                    if (r.targeted, r.reached, r.period)
                    == (item.targeted, item.reached, item.period)
                ),
                None,
            )
            if same is not None:
                result.repeated += 1
                continue
            if earlier and (not item.period or any(r.period == item.period for r in earlier)):
                problems.append(
                    Problem(
                        number,
                        None,
                        _(
                            "Row %(row)s already gives this activity in %(place)s with other "
                            "figures: give each its own activity id (--map key=COLUMN), or the "
                            "period each figure is for (--map period=COLUMN)."
                        )
                        % {"row": earlier[0].number, "place": item.place.code},
                    )
                )
                continue
            earlier.append(item)
            for group in item.groups:
                activity.groups[group.pk] = group
            for organization, role in item.partners:
                activity.partners[(organization.pk, role)] = organization
            if item.budget is not None:
                activity.budgets.append(item.budget)
        if problems:
            transaction.set_rollback(True)
            raise ActivitiesRefused(problems[:MAX_PROBLEMS])
        result.activities = len(activities)
        _save(collective, user, file_name, digest, staff, own, activities, result, dry_run)
        if dry_run:
            transaction.set_rollback(True)
    if progress is not None:
        progress(result.rows, "saved", force=True)
    return result


def _identity(lead: Organization, row: dict) -> str:
    parts = [
        str(lead.pk),
        str(row["kind"].pk),
        normalize_name(row["title"]),
        row["start"].isoformat() if row["start"] else "",
        row["end"].isoformat() if row["end"] else "",
    ]
    return "3w:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _status_from(row: dict, today: dt.date) -> str:
    """A row that gives no status: from its dates where it has them (ended: completed; not
    begun: planned), else ongoing where it reached anyone, planned where not."""
    if row["end"] and row["end"] < today:
        return ActivityStatus.COMPLETED
    if row["start"] and row["start"] > today:
        return ActivityStatus.PLANNED
    if row["start"] or row["reached"]:
        return ActivityStatus.ONGOING
    return ActivityStatus.PLANNED


def _save(collective, user, file_name, digest, staff, own, activities, result, dry_run) -> None:
    """Write the activities: those the collective has under the same key are updated, the
    others created; the earlier import of a file of the same name is replaced."""
    duplicate = (
        ActivityImport.objects.filter(collective=collective, digest=digest, replaced_by=None)
        .order_by("-at")
        .first()
    )
    if duplicate is not None:
        result.duplicate_of = duplicate
        result.activities = duplicate.activities
        return
    organization_id = None if staff else next(iter(own)) if len(own) == 1 else None
    earlier = (
        ActivityImport.objects.select_for_update()
        .filter(collective=collective, file_name=file_name, replaced_by=None)
        .filter(organization_id=organization_id)
        .order_by("-at")
        .first()
    )
    now = timezone.now()
    record = ActivityImport.objects.create(
        collective=collective,
        file_name=file_name[:255],
        digest=digest,
        organization_id=organization_id,
        by=user,
        at=now,
        rows=result.rows,
        activities=len(activities),
    )
    result.record = record
    if not dry_run:
        from django.utils.translation import gettext_noop

        from backbone.activities.services import staff_of
        from backbone.events.services import record as record_event

        record_event(
            "activity.imported",
            actor=user,
            collective=collective,
            target=record,
            audience=[u for u in staff_of(collective) if u.pk != user.pk],
            message=gettext_noop("%(file)s was imported: %(n)s activities from %(rows)s rows."),
            params={"file": record.file_name, "n": record.activities, "rows": record.rows},
        )
    existing = {
        a.source_key: a
        for a in Activity.objects.select_for_update().filter(
            collective=collective, source_key__in=list(activities)
        )
    }
    written = {
        "batch_size": 1000,
        "default_user": user,
        "default_change_reason": file_name[:100],
        "default_date": now,
    }
    new, changed = [], []
    for key, item in activities.items():
        first = item.first
        fields = {
            "kind": first.kind,
            "title": first.title[:300],
            "description": first.description,
            "start": first.start,
            "end": first.end,
            "status": first.status,
            "budget": _budget(item.budgets),
            "currency": first.currency,
            "funding_source": first.funding_source[:200],
            "note": first.note,
            "source_import": record,
        }
        activity = existing.get(key)
        if activity is None:
            new.append(Activity(collective=collective, source_key=key, created_by=user, **fields))
        else:
            for name, value in fields.items():
                setattr(activity, name, value)
            changed.append(activity)
    created = bulk_create_with_history(new, Activity, **written)
    if not created or created[0].pk is None:  # a database that returns no ids
        by_key = dict(
            Activity.objects.filter(
                source_import=record, source_key__in=[a.source_key for a in new]
            ).values_list("source_key", "pk")
        )
        for activity in new:
            activity.pk = activity.id = by_key[activity.source_key]
    if changed:
        bulk_update_with_history(
            changed,
            Activity,
            ["kind", "title", "description", "start", "end", "status", "budget", "currency",
             "funding_source", "note", "source_import"],
            **written,
        )  # fmt: skip
    result.new, result.updated = len(new), len(changed)
    every = {a.source_key: a for a in [*new, *changed]}
    ids = [a.pk for a in every.values()]
    ActivityOrganization.objects.filter(activity_id__in=ids).delete()
    ActivityPlace.objects.filter(activity_id__in=ids).delete()
    Activity.groups.through.objects.filter(activity_id__in=ids).delete()
    roles, places, groups = [], [], []
    for key, item in activities.items():
        activity = every[key]
        roles.append(
            ActivityOrganization(
                activity=activity, organization=item.first.lead, role=OrganizationRole.LEAD
            )
        )
        for (organization_id_, role), _organization in item.partners.items():
            roles.append(
                ActivityOrganization(activity=activity, organization_id=organization_id_, role=role)
            )
        for place_id, place_rows in item.places.items():
            targeted = [r.targeted for r in place_rows if r.targeted is not None]
            reached = [r.reached for r in place_rows if r.reached is not None]
            places.append(
                ActivityPlace(
                    activity=activity,
                    place_id=place_id,
                    targeted=max(targeted) if targeted else None,
                    reached=sum(reached) if reached else None,
                )
            )
        groups.extend(
            Activity.groups.through(activity_id=activity.pk, group_id=g) for g in item.groups
        )
    bulk_create_with_history(roles, ActivityOrganization, **written)
    bulk_create_with_history(places, ActivityPlace, **written)
    Activity.groups.through.objects.bulk_create(groups, batch_size=1000)
    if earlier is not None:
        gone = Activity.objects.filter(source_import=earlier).exclude(pk__in=ids)
        result.removed = 0
        for activity in gone:
            activity._change_reason = file_name[:100]
            activity.delete()
            result.removed += 1
        earlier.replaced_by = record
        earlier.save(update_fields=["replaced_by"])
        result.replaced = earlier


def _budget(budgets: list[Decimal]) -> Decimal | None:
    """One budget for the activity: the same figure on every row is the activity's; different
    figures are each place's share and add up."""
    if not budgets:
        return None
    if len(set(budgets)) == 1:
        return budgets[0]
    return sum(budgets, Decimal(0))
