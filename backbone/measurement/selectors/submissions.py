"""The submissions a user may see, and a value's history across the submissions that
replaced each other."""

from __future__ import annotations

from django.db.models import Q

from backbone.measurement.models import Submission, Value


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
