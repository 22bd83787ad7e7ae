"""Reads across activities: the matrix (strategies or kinds × places, who is active, reached
against need), the gaps, the overlaps, complementarity, and what an organization contributes.

Each reads the collective's activity places in one query of plain values and works in
Python, so a national 3W of thousands of rows answers in well under a second (measured by
`backbone bench activities`). An activity counts for a place it is done in and for every
place above it; need comes from shared measurement (see `Group`): the figure of the group's
need indicator for the place in its latest complete period, else the latest population of
the group's category there, recorded by the collective or one above it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from backbone.activities.models import (
    ACTIVE_STATUSES,
    Activity,
    ActivityKind,
    ActivityOrganization,
    ActivityPlace,
    Group,
    OrganizationRole,
    OverlapReview,
)
from backbone.activities.services import places_within
from backbone.network.models import Organization, Place


@dataclass
class Fact:
    """One activity in one place, as the views count it."""

    activity_id: int
    place_id: int
    kind_id: int
    strategy: str
    status: str
    lead_id: int
    working_group_id: int | None
    years: range
    targeted: int | None
    reached: int | None
    group_ids: tuple[int, ...]


def _years(start: dt.date | None, end: dt.date | None, created: dt.datetime) -> range:
    first = start.year if start else (end.year if end else created.year)
    last = end.year if end else max(first, timezone.localdate().year if start else first)
    return range(first, max(first, last) + 1)


def facts(
    collective,
    *,
    year: int | None = None,
    group: Group | None = None,
    statuses: tuple[str, ...] | None = None,
    working_group_id: int | None = None,
    kind: ActivityKind | None = None,
) -> list[Fact]:
    """The collective's activity places, filtered: those recorded in it or below it, and
    those recorded above it (a national organization's work in an oblast) in its places."""
    ancestors = collective.ancestor_ids()
    activities = Activity.objects.filter(collective_id__in=[*collective.tree_ids(), *ancestors])
    if statuses:
        activities = activities.filter(status__in=statuses)
    if working_group_id:
        activities = activities.filter(working_group_id=working_group_id)
    if kind is not None:
        activities = activities.filter(kind=kind)
    if group is not None:
        activities = activities.filter(groups=group)
    rows = {
        row["pk"]: row
        for row in activities.values(
            "pk", "kind_id", "kind__strategy", "strategy", "status", "working_group_id",
            "start", "end", "created_at", "collective_id",
        )
    }  # fmt: skip
    within = places_within(collective) if ancestors and collective.place_id else None
    above = set(ancestors)
    if not rows:
        return []
    leads = dict(
        ActivityOrganization.objects.filter(
            activity_id__in=rows, role=OrganizationRole.LEAD
        ).values_list("activity_id", "organization_id")
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for activity_id, group_id in Activity.groups.through.objects.filter(
        activity_id__in=rows
    ).values_list("activity_id", "group_id"):
        groups[activity_id].append(group_id)
    found = []
    for activity_id, place_id, targeted, reached in ActivityPlace.objects.filter(
        activity_id__in=rows
    ).values_list("activity_id", "place_id", "targeted", "reached"):
        row = rows[activity_id]
        if within is not None and row["collective_id"] in above and place_id not in within:
            continue
        years = _years(row["start"], row["end"], row["created_at"])
        if year is not None and year not in years:
            continue
        found.append(
            Fact(
                activity_id=activity_id,
                place_id=place_id,
                kind_id=row["kind_id"],
                strategy=row["strategy"] or row["kind__strategy"],
                status=row["status"],
                lead_id=leads.get(activity_id, 0),
                working_group_id=row["working_group_id"],
                years=years,
                targeted=targeted,
                reached=reached,
                group_ids=tuple(sorted(groups.get(activity_id, ()))),
            )
        )
    return found


class PlaceTree:
    """Every place as (parent, level), for rolling activities up to a level (one query)."""

    def __init__(self) -> None:
        self.places = {
            p.pk: p for p in Place.objects.only("pk", "code", "name", "names", "parent_id", "level")
        }

    def at_level(self, place_id: int, level: int) -> int | None:
        """The place at ``level`` that ``place_id`` lies in (itself at that level); None for a
        place above the level."""
        place = self.places.get(place_id)
        while place is not None and place.level > level:
            place = self.places.get(place.parent_id)
        return place.pk if place is not None and place.level == level else None

    def below(self, place_id: int | None, level: int) -> list[Place]:
        """The places at ``level`` under ``place_id`` (every place at it when None)."""
        return sorted(
            (
                p
                for p in self.places.values()
                if p.level == level and (place_id is None or self.at(p.pk, place_id))
            ),
            key=lambda p: p.code,
        )

    def at(self, place_id: int, ancestor_id: int) -> bool:
        place = self.places.get(place_id)
        while place is not None:
            if place.pk == ancestor_id:
                return True
            place = self.places.get(place.parent_id)
        return False


def strategies_of(collective) -> list[dict]:
    """The strategies of the collective's agenda in force ({"key", "title", "goal"…} each)."""
    from backbone.agenda.selectors import version_in_force

    version = version_in_force(collective)
    return list(version.strategies) if version is not None else []


def need_by_place(collective, group: Group, level: int) -> dict[int, float]:
    """People of the group in need per place at ``level`` (place id → figure), from the need
    indicator's latest complete period, else the latest population of its category."""
    places = {p.code: p.pk for p in Place.objects.filter(level=level).only("pk", "code")}
    if group.need_indicator_id is not None:
        from backbone.measurement.selectors.breakdowns import place_breakdown

        breakdown = place_breakdown(group.need_indicator, collective, level=level)
        return {
            places[row["place"]]: float(row["value"])
            for row in breakdown["rows"]
            if row["place"] in places and row["value"] is not None
        }
    if group.category_id is None:
        return {}
    from backbone.measurement.models import Combination, Population

    combination = Combination.objects.filter(key=Combination.key_for([group.category_id])).first()
    if combination is None:
        return {}
    latest: dict[int, tuple[int, float]] = {}
    for place_id, year, value in Population.objects.filter(
        collective_id__in=[*collective.tree_ids(), *collective.ancestor_ids()],
        combination=combination,
        place_id__in=places.values(),
    ).values_list("place_id", "year", "value"):
        if place_id not in latest or latest[place_id][0] < year:
            latest[place_id] = (year, value)
    return {place_id: value for place_id, (_year, value) in latest.items()}


@dataclass
class Cell:
    organization_ids: set[int] = field(default_factory=set)
    activities: int = 0
    targeted: int = 0
    reached: int = 0

    @property
    def organizations(self) -> int:
        return len(self.organization_ids)


@dataclass
class MatrixRow:
    place: Place
    cells: dict[str, Cell]  # column key → cell
    organizations: set[int]
    reached: int
    need: float | None

    @property
    def coverage(self) -> float | None:
        return self.reached / self.need if self.need else None


@dataclass
class Matrix:
    columns: list[tuple[str, str]]  # (key, label): strategies or kinds
    rows: list[MatrixRow]
    organizations: dict[int, Organization]
    level: int
    group: Group | None

    @property
    def has_need(self) -> bool:
        return any(row.need for row in self.rows)


def _level_below(collective, tree: PlaceTree) -> int:
    """The level the views break a collective's work down by: the places just below its own,
    or its own place where nothing lies below it (an oblast without raions)."""
    place = tree.places.get(collective.place_id) if collective.place_id else None
    if place is None:
        return 1
    has_children = any(p.parent_id == place.pk for p in tree.places.values())
    return place.level + 1 if has_children else place.level


def matrix(
    collective,
    *,
    by: str = "strategy",
    year: int | None = None,
    group: Group | None = None,
    statuses: tuple[str, ...] | None = None,
    working_group_id: int | None = None,
    level: int | None = None,
) -> Matrix:
    """Places (one level below the collective's place) × strategies (or kinds): in each cell
    the organizations active there and the people reached; per place, need and coverage."""
    tree = PlaceTree()
    level = level if level is not None else _level_below(collective, tree)
    found = facts(
        collective, year=year, group=group, statuses=statuses, working_group_id=working_group_id
    )
    kinds = {k.pk: k for k in ActivityKind.objects.for_collective(collective)}
    if by == "kind":
        columns = [(str(k.pk), k.name) for k in kinds.values()]
    else:
        columns = [(s["key"], s.get("title", s["key"])) for s in strategies_of(collective)]
        known = {key for key, _label in columns}
        extra = sorted({f.strategy for f in found if f.strategy and f.strategy not in known})
        columns += [(key, key) for key in extra]
        if any(not f.strategy for f in found):
            columns.append(("", "—"))
    need = need_by_place(collective, group, level) if group is not None else {}
    rows: dict[int, MatrixRow] = {
        place.pk: MatrixRow(place, {}, set(), 0, need.get(place.pk))
        for place in tree.below(collective.place_id, level)
    }
    for fact in found:
        place_id = tree.at_level(fact.place_id, level)
        if place_id not in rows:
            continue
        row = rows[place_id]
        column = str(fact.kind_id) if by == "kind" else fact.strategy
        cell = row.cells.setdefault(column, Cell())
        cell.organization_ids.add(fact.lead_id)
        cell.activities += 1
        cell.targeted += fact.targeted or 0
        cell.reached += fact.reached or 0
        row.organizations.add(fact.lead_id)
        row.reached += fact.reached or 0
    organization_ids = {i for row in rows.values() for i in row.organizations}
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=organization_ids)}
    return Matrix(columns, list(rows.values()), organizations, level, group)


