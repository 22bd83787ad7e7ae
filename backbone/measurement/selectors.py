"""Reads for the measurement pages: series against baseline and target, breakdowns, the
equity view, the dashboard and completeness. All figures come from rollups.engine.rollup."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.interchange import periods
from backbone.lib.bidi import isolated
from backbone.lib.collation import sort_by_name
from backbone.measurement.models import (
    Aggregation,
    Assignment,
    Coverage,
    Direction,
    Indicator,
    Submission,
    SubmissionStatus,
    Target,
    Value,
)
from backbone.measurement.rollups.context import _Context, batched
from backbone.measurement.rollups.engine import Rollup, rollup
from backbone.measurement.rollups.keys import PlaceTree, combination_categories
from backbone.network.models import Organization, Place

FAR_BEHIND_RATIO = 1.5
# A subgroup improving by less than this share of the total's improvement is flagged.
SLOW_SHARE = 1 / 3


def context() -> _Context:
    return _Context(PlaceTree(), combination_categories())


def _grain(indicator: Indicator) -> str:
    return {"monthly": "month", "quarterly": "quarter", "annual": "year"}[indicator.frequency]


def targets_in_force_of(indicators, collective) -> dict[int, list[Target]]:
    """The baselines and targets that apply in this collective, per indicator, in one query:
    set by it or by a collective above it; where several set one of the same kind for the
    same period and subgroup, the nearest collective's wins (the oblast's own target over the
    national one). The pages and the IATI export all read them here."""
    scope = [collective.pk, *collective.ancestor_ids()]
    rank = {pk: index for index, pk in enumerate(scope)}
    chosen: dict[tuple, Target] = {}
    found = Target.objects.filter(
        indicator__in=[i.pk for i in indicators], collective_id__in=scope
    ).select_related("category__dimension")
    for target in found:
        key = (
            target.indicator_id, target.kind, target.period_start, target.frequency,
            target.category_id,
        )  # fmt: skip
        if key not in chosen or rank[target.collective_id] < rank[chosen[key].collective_id]:
            chosen[key] = target
    by_indicator: dict[int, list[Target]] = {i.pk: [] for i in indicators}
    for target in chosen.values():
        by_indicator[target.indicator_id].append(target)
    return by_indicator


def targets_in_force(indicator: Indicator, collective) -> list[Target]:
    return targets_in_force_of([indicator], collective)[indicator.pk]


def _by_period(targets, category=None) -> dict[str, dict[str, float]]:
    """period code → {"baseline": v, "target": v}, for everyone or for one subgroup."""
    wanted = category.pk if category else None
    found: dict[str, dict[str, float]] = {}
    for target in targets:
        if target.category_id == wanted:
            found.setdefault(target.period.code, {})[target.kind] = target.value
    return found


def _goals(indicator: Indicator, collective, category=None) -> dict[str, dict[str, float]]:
    return _by_period(targets_in_force(indicator, collective), category)


def _goals_of(indicators, collective) -> dict[int, dict[str, dict[str, float]]]:
    """_goals of each indicator (for everyone), in one query: indicator id → its _goals."""
    in_force = targets_in_force_of(indicators, collective)
    return {pk: _by_period(targets) for pk, targets in in_force.items()}


@dataclass
class Series:
    indicator: Indicator
    points: list[dict]
    definitions: list[dict]
    baseline: float | None
    target: dict | None
    deduplicated: bool
    notes: list[str] = field(default_factory=list)


def definition_changes(indicator: Indicator) -> list[dict]:
    """Each change of the counting rule after the first: the period (at the indicator's
    frequency) from which it counts, its version number and what changed."""
    # Sorted here, not by the database, so that versions prefetched for a list are used.
    versions = sorted(indicator.versions.all(), key=lambda v: v.number)
    return [
        {
            "period": periods.code_of(
                periods.bucket(v.effective_month, indicator.frequency), indicator.frequency
            ),
            "number": v.number,
            "note": v.change_note,
        }
        for v in versions[1:]
    ]


def definition_of(changes: list[dict], period: str) -> dict:
    """Which counting rule a period's figure was counted by (1 before any change), and the
    change that starts in that very period, if one does — for marking it in tables."""
    number = 1
    starting = None
    for change in changes:
        if change["period"] <= period:  # period codes of one frequency sort as they follow
            number = change["number"]
            if change["period"] == period:
                starting = change
    return {"definition": number, "definition_change": starting}


def has_rate(indicator: Indicator) -> bool:
    """Whether the indicator is shown per N of the population (where one is recorded)."""
    return bool(indicator.population_rate_per) and indicator.aggregation == Aggregation.SUM


def _series_rollup(indicator: Indicator, collective, ctx) -> Rollup:
    return rollup(
        indicator=indicator,
        collective=collective,
        by=[f"period:{_grain(indicator)}"],
        context=ctx,
        rate=has_rate(indicator),
    )


def indicator_series(indicator: Indicator, collective, ctx=None) -> Series:
    return _series(
        indicator,
        _series_rollup(indicator, collective, ctx),
        _goals(indicator, collective),
        complete_period(indicator, collective),
    )


def series_of(indicators: list[Indicator], collective, ctx: _Context) -> dict[int, Series]:
    """indicator_series of each indicator, in a number of queries that does not grow with
    theirs. The roll-ups are batched by what they read: the indicators of one frequency,
    with a rate per population or not (a rate reads figures per place as well)."""
    prefetch_related_objects(indicators, "versions")
    results: dict[int, Rollup] = {}

    def kind(indicator: Indicator) -> tuple[bool, str]:
        return has_rate(indicator), indicator.frequency

    for _kind, group in groupby(sorted(indicators, key=kind), key=kind):
        group = list(group)
        with batched(ctx, group):
            for indicator in group:
                results[indicator.pk] = _series_rollup(indicator, collective, ctx)
    goals = _goals_of(indicators, collective)
    complete = complete_periods(indicators, collective, ctx.tree_ids(collective))
    return {i.pk: _series(i, results[i.pk], goals[i.pk], complete[i.pk]) for i in indicators}


def _series(indicator: Indicator, result: Rollup, goals: dict, complete: int | None) -> Series:
    baselines = [(code, g["baseline"]) for code, g in sorted(goals.items()) if "baseline" in g]
    targets = [(code, g["target"]) for code, g in sorted(goals.items()) if "target" in g]
    changes = definition_changes(indicator)
    complete_code = periods.code_of(complete, indicator.frequency) if complete is not None else ""
    points = [
        {
            "period": row["period"],
            "value": row["value"],
            "claimed": row.get("claimed"),
            "rate": row.get("rate"),
            "population": row.get("population"),
            # Later than the last period every expected partner has reported: still coming in.
            "partial": row["period"] > complete_code,
            **definition_of(changes, row["period"]),
        }
        for row in result.rows
    ]
    return Series(
        indicator=indicator,
        points=points,
        definitions=changes,
        baseline=baselines[0][1] if baselines else None,
        target={"period": targets[-1][0], "value": targets[-1][1]} if targets else None,
        deduplicated=result.deduplicated,
        notes=result.notes,
    )


def complete_period(indicator: Indicator, collective) -> int | None:
    """The latest period for which every organization expected to report has approved values
    (or simply the latest with values, when no one is assigned). Figures of a period still
    coming in would read as a sudden fall."""
    return complete_periods([indicator], collective)[indicator.pk]


def complete_periods(indicators, collective, tree=None) -> dict[int, int | None]:
    """complete_period of each indicator (a ratio: of its terms together), in a few queries."""
    tree = collective.tree_ids() if tree is None else tree
    terms = {i.pk: [i.numerator_id, i.denominator_id] if i.is_ratio else [i.pk] for i in indicators}
    every_term = {term for ids in terms.values() for term in ids}
    assigned: dict[int, set[int]] = defaultdict(set)
    for indicator_id, organization_id in (
        Assignment.objects.filter(collective_id__in=tree, indicator_id__in=every_term)
        .values_list("indicator_id", "organization_id")
        .distinct()
    ):
        assigned[indicator_id].add(organization_id)
    # What approved submissions cover (an approved submission's values are the ones that
    # count): a few rows per submission, not its values.
    approved = Coverage.objects.filter(
        submission__collective_id__in=tree, submission__status=SubmissionStatus.APPROVED
    )
    # period → how many organizations have approved values for it, per indicator; a ratio
    # counts the organizations of both its terms together, so it needs who they are.
    reporting: dict[int, dict[int, int]] = defaultdict(dict)
    single = [i.pk for i in indicators if not i.is_ratio]
    for indicator_id, period, orgs in (
        approved.filter(indicator_id__in=single)
        .values_list("indicator_id", "period")
        .annotate(orgs=Count("submission__organization_id", distinct=True))
        .order_by()
    ):
        reporting[indicator_id][period] = orgs
    ratios = [i for i in indicators if i.is_ratio]
    if ratios:
        by_term: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        for indicator_id, period, organization_id in (
            approved.filter(indicator_id__in={t for i in ratios for t in terms[i.pk]})
            .values_list("indicator_id", "period", "submission__organization_id")
            .distinct()
        ):
            by_term[indicator_id][period].add(organization_id)
        for ratio in ratios:
            joined: dict[int, set[int]] = defaultdict(set)
            for term in terms[ratio.pk]:
                for period, organizations in by_term[term].items():
                    joined[period] |= organizations
            reporting[ratio.pk] = {period: len(orgs) for period, orgs in joined.items()}
    found: dict[int, int | None] = {}
    for indicator in indicators:
        expected = len(set().union(*(assigned[term] for term in terms[indicator.pk])))
        counts = reporting[indicator.pk]
        complete = [period for period, orgs in counts.items() if orgs >= expected]
        found[indicator.pk] = max(complete, default=None)
    return found


def last_ended_period(indicator: Indicator) -> int:
    frequency = indicator.frequency
    return periods.bucket(periods.current_month(), frequency) - periods.SPAN[frequency]


def latest_period(indicator: Indicator, collective) -> int | None:
    terms = (
        [indicator.numerator_id, indicator.denominator_id] if indicator.is_ratio else [indicator.pk]
    )
    return (
        Value.objects.filter(
            approved=True, indicator_id__in=terms, collective_id__in=collective.tree_ids()
        )
        .aggregate(latest=Max("period"))
        .get("latest")
    )


def place_breakdown(indicator: Indicator, collective, level: int = 1, ctx=None) -> dict:
    """The latest complete period's values by place at a level, ranked, with the spread."""
    latest = complete_period(indicator, collective)
    if latest is None:
        return {"period": None, "rows": [], "spread": None}
    grain = _grain(indicator)
    result = rollup(
        indicator=indicator,
        collective=collective,
        by=[f"place:{level}", f"period:{grain}"],
        context=ctx,
    )
    code = periods.code_of(latest, indicator.frequency)
    names = {p.code: p.localized_name for p in Place.objects.filter(level__lte=level)}
    rows = [
        {
            "place": row["place"],
            "name": names.get(row["place"], row["place"]),
            "value": row["value"],
        }
        for row in result.rows
        if row["period"] == code and row["value"] is not None
    ]
    rows.sort(key=lambda r: r["value"], reverse=indicator.direction != Direction.DOWN)
    values = [r["value"] for r in rows]
    spread = None
    if values:
        low, high = min(values), max(values)
        spread = {"low": low, "high": high, "ratio": (high / low) if low else None}
    return {"period": code, "rows": rows, "spread": spread}


