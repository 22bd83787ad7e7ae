"""What a row is checked against, and how a table's columns are recognised: the
catalogue of codes, column roles (headers and HXL hashtags), numbers, suggestions."""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.accounts.models import RoleKind
from backbone.interchange import periods
from backbone.interchange.mapping import ColumnRef, column_name, find_column, normalize_header
from backbone.interchange.problems import Problem, suggest
from backbone.interchange.tables import Table
from backbone.lib.permissions import roles_in
from backbone.lib.translation import translations
from backbone.measurement.models import (
    Assignment,
    Dimension,
    Indicator,
    PeriodClosure,
)
from backbone.network.models import Place
from backbone.network.placenames import PlaceNames

BATCH = 5000
MAX_PROBLEMS = 1000
MAX_WARNINGS = 200
# A category cell that means "all of them": the row is a total over that dimension. HXL's
# convention ("a" for all genders, "ALL" for all ages) and the words people write.
TOTAL_CATEGORIES = {"a", "all", "total", "totals", "all ages", "всього", "усього", "разом", "הכל"}
ROLES = ("indicator", "place", "period", "organization", "value")
HEADER_ALIASES = {
    "indicator": {"indicator", "indicator code", "indicator_code", "indicator-code"},
    "place": {"place", "place code", "place_code", "location", "location code", "pcode"},
    "period": {"period", "month", "reporting period", "date"},
    "organization": {"organization", "organisation", "org", "organization code"},
    "value": {"value", "count", "number", "amount"},
}
IGNORED_HEADERS = {
    "status",
    "submission",
    "comment",
    "notes",
    "indicator name",
    "place name",
    "definition version",  # written by our own export; the definition follows from the period
}  # compared with headers as normalize_header writes them
IGNORED_TAGS = {"#status", "#meta+definition"}  # our own export's
HXL_ROLES = {
    "indicator": ("#indicator+code", "#indicator"),
    "place": ("#adm4+code", "#adm3+code", "#adm2+code", "#adm1+code", "#loc+code", "#country+code"),
    "period": ("#date+period", "#date"),
    "organization": ("#org+code", "#org+name", "#org"),
    "value": ("#indicator+value", "#indicator+num", "#value"),
}

HXL_CANDIDATES = sorted(
    ((tag, role) for role, tags in HXL_ROLES.items() for tag in tags),
    key=lambda pair: -len(pair[0]),
)