@dataclass
class Gap:
    place: Place | None  # None: the whole collective (a strategy nobody carries out)
    strategy: str
    kind: ActivityKind | None
    group: Group | None
    need: float | None
    reason: str  # "strategy" | "group"


def gaps(collective, *, year: int | None = None, level: int | None = None) -> list[Gap]:
    """Strategies of the agenda with no planned or ongoing activity anywhere; and, per place,
    groups with people in need that no planned or ongoing activity serves there."""
    tree = PlaceTree()
    level = level if level is not None else _level_below(collective, tree)
    found = facts(collective, year=year, statuses=ACTIVE_STATUSES)
    result: list[Gap] = []
    active_strategies = {f.strategy for f in found}
    for strategy in strategies_of(collective):
        if strategy["key"] not in active_strategies:
            result.append(Gap(None, strategy["key"], None, None, None, "strategy"))
    served: dict[int, set[int]] = defaultdict(set)  # group → place ids at the level
    for fact in found:
        place_id = tree.at_level(fact.place_id, level)
        for group_id in fact.group_ids:
            served[group_id].add(place_id)
    for group in Group.objects.for_collective(collective).filter(
        Q(category__isnull=False) | Q(need_indicator__isnull=False)
    ):
        for place_id, figure in sorted(need_by_place(collective, group, level).items()):
            if figure > 0 and place_id not in served[group.pk] and place_id in tree.places:
                place = tree.places[place_id]
                if collective.place_id and not tree.at(place_id, collective.place_id):
                    continue
                result.append(Gap(place, "", None, group, figure, "group"))
    # The strategies first, then the groups in need, the most people first.
    result.sort(key=lambda gap: (gap.reason != "strategy", -(gap.need or 0)))
    return result


