"""Completeness: which periods every expected report is in for, and who is yet to report."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max
from django.utils import timezone

from backbone.interchange import periods
from backbone.lib.collation import sort_by_name
from backbone.measurement.models import Assignment, Coverage, Indicator, SubmissionStatus, Value
from backbone.network.models import Organization


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