def dimension_breakdowns(indicator: Indicator, collective, ctx=None) -> list[dict]:
    """For each dimension, the series of each category (a table: periods × categories)."""
    grain = _grain(indicator)
    complete = complete_period(indicator, collective)
    complete_code = periods.code_of(complete, indicator.frequency) if complete is not None else ""
    changes = definition_changes(indicator)
    dimensions = (
        indicator.numerator.dimensions.all() if indicator.is_ratio else indicator.dimensions.all()
    )
    tables = []
    for dimension in dimensions:
        try:
            result = rollup(
                indicator=indicator,
                collective=collective,
                by=[f"period:{grain}", dimension.code],
                context=ctx,
                rate=has_rate(indicator),
            )
        except ValidationError:  # a ratio whose terms are not both split by this dimension
            continue
        categories = list(dimension.categories.all())
        grid: dict[str, dict[str, float | None]] = {}
        rates: dict[str, dict[str, float | None]] = {}
        for row in result.rows:
            grid.setdefault(row["period"], {})[row[dimension.code]] = row["value"]
            rates.setdefault(row["period"], {})[row[dimension.code]] = row.get("rate")
        # Compared by rate when every subgroup has a population in some period.
        by_rate = any(all(rates[p].get(c.code) is not None for c in categories) for p in rates)
        tables.append(
            {
                "dimension": dimension,
                "categories": categories,
                "by_rate": by_rate,
                "counts_only": has_rate(indicator) and not by_rate,
                "notes": result.notes,
                "rows": [
                    {
                        "period": p,
                        "values": [grid[p].get(c.code) for c in categories],
                        "rates": [rates[p].get(c.code) for c in categories],
                        "unstated": grid[p].get(""),
                        # Not every expected partner has reported: shown, never used for flags.
                        "partial": p > complete_code,
                        **definition_of(changes, p),
                    }
                    for p in sorted(grid)
                ],
            }
        )
    return tables