@dataclass
class Overlap:
    place: Place
    kind: ActivityKind
    group: Group | None
    year: int
    activities: list[Activity]  # each with its reached figure in the place: .reached_here
    review: OverlapReview | None = None

    @property
    def organizations(self) -> list[Organization]:
        seen: dict[int, Organization] = {}
        for activity in self.activities:
            seen.setdefault(activity.lead.pk, activity.lead)
        return list(seen.values())


def overlaps(
    collective, *, year: int | None = None, reviewed: bool | None = False
) -> list[Overlap]:
    """Several organizations doing the same kind of activity for the same group in the same
    place and year. ``reviewed``: False leaves out the cells the working group marked
    complementary, True gives only those, None both."""
    found = facts(collective, year=year, statuses=(*ACTIVE_STATUSES, "completed"))
    cells: dict[tuple, dict[int, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for fact in found:
        for fact_year in fact.years if year is None else [year]:
            for group_id in fact.group_ids or (None,):
                cells[(fact.place_id, fact.kind_id, group_id, fact_year)][fact.lead_id].append(fact)
    duplicated = {key: by_lead for key, by_lead in cells.items() if len(by_lead) > 1}
    if not duplicated:
        return []
    # A review recorded here or in a collective above (the national working group's) holds.
    reviews = {
        (r.place_id, r.kind_id, r.group_id, r.year): r
        for r in OverlapReview.objects.filter(
            collective_id__in=[collective.pk, *collective.ancestor_ids()]
        )
    }
    activity_ids = {
        f.activity_id for by_lead in duplicated.values() for fs in by_lead.values() for f in fs
    }
    activities = {
        a.pk: a for a in Activity.objects.filter(pk__in=activity_ids).select_related("kind")
    }
    leads = {
        r.activity_id: r.organization
        for r in ActivityOrganization.objects.filter(
            activity_id__in=activity_ids, role=OrganizationRole.LEAD
        ).select_related("organization")
    }
    places = {p.pk: p for p in Place.objects.filter(pk__in={k[0] for k in duplicated})}
    groups = {g.pk: g for g in Group.objects.filter(pk__in={k[2] for k in duplicated if k[2]})}
    result = []
    for key, by_lead in sorted(
        duplicated.items(), key=lambda kv: (places[kv[0][0]].code, kv[0][1:2], kv[0][3])
    ):
        review = reviews.get(key)
        if (reviewed is False and review) or (reviewed is True and not review):
            continue
        shown = []
        for facts_of_lead in by_lead.values():
            for fact in facts_of_lead:
                activity = activities[fact.activity_id]
                activity.lead = leads.get(fact.activity_id)
                activity.reached_here = fact.reached
                activity.targeted_here = fact.targeted
                shown.append(activity)
        kind = shown[0].kind
        result.append(Overlap(places[key[0]], kind, groups.get(key[2]), key[3], shown, review))
    return result


@dataclass
class Suggestion:
    strategy: dict
    organization: Organization
    strengths: list  # the kinds of strength it has that the strategy needs
    places: list[Place]


def complementarity(collective) -> list[Suggestion]:
    """For each strategy: the organizations whose recorded strengths fit what its kinds of
    activity need and that are not active in it yet, with the places they serve."""
    from backbone.agenda.selectors import strengths_by_organization

    strategies = strategies_of(collective)
    kinds = list(ActivityKind.objects.for_collective(collective))
    needs: dict[str, set[str]] = defaultdict(set)
    for kind in kinds:
        if kind.strategy:
            needs[kind.strategy].update(kind.strengths or [])
    active: dict[str, set[int]] = defaultdict(set)
    for fact in facts(collective):
        active[fact.strategy].add(fact.lead_id)
    matrix_ = strengths_by_organization(collective)
    organizations = [row.organization for row in matrix_.rows]
    served = defaultdict(list)
    for through in Organization.places_served.through.objects.filter(
        organization_id__in=[o.pk for o in organizations]
    ).select_related("place"):
        served[through.organization_id].append(through.place)
    result = []
    for strategy in strategies:
        wanted = needs.get(strategy["key"], set())
        if not wanted:
            continue
        for row in matrix_.rows:
            fitting = [s.kind for s in row.strengths if s.kind.key in wanted]
            if fitting and row.organization.pk not in active[strategy["key"]]:
                result.append(
                    Suggestion(strategy, row.organization, fitting, served[row.organization.pk])
                )
    return result


@dataclass
class Contribution:
    activities: list[Activity]
    strategies: list[str]
    indicators: list
    places: list[Place]


def contribution(organization: Organization) -> Contribution:
    """What an organization contributes: the activities it has a role in, their strategies,
    the indicators they feed and the places they reach."""
    activities = list(
        Activity.objects.filter(roles__organization=organization)
        .distinct()
        .select_related("kind")
        .prefetch_related("indicators", "places__place", "roles")
    )
    strategies = sorted({a.strategy_key for a in activities if a.strategy_key})
    indicators = list({i.pk: i for a in activities for i in a.indicators.all()}.values())
    places = sorted(
        {p.place.pk: p.place for a in activities for p in a.places.all()}.values(),
        key=lambda p: p.code,
    )
    return Contribution(activities, strategies, indicators, places)
