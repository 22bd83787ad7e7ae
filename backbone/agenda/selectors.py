"""Reads for the agenda page: which organizations endorsed which version (by kind of
organization), the chain vision → goals → strategies → indicators with its flags and each
indicator's status, which version each oblast collective adopted, the organizations'
strengths, and a version as the exports give it (JSON, and printed for PDF and DOCX)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.agenda.models import Adoption, AgendaVersion, OrganizationStrength, StrengthKind
from backbone.documents.models import Endorsement
from backbone.governance.models import Body
from backbone.measurement.models import Direction, Indicator
from backbone.measurement.selectors.series import context, series_of
from backbone.network.models import Collective, Organization, OrganizationKind


@dataclass
class KindStatus:
    kind: str
    label: str
    current: list = field(default_factory=list)  # endorsed the current version
    earlier: list = field(default_factory=list)  # endorsed only an earlier one
    none: list = field(default_factory=list)


def endorsement_status(collective, versions: list[AgendaVersion]) -> list[KindStatus]:
    """Every active member organization of the collective's tree, grouped by kind, as having
    endorsed the current version, only an earlier one, or none."""
    current = versions[0] if versions else None
    standing = Endorsement.objects.of(versions).standing()
    endorsed: dict[int, set[int]] = {}
    numbers = {v.pk: v.number for v in versions}
    for org_id, version_id in standing.values_list("organization_id", "version_id"):
        endorsed.setdefault(org_id, set()).add(numbers[version_id])
    groups = {k: KindStatus(k, str(label)) for k, label in OrganizationKind.choices}
    orgs = Organization.objects.active().filter(collective_id__in=collective.tree_ids())
    for org in orgs.order_by("name"):
        group = groups.setdefault(org.kind, KindStatus(org.kind, org.kind))
        held = endorsed.get(org.pk, set())
        if current and current.number in held:
            group.current.append(org)
        elif held:
            group.earlier.append(org)
        else:
            group.none.append(org)
    return [g for g in groups.values() if g.current or g.earlier or g.none]


@dataclass
class IndicatorStatus:
    code: str
    indicator: Indicator | None  # None: no indicator of that code reaches the collective
    latest: dict | None = None  # the latest complete point: {"period", "value", …}
    baseline: float | None = None
    target: dict | None = None  # {"period", "value"}
    # "met" (the target is reached), "on_track" (moved from the baseline towards the
    # target; from the first figure where no baseline is set), "behind" (not moved towards
    # it), or None (no figure or no target to judge by)
    status: str | None = None


def _judge(direction: str, latest: float, baseline: float | None, target: float) -> str:
    if direction == Direction.DOWN:
        latest, target = -latest, -target
        baseline = -baseline if baseline is not None else None
    elif direction == Direction.NEUTRAL:
        return "met" if latest == target else "behind"
    if latest >= target:
        return "met"
    return "on_track" if baseline is not None and latest > baseline else "behind"


def indicator_status(codes: list[str], collective) -> dict[str, IndicatorStatus]:
    """code → the indicator's latest approved figure for the collective against its baseline
    and target, for every code asked (in a number of queries that does not grow with them)."""
    codes = list(dict.fromkeys(codes))
    if not codes:
        return {}
    indicators = list(
        Indicator.objects.for_collective(collective)
        .filter(code__in=codes)
        .select_related("numerator", "denominator")
    )
    all_series = series_of(indicators, collective, context()) if indicators else {}
    found = {code: IndicatorStatus(code, None) for code in codes}
    for indicator in indicators:
        series = all_series[indicator.pk]
        points = [p for p in series.points if p["value"] is not None and not p["partial"]]
        latest = points[-1] if points else None
        status = None
        if latest and series.target:
            start = series.baseline
            if start is None and len(points) > 1:
                start = points[0]["value"]
            status = _judge(indicator.direction, latest["value"], start, series.target["value"])
        found[indicator.code] = IndicatorStatus(
            indicator.code, indicator, latest, series.baseline, series.target, status
        )
    return found


@dataclass
class ChainGoal:
    goal: dict
    strategies: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    indicators: list[IndicatorStatus] = field(default_factory=list)


@dataclass
class Chain:
    vision: str
    goals: list[ChainGoal]
    flags: list[str]  # flags of strategies, risks and assumptions, one sentence each


def chain(version: AgendaVersion, *, today: dt.date | None = None, collective=None) -> Chain:
    """The version's chain; with `collective`, each goal's indicators with their status
    there (an oblast reads the national goals by its own figures) and each strategy's owner
    body (as "owner", a Body or None)."""
    today = today or timezone.localdate()
    goals = {g["key"]: ChainGoal(g) for g in version.goals}
    flags: list[str] = []
    for item in goals.values():
        if not item.goal.get("indicators"):
            item.flags.append(_("No indicator measures this goal."))
    if collective is not None:
        statuses = indicator_status(
            [code for g in version.goals for code in g.get("indicators") or []], collective
        )
        for item in goals.values():
            item.indicators = [statuses[code] for code in item.goal.get("indicators") or []]
    owners = {
        body.pk: body
        for body in Body.objects.filter(
            pk__in=[s["owner_body"] for s in version.strategies if s.get("owner_body")]
        ).select_related("collective")
    }
    for strategy in version.strategies:
        strategy = {**strategy, "owner": owners.get(strategy.get("owner_body"))}
        if strategy.get("goal") in goals:
            goals[strategy["goal"]].strategies.append(strategy)
        if not strategy.get("owner_body"):
            flags.append(_("Strategy “%s” has no owner.") % strategy.get("title", strategy["key"]))
    for risk in version.risks:
        name = risk.get("risk", risk["key"])
        if not (risk.get("mitigation") or "").strip():
            flags.append(_("Risk “%s” has no mitigation.") % name)
        review = risk.get("review_date")
        if review and dt.date.fromisoformat(review) < today:
            flags.append(
                _("Risk “%(risk)s” was due for review on %(date)s.")
                % {"risk": name, "date": review}
            )
    for assumption in version.assumptions:
        if not assumption.get("indicators"):
            flags.append(
                _("No indicator watches the assumption “%s”.")
                % assumption.get("text", assumption["key"])
            )
    return Chain(version.vision, list(goals.values()), flags)


def export(version: AgendaVersion) -> dict:
    """The version as the JSON export holds it."""
    endorsements = (
        Endorsement.objects.of([version]).standing().select_related("organization", "person")
    )
    return {
        "collective": version.agenda.collective.slug,
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "vision": version.vision,
        "problem": version.problem,
        "goals": [{**g, "indicators": list(g.get("indicators") or [])} for g in version.goals],
        "strategies": version.strategies,
        "assumptions": version.assumptions,
        "risks": version.risks,
        "endorsements": [
            {
                "organization": e.organization.name,
                "person": str(e.person),
                "date": e.given_on.isoformat(),
                "version": version.number,
            }
            for e in endorsements
        ],
    }


def version_of(collective, number: int | str | None = None) -> AgendaVersion | None:
    """Version `number` of the collective's agenda (the current one when None); None when
    there is no such version (or `number` is not a number)."""
    found = AgendaVersion.objects.filter(agenda__collective=collective).select_related(
        "agenda__collective", "published_by"
    )
    if number in (None, ""):
        return found.order_by("-number").first()
    try:
        return found.filter(number=int(number)).first()
    except (TypeError, ValueError):
        return None


@dataclass
class Printed:
    """A version as the PDF and DOCX exports print it: every reference resolved to a name."""

    version: AgendaVersion
    collective: object
    goals: list[dict]  # each with "indicator_names": [(code, name)]
    strategies: list[dict]  # each with "goal_title" and "owner_name"
    assumptions: list[dict]  # each with "indicator_names"
    risks: list[dict]  # each with "threatens_label"
    endorsements: list


def printed(version: AgendaVersion) -> Printed:
    collective = version.agenda.collective
    indicators = dict(Indicator.objects.for_collective(collective).values_list("code", "name"))
    bodies = dict(Body.objects.filter(collective=collective).values_list("pk", "name"))
    goal_titles = {g["key"]: g.get("title", g["key"]) for g in version.goals}
    assumption_texts = {a["key"]: a.get("text", a["key"]) for a in version.assumptions}

    def named(codes) -> list[tuple[str, str]]:
        return [(code, indicators.get(code, "")) for code in codes or []]

    def threatened(threatens: dict) -> str:
        kind, key = threatens.get("kind"), threatens.get("key")
        names = {
            "goal": (_("Goal"), goal_titles),
            "assumption": (_("Assumption"), assumption_texts),
            "indicator": (_("Indicator"), indicators),
        }
        if kind not in names:
            return ""
        label, found = names[kind]
        return f"{label}: {found.get(key) or key}"

    endorsements = list(
        Endorsement.objects.of([version])
        .standing()
        .select_related("organization", "person")
        .order_by("given_on", "organization__name")
    )
    return Printed(
        version=version,
        collective=collective,
        goals=[{**g, "indicator_names": named(g.get("indicators"))} for g in version.goals],
        strategies=[
            {
                **s,
                "goal_title": goal_titles.get(s.get("goal"), ""),
                "owner_name": bodies.get(s.get("owner_body"), ""),
            }
            for s in version.strategies
        ],
        assumptions=[
            {**a, "indicator_names": named(a.get("indicators"))} for a in version.assumptions
        ],
        risks=[
            {**r, "threatens_label": threatened(r.get("threatens") or {})} for r in version.risks
        ],
        endorsements=endorsements,
    )


@dataclass
class ChildAdoption:
    collective: Collective
    adoption: Adoption | None  # the one in force
    state: str  # "current", "earlier" or "none"


def adoptions_of_children(collective, current: AgendaVersion | None) -> list[ChildAdoption]:
    """Each collective right below this one with the version of this one's agenda it adopted
    last: the current version, an earlier one, or none yet."""
    children = list(Collective.objects.filter(parent=collective).order_by("name"))
    latest: dict[int, Adoption] = {}
    rows = (
        Adoption.objects.filter(collective__in=children)
        .select_related("version")
        .order_by("collective_id", "-adopted_on", "-pk")
    )
    for adoption in rows:
        latest.setdefault(adoption.collective_id, adoption)
    result = []
    for child in children:
        adoption = latest.get(child.pk)
        if adoption is None:
            state = "none"
        elif current is not None and adoption.version_id == current.pk:
            state = "current"
        else:
            state = "earlier"
        result.append(ChildAdoption(child, adoption, state))
    return result


@dataclass
class OrganizationStrengths:
    organization: Organization
    strengths: list[OrganizationStrength]  # each with its kind

    @property
    def by_kind(self) -> dict[int, OrganizationStrength]:
        return {s.kind_id: s for s in self.strengths}


@dataclass
class StrengthMatrix:
    kinds: list[StrengthKind]  # the columns: every kind the tree's organizations may use
    rows: list[OrganizationStrengths]  # every active member organization, by name


def strengths_by_organization(collective) -> StrengthMatrix:
    """Every active organization of the collective's tree with its strengths (three queries
    however many organizations)."""
    tree = collective.tree_ids()
    kinds = list(
        StrengthKind.objects.filter(
            Q(collective__isnull=True) | Q(collective_id__in=[*tree, *collective.ancestor_ids()])
        )
    )
    # Sorted by the name the reader sees: ordering by "name" in the database would order by
    # the reader's language's column, empty for most organizations in Hebrew.
    organizations = sorted(
        Organization.objects.active().filter(collective_id__in=tree),
        key=lambda o: o.display_name.casefold(),
    )
    held: dict[int, list[OrganizationStrength]] = {}
    for strength in OrganizationStrength.objects.filter(
        organization__in=organizations
    ).select_related("kind"):
        held.setdefault(strength.organization_id, []).append(strength)
    return StrengthMatrix(
        kinds, [OrganizationStrengths(o, held.get(o.pk, [])) for o in organizations]
    )


@dataclass
class AdoptionState:
    parent_current: AgendaVersion | None  # the parent's agenda's current version
    adoption: Adoption | None  # the adoption in force
    adoptable: AgendaVersion | None  # the parent's current version, if newer than adopted
    adopted_chain: Chain | None  # the adopted version's goals, by this collective's figures


def adoption_state(collective) -> AdoptionState | None:
    """What the collective adopted of its parent's agenda (None at the top of the tree)."""
    if collective.parent_id is None:
        return None
    parent_current = (
        AgendaVersion.objects.filter(agenda__collective_id=collective.parent_id)
        .order_by("-number")
        .first()
    )
    adoption = Adoption.objects.in_force_of(collective)
    adoptable = parent_current
    if adoptable and adoption and not adoption.superseded_by(adoptable):
        adoptable = None
    adopted_chain = chain(adoption.version, collective=collective) if adoption else None
    return AdoptionState(parent_current, adoption, adoptable, adopted_chain)


def version_in_force(collective) -> AgendaVersion | None:
    """The agenda a collective works to: its own current version, else the version it
    adopted, else the nearest collective above it that has one."""
    version = (
        AgendaVersion.objects.filter(agenda__collective=collective).order_by("-number").first()
    )
    if version is None:
        adoption = Adoption.objects.in_force_of(collective)
        version = adoption.version if adoption is not None else None
    if version is None:
        for ancestor_id in collective.ancestor_ids():
            version = (
                AgendaVersion.objects.filter(agenda__collective_id=ancestor_id)
                .order_by("-number")
                .first()
            )
            if version is not None:
                break
    return version


def goals_and_strategies(collective) -> list[tuple[str, str]]:
    """(key, title) of every goal and strategy of the agenda in force: what a decision or an
    action can be tied to."""
    version = version_in_force(collective)
    if version is None:
        return []
    return [
        (item["key"], item.get("title") or item["key"])
        for item in [*version.goals, *version.strategies]
        if item.get("key")
    ]