def _improvement(first: float, last: float, direction: str) -> float:
    """Relative change in the desired direction (0.2 = 20 % better)."""
    if not first:
        return 0.0
    change = (last - first) / abs(first)
    return -change if direction == Direction.DOWN else change


def _trend(first: float | None, last: float | None, direction: str) -> str:
    """'better', 'worse' or 'flat' given the desired direction."""
    if first is None or last is None or first == last:
        return "flat"
    rising = last > first
    if direction == Direction.NEUTRAL:
        return "flat"
    return "better" if rising == (direction == Direction.UP) else "worse"


def equity_view(indicator: Indicator, collective, ctx=None) -> list[dict]:
    """Per dimension: each period's subgroup values, the gap (difference and ratio between the
    best- and worst-off subgroup), subgroup targets, and flags where the aggregate hides it."""
    ctx = ctx or context()  # one place tree for the series and every dimension's roll-up
    series = indicator_series(indicator, collective, ctx)
    views = []
    for table in dimension_breakdowns(indicator, collective, ctx):
        # Subgroups of different sizes are compared per N of their population where it is
        # recorded; otherwise by counts, and the page says so.
        basis = "rate" if table["by_rate"] else "value"
        aggregate = [p[basis] for p in series.points if p[basis] is not None and not p["partial"]]
        aggregate_trend = (
            _trend(aggregate[0], aggregate[-1], indicator.direction) if aggregate else "flat"
        )
        categories = table["categories"]
        rows = []
        for row in table["rows"]:
            row = {**row, "shown": row["rates"] if basis == "rate" else row["values"]}
            present = [v for v in row["shown"] if v is not None]
            gap = ratio = None
            if len(present) >= 2:
                high, low = max(present), min(present)
                gap = high - low
                ratio = high / low if low else None
            rows.append({**row, "gap": gap, "ratio": ratio})
        flags = []
        complete_rows = [r for r in rows if not r["partial"]]
        for index, category in enumerate(categories):
            values = [r["shown"][index] for r in complete_rows if r["shown"][index] is not None]
            if len(values) < 2:
                continue
            trend = _trend(values[0], values[-1], indicator.direction)
            if aggregate_trend != "better":
                continue
            overall = _improvement(aggregate[0], aggregate[-1], indicator.direction)
            own = _improvement(values[0], values[-1], indicator.direction)
            if trend != "better":
                flags.append(
                    _("The total improves while “%(cat)s” %(how)s.")
                    % {
                        "cat": isolated(category.localized_name),
                        "how": _("gets worse") if trend == "worse" else _("does not improve"),
                    }
                )
            elif own < overall * SLOW_SHARE:
                flags.append(
                    _(
                        "The total improved by %(overall)s %% but “%(cat)s” only by %(own)s %%: "
                        "the aggregate hides that this subgroup is left behind."
                    )
                    % {
                        "overall": round(overall * 100),
                        "own": round(own * 100),
                        "cat": isolated(category.localized_name),
                    }
                )
        if complete_rows and (complete_rows[-1]["ratio"] or 0) >= FAR_BEHIND_RATIO:
            last = complete_rows[-1]
            pairs = [
                (v, c) for v, c in zip(last["shown"], categories, strict=True) if v is not None
            ]
            worst = (max if indicator.direction == Direction.DOWN else min)(
                pairs, key=lambda p: p[0]
            )
            flags.append(
                _("In %(period)s “%(cat)s” is far behind: the gap is %(ratio).1f to 1.")
                % {
                    "period": isolated(last["period"]),
                    "cat": isolated(worst[1].localized_name),
                    "ratio": last["ratio"],
                }
            )
        targets = []
        for category in categories:
            goals = _goals(indicator, collective, category)
            last_target = [
                (code, g["target"]) for code, g in sorted(goals.items()) if "target" in g
            ]
            targets.append(last_target[-1] if last_target else None)
        chart = {
            "labels": [r["period"] for r in rows],
            "partial": [r["partial"] for r in rows],
            "series": [
                {"label": c.localized_name, "values": [r["shown"][i] for r in rows]}
                for i, c in enumerate(categories)
            ],
            "axis": (
                _("per %s of the population") % f"{indicator.population_rate_per:,}"
                if basis == "rate"
                else _("count")
            ),
        }
        views.append(
            {
                **table,
                "rows": rows,
                "flags": flags,
                "targets": targets,
                "basis": basis,
                "chart": chart,
                "chart_id": f"equity-data-{table['dimension'].code}",
                "per": indicator.population_rate_per,
            }
        )
    return views


