"""What the audit log shows of shared measurement (registered by MeasurementConfig.ready):
the indicators, their definitions, baselines and targets, overlap adjustments and every step
of a submission's review.

A submission has no history of its own (no HistoricalRecords): its workflow events are its
history, one entry per step. Values and their comments, dimensions and categories, population
figures, reporting assignments and closed periods are not in the log.
"""

from django.utils.translation import gettext_lazy as _

from backbone.interchange import periods
from backbone.lib import audit
from backbone.measurement.models import (
    Adjustment,
    Indicator,
    IndicatorVersion,
    Submission,
    SubmissionEvent,
    Target,
)


def _target(row, name) -> str:
    period = periods.code_of(row.period_start, row.frequency)
    label = f"{name('indicator')} — {row.get_kind_display()} {period}"
    return f"{label} ({name('category')})" if row.category_id else label


def _submission(submission: Submission) -> str:
    """Who reported for which periods: "#12 — Organization A, 2025-01 – 2025-03"."""
    label = f"#{submission.pk} — {submission.organization}"
    spans = [
        (c.period, c.period + periods.SPAN[c.indicator.frequency] - 1, c.indicator.frequency)
        for c in submission.coverage.all()
    ]
    if not spans:
        return label
    first = min(spans)
    last = max(spans, key=lambda s: (s[1], s[0]))
    start, end = periods.code_of(first[0], first[2]), periods.code_of(last[0], last[2])
    return f"{label}, {start}" if start == end else f"{label}, {start} – {end}"


def _adjustment(row, name) -> str:
    period = periods.code_of(row.period, periods.MONTHLY)
    return f"{name('indicator')} — {name('place')}, {period}"


audit.register(
    audit.History(
        Indicator,
        collective="collective_id",
        hidden=frozenset({"created_at", "position"}),
        group_by="collective",
        phrases={
            "created": audit.plural_phrase(
                "%(n)d indicator added in %(group)s", "%(n)d indicators added in %(group)s"
            )
        },
    )
)
audit.register(
    audit.Log(
        IndicatorVersion,
        collective="indicator__collective_id",
        when="published_at",
        who="published_by",
        label=lambda row, name: f"{row.indicator} v{row.number}",
        related=("indicator",),
        verbose_name=_("indicator definition"),
        verbose_name_plural=_("indicator definitions"),
        fields={
            "counting_rule": _("counting rule"),
            "inclusion": _("who is counted"),
            "exclusion": _("who is not counted"),
            "effective_from": _("in force from"),
            "change_note": _("what changed"),
        },
    )
)
audit.register(
    audit.History(
        Target,
        collective="collective_id",
        label=_target,
        verbose_name=_("baseline or target"),
        verbose_name_plural=_("baselines and targets"),
        hidden=frozenset({"period_start", "frequency", "indicator", "collective", "kind"}),
    )
)
audit.register(
    audit.History(
        Adjustment,
        collective="collective_id",
        label=_adjustment,
        verbose_name=_("overlap adjustment"),
        staff_only=True,
        verbose_name_plural=_("overlap adjustments"),
        actor="by",
        hidden=frozenset({"period", "indicator", "place", "collective", "by", "at"}),
    )
)
audit.register(
    audit.Log(
        SubmissionEvent,
        collective="submission__collective_id",
        when="at",
        who="by",
        kind="action",
        label=lambda row, name: name("submission"),
        verbose_name=_("submission"),
        # Who reported what and how its review went is for staff and the organization.
        staff_only=True,
        verbose_name_plural=_("submissions"),
        fields={"comment": _("comment")},
        phrases={
            "approved": audit.plural_phrase(
                "approved %(n)d submission", "approved %(n)d submissions"
            ),
            "submitted": audit.plural_phrase(
                "submitted %(n)d submission", "submitted %(n)d submissions"
            ),
            "created": audit.plural_phrase("created %(n)d submission", "created %(n)d submissions"),
        },
    )
)
audit.register_name(
    Submission,
    label=_submission,
    select_related=("organization",),
    prefetch_related=("coverage__indicator",),
)
