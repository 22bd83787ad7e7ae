"""Reads for the agenda page: which organizations endorsed which version (by kind of
organization), and the chain vision → goals → strategies → indicators with its flags; a
version as the exports give it (JSON, and printed for PDF and DOCX)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.agenda.models import AgendaVersion
from backbone.documents.models import Endorsement
from backbone.governance.models import Body
from backbone.measurement.models import Indicator
from backbone.network.models import Organization, OrganizationKind


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
class ChainGoal:
    goal: dict
    strategies: list = field(default_factory=list)
    flags: list = field(default_factory=list)


@dataclass
class Chain:
    vision: str
    goals: list[ChainGoal]
    flags: list[str]  # flags of strategies, risks and assumptions, one sentence each


def chain(version: AgendaVersion, *, today: dt.date | None = None) -> Chain:
    today = today or timezone.localdate()
    goals = {g["key"]: ChainGoal(g) for g in version.goals}
    flags: list[str] = []
    for item in goals.values():
        if not item.goal.get("indicators"):
            item.flags.append(_("No indicator measures this goal."))
    for strategy in version.strategies:
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