@dataclass
class Catalogue:
    """Everything a row is checked against, loaded once per import."""

    indicators: dict[str, Indicator]
    places: dict[str, Place]  # code or p-code, upper-cased → place
    place_names: PlaceNames  # what a row's place cell names: code, p-code or name
    place_parents: dict[int, int | None]
    dimensions: dict[str, Dimension]
    categories: dict[str, dict[str, int]]  # dimension code → {category code or name: id}
    totals: dict[str, set[str]]  # dimension code → category texts that mean "all of them"
    indicator_dimensions: dict[int, set[str]]
    allowed: dict[int, set[int | None]] | None  # indicator id → assigned place ids; None: all
    closed_through: int | None
    current_month: int

    @classmethod
    def load(cls, *, collective, organization, user) -> Catalogue:
        indicators = {
            i.code: i
            for i in Indicator.objects.for_collective(collective).prefetch_related("dimensions")
        }
        places = {}
        parents = {}
        every_place = list(
            Place.objects.only("pk", "code", "pcode", "codes", "parent_id", "name", "names")
        )
        for place in every_place:
            places[place.code.upper()] = place
            if place.pcode:
                places.setdefault(place.pcode.upper(), place)
            parents[place.pk] = place.parent_id
        dimensions = collective_dimensions(collective)
        categories: dict[str, dict[str, int]] = {}
        for code, dimension in dimensions.items():
            lookup: dict[str, int] = {}
            for category in dimension.categories.all():
                for name in translations(category, "name").values():
                    if name:
                        lookup[name.casefold()] = category.pk
                lookup[category.code.casefold()] = category.pk
            categories[code] = lookup
        totals = {code: total_texts(dimension) for code, dimension in dimensions.items()}
        allowed = None
        if RoleKind.STAFF not in roles_in(user, collective) and not user.is_superuser:
            assignments = Assignment.objects.filter(
                collective_id__in=collective.tree_ids(), organization=organization, user=user
            )
            if assignments.exists():
                allowed = defaultdict(set)
                for assignment in assignments:
                    allowed[assignment.indicator_id].add(assignment.place_id)
        scope = [collective.pk, *collective.ancestor_ids()]
        closures = PeriodClosure.objects.filter(collective_id__in=scope)
        closed = max((c.closed_through for c in closures), default=None)
        return cls(
            indicators=indicators,
            places=places,
            place_names=PlaceNames(every_place),
            place_parents=parents,
            dimensions=dimensions,
            categories=categories,
            totals=totals,
            indicator_dimensions={
                i.pk: {d.code for d in i.dimensions.all()} for i in indicators.values()
            },
            allowed=allowed,
            closed_through=_last_closed_month(closed),
            current_month=periods.current_month(timezone.localdate()),
        )

    def place_allowed(self, indicator_id: int, place_id: int) -> bool:
        if self.allowed is None:
            return True
        assigned = self.allowed.get(indicator_id)
        if not assigned:
            return False
        if None in assigned:
            return True
        node: int | None = place_id
        while node is not None:
            if node in assigned:
                return True
            node = self.place_parents.get(node)
        return False


_RANGE = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$|^(\d+)\s*\+$")


def _range_of(text: str) -> tuple[int, float] | None:
    match = _RANGE.match(str(text).strip())
    if not match:
        return None
    if match[3] is not None:
        return int(match[3]), math.inf
    return int(match[1]), int(match[2])


def total_texts(dimension: Dimension) -> set[str]:
    """What a file may write for "all categories" of a dimension: the total words, and for a
    dimension of ranges (age bands 0-4, 5-17) the range they span together (0-17)."""
    texts = set(TOTAL_CATEGORIES)
    ranges = [_range_of(c.code) for c in dimension.categories.all()]
    if ranges and all(ranges):
        ranges.sort()
        joined = all(a[1] + 1 == b[0] for a, b in itertools.pairwise(ranges))
        if joined and len(ranges) > 1:
            low, high = ranges[0][0], ranges[-1][1]
            texts |= {f"{low}-{high}", f"{low}–{high}"} if high != math.inf else {f"{low}+"}
    known = {c.code.casefold() for c in dimension.categories.all()}
    return {text.casefold() for text in texts} - known


def _last_closed_month(closed) -> int | None:
    """The last month index wholly on or before the closing date."""
    if closed is None:
        return None
    month = periods.month_index(closed.year, closed.month)
    month_ends = (closed + timezone.timedelta(days=1)).month != closed.month
    return month if month_ends else month - 1


