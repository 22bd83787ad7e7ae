"""Which column of a 3W table holds what: the roles, the HXL hashtags (with the attributes
they must and must not have) and headers that hold each, and what ``--map`` names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from backbone.interchange.mapping import find_column, normalize_header
from backbone.interchange.problems import Problem


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


def split_tag(text: str) -> tuple[str, frozenset[str]]:
    parts = [p for p in str(text or "").casefold().replace(" ", "").split("+") if p]
    if not parts:
        return "", frozenset()
    return parts[0], frozenset(parts[1:])


def find_roles(
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
        [split_tag(t) for t in table.tags]
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
        roles["place"] = sorted(roles["place"], key=lambda i: place_rank(tags[i][0], headers[i]))
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


def place_rank(hashtag: str, header: str) -> int:
    """Most specific first: a site, then hromada, raion, oblast, country."""
    if hashtag in _PLACE_ORDER:
        return _PLACE_ORDER.index(hashtag)
    if header in _HEADER_ORDER:
        return _HEADER_ORDER.index(header)
    return 0


def level_of(hashtag: str) -> int | None:
    match = re.fullmatch(r"#adm(\d)", hashtag)
    if match:
        return int(match[1])
    return 0 if hashtag == "#country" else None