def completeness(indicator: Indicator, collective, period: int) -> dict:
    """Who was expected to report the indicator for the period, who has, who is late."""
    return completeness_of([indicator], collective, {indicator.pk: period})[indicator.pk]


def completeness_of(indicators, collective, period_of: dict[int, int], tree=None) -> dict:
    """completeness of each indicator for its period (indicator id → period), in four
    queries however many indicators and organizations there are."""
    tree = collective.tree_ids() if tree is None else tree
    ids = [indicator.pk for indicator in indicators]
    expected: dict[int, set[int]] = defaultdict(set)
    for indicator_id, organization_id in Assignment.objects.filter(
        collective_id__in=tree, indicator_id__in=ids
    ).values_list("indicator_id", "organization_id"):
        expected[indicator_id].add(organization_id)
    reported: dict[int, set[int]] = defaultdict(set)
    for indicator_id, period, organization_id in (
        Coverage.objects.filter(
            indicator_id__in=ids,
            period__in=set(period_of.values()),
            submission__collective_id__in=tree,
            submission__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
        )
        .values_list("indicator_id", "period", "submission__organization_id")
        .distinct()
    ):
        if period == period_of[indicator_id]:
            reported[indicator_id].add(organization_id)
    wanted = set().union(*expected.values())
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=wanted)}
    today = timezone.localdate()
    found = {}
    for indicator in indicators:
        period = period_of[indicator.pk]
        expected_ids, reported_ids = expected[indicator.pk], reported[indicator.pk]
        end = periods.Period(period, indicator.frequency).last_day()
        overdue = today > end + timezone.timedelta(days=15)
        missing = sort_by_name(organizations[pk] for pk in expected_ids - reported_ids)
        found[indicator.pk] = {
            "period": periods.code_of(period, indicator.frequency),
            "expected": len(expected_ids),
            "reported": sort_by_name(organizations[pk] for pk in expected_ids & reported_ids),
            "late": missing if overdue else [],
            "pending": [] if overdue else missing,
        }
    return found