def map_columns(
    table: Table,
    catalogue: Catalogue,
    mapping: dict[str, ColumnRef] | None = None,
    ignored: Iterable[ColumnRef] = (),
) -> tuple[dict[str, int], list[Problem], list[Problem]]:
    """Which column holds each role and each dimension; problems and notes for the rest.
    ``mapping`` states role → column where the headers do not say it; ``ignored`` names
    columns to pass over. A column is named by its position (see `mapping.find_column`) or by
    its header or hashtag; only a position is sure where headers are empty or repeated."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    found: dict[str, int] = {}
    skip: set[int] = set()
    for column in ignored:
        index = find_column(table, column)
        if index is not None:
            skip.add(index)
    headers = [normalize_header(h) for h in table.headers]
    tags = [t.casefold() for t in table.tags] if table.tags else None
    for role_or_dimension, column in (mapping or {}).items():
        index = find_column(table, column)
        if index is None:
            shown = _("column %s") % (column + 1) if isinstance(column, int) else column
            problems.append(
                Problem(None, shown, _("the mapping names this column but the file has none."))
            )
        else:
            found[role_or_dimension] = index
    taken = set(found.values())
    for index, header in enumerate(headers):
        if index in taken or index in skip:
            continue
        role = _role_of(header, tags[index] if tags else "", catalogue.dimensions)
        if role is None:
            label = table.headers[index] or (table.tags[index] if table.tags else "")
            if not label or (tags is not None and not tags[index]):
                continue  # untagged columns of an HXL table are not data, by HXL's convention
            if header in IGNORED_HEADERS or (tags and tags[index] in IGNORED_TAGS):
                continue
            known = [*HEADER_ALIASES, *catalogue.dimensions]
            if tags is not None:
                notes.append(Problem(None, label, _("this column is not used.")))
            elif periods.period_of_header(table.headers[index]) is not None:
                problems.append(
                    Problem(
                        None,
                        label,
                        _(
                            "this header is a period: if the columns across are periods, each "
                            "holding that period's figures, say so (“periods across”)."
                        ),
                    )
                )
            else:
                problems.append(
                    Problem(
                        None,
                        label,
                        _(
                            "this column is not an indicator, place, period, organization, "
                            "value or a dimension of this collective."
                        )
                        + suggest(header, known),
                    )
                )
        elif role in found:
            problems.append(
                Problem(None, column_name(table, index), _("a second column for “%s”.") % role)
            )
        else:
            found[role] = index
    for role in ("indicator", "place", "period", "value"):
        if role not in found:
            expected = ", ".join(sorted(HEADER_ALIASES[role])[:3])
            hxl_hint = " / ".join(HXL_ROLES[role][:2])
            problems.append(
                Problem(
                    None,
                    role,
                    _("the file has no %(role)s column (a header such as %(names)s, or %(tags)s).")
                    % {"role": role, "names": expected, "tags": hxl_hint},
                )
            )
    return found, problems, notes


def collective_dimensions(collective) -> dict[str, Dimension]:
    """The dimensions a collective's values may be split by: its own and its ancestors'."""
    scope = [collective.pk, *collective.ancestor_ids()]
    return {
        d.code: d
        for d in Dimension.objects.filter(collective_id__in=scope).prefetch_related("categories")
    }


def guess_columns(table: Table, dimensions: dict[str, Dimension]) -> dict[int, str | None]:
    """What each column of a table holds, by position, as its header or hashtag says (a role,
    a dimension's code, or None): the starting point of a person's own mapping (see
    `interchange.mapping.guessed_columns`)."""
    tags = [t.casefold() for t in table.tags] if table.tags else None
    taken: set[str] = set()
    roles: dict[int, str | None] = {}
    for index, label in enumerate(table.headers):
        tag = tags[index] if tags else ""
        role = _role_of(normalize_header(label), tag, dimensions)
        if role in taken:
            role = None  # a second column for the same thing: the person says which
        if role:
            taken.add(role)
        roles[index] = role
    return roles


def _role_of(header: str, tag: str, dimensions: dict[str, Dimension]) -> str | None:
    if tag:
        # Most specific hashtag first: #indicator+value is a value, #indicator+code an indicator.
        for candidate, role in HXL_CANDIDATES:
            if tag == candidate or tag.startswith(candidate + "+"):
                return role
        for code, dimension in dimensions.items():
            if tag == dimension_tag(dimension).casefold():
                return code
        return None
    for role, aliases in HEADER_ALIASES.items():
        if header in aliases:
            return role
    for code, dimension in dimensions.items():
        if header in (code.casefold(), normalize_header(dimension.name)):
            return code
    return None


def dimension_tag(dimension: Dimension) -> str:
    """The hashtag of a dimension's column: its own, or the one our export writes for it."""
    return dimension.hxl_tag or f"#category+{dimension.code.replace('-', '_')}"