def completeness_table(collective, period: int) -> list[dict]:
    """Completeness of every monthly indicator someone is expected to report, for a month."""
    indicators = [
        indicator
        for indicator in Indicator.objects.for_collective(collective).exclude(aggregation="ratio")
        if indicator.frequency == "monthly"
    ]
    reports = completeness_of(indicators, collective, {i.pk: period for i in indicators})
    return [
        {"indicator": indicator, **reports[indicator.pk]}
        for indicator in indicators
        if reports[indicator.pk]["expected"]
    ]


def dashboard(collective) -> list[dict]:
    """Each common indicator's latest value, change, target status and completeness."""
    ctx = context()
    indicators = list(
        Indicator.objects.for_collective(collective).select_related("numerator", "denominator")
    )
    all_series = series_of(indicators, collective, ctx)
    counted = [indicator for indicator in indicators if not indicator.is_ratio]
    reports = completeness_of(
        counted,
        collective,
        {indicator.pk: last_ended_period(indicator) for indicator in counted},
        ctx.tree_ids(collective),
    )
    rows = []
    for indicator in indicators:
        series = all_series[indicator.pk]
        points = [p for p in series.points if p["value"] is not None and not p["partial"]]
        latest = points[-1] if points else None
        previous = points[-2] if len(points) > 1 else None
        trend = (
            _trend(previous["value"], latest["value"], indicator.direction) if previous else "flat"
        )
        status = None
        if latest and series.target:
            reached = (
                latest["value"] <= series.target["value"]
                if indicator.direction == Direction.DOWN
                else latest["value"] >= series.target["value"]
            )
            status = "met" if reached else "not_met"
        rows.append(
            {
                "indicator": indicator,
                "latest": latest,
                "previous": previous,
                "trend": trend,
                "target": series.target,
                "status": status,
                "completeness": reports.get(indicator.pk),
            }
        )
    return rows


def submissions_reachable(collective, queryset=None):
    """Submissions reachable under this collective's pages: those filed in it or below, and
    those filed higher up for one of its organizations (national staff filing for an oblast
    organization). Whether a person may open one is still the permission's to say."""
    tree = collective.tree_ids()
    queryset = Submission.objects.all() if queryset is None else queryset
    return queryset.filter(Q(collective_id__in=tree) | Q(organization__collective_id__in=tree))


def submissions_for(user, collective, *, can_review: bool):
    if can_review:
        queryset = Submission.objects.filter(collective_id__in=collective.tree_ids())
    else:
        orgs = user.roles.current().filter(kind="reporter").values_list("organization_id")
        queryset = submissions_reachable(collective).filter(organization_id__in=orgs)
    return queryset.select_related("organization", "created_by")


def value_history(value: Value) -> list[Value]:
    """Every stored figure for the same organization, indicator, place, period and cell."""
    return list(
        Value.objects.filter(
            # Through the organization's submissions: the unique index starts with them.
            submission__in=Submission.objects.filter(organization_id=value.organization_id),
            indicator_id=value.indicator_id,
            place_id=value.place_id,
            period=value.period,
            combination_id=value.combination_id,
        )
        .select_related("submission", "submission__created_by", "submission__reviewed_by")
        .order_by("submission__created_at", "pk")
    )
