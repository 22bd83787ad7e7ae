"""What the audit log shows of shared measurement (registered by MeasurementConfig.ready):
the indicators, their definitions, dimensions and categories, baselines and targets, overlap
adjustments, population figures, reporting assignments, closed periods, every step of a
submission's review and the reviewers' comments on values.

A submission has no history of its own (no HistoricalRecords): its workflow events are its
history, one entry per step, each saying how its values came in (web form, upload, API) and
how many. Values have no history either: there are millions, written in bulk by raw SQL, and
none is ever edited. A value is changed by a new submission (through the web grid or a
corrected file) whose approval retires the one it replaces; the log shows that chain as the
events of both submissions ("created", "replaced: by #14", "approved"), and the submission's
page and `value_history` show the figures cell by cell. A reviewer's comments on values are
append-only rows with their own who and when: a Log, staff only like the review itself.

Population figures come in by the thousand: the importer writes their history in bulk, one
moment, user and file for an import, and the log tells each import as one entry.
"""

from django.utils.translation import gettext_lazy as _

from backbone.interchange import periods
from backbone.lib import audit
from backbone.measurement.models import (
    Adjustment,
    Assignment,
    Category,
    Combination,
    Dimension,
    Indicator,
    IndicatorVersion,
    PeriodClosure,
    Population,
    Submission,
    SubmissionEvent,
    Target,
    Value,
    ValueComment,
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


def _combination(combination: Combination) -> str:
    """A cell of a disaggregation by its categories' names ("Female, 0–4"); "" for everyone."""
    return ", ".join(str(category) for category in combination.categories.all())


def _population(row, name) -> str:
    label = f"{name('place')}, {row.year}"
    cell = name("combination")
    return f"{label} ({cell})" if cell else label


def _value(value: Value) -> str:
    """Which figure: "workers — Social workers, Lviv oblast, 2025-01 (Female): 5, #12"."""
    period = periods.code_of(value.period, value.indicator.frequency)
    cell = _combination(value.combination)
    where = f"{value.indicator}, {value.place}, {period}" + (f" ({cell})" if cell else "")
    figure = int(value.value) if value.value.is_integer() else value.value
    return f"{where}: {figure}, #{value.submission_id}"


def _assignment(row, name) -> str:
    label = f"{name('organization')} — {name('indicator')}"
    return f"{label}, {name('place')}" if row.place_id else label


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
        related=("submission",),
        verbose_name=_("submission"),
        # Who reported what and how its review went is for staff and the organization.
        staff_only=True,
        verbose_name_plural=_("submissions"),
        fields={"comment": _("comment")},
        # How the values came in (the web grid, a file, the API) and how many.
        fields_of_kind={
            "created": {
                "submission__source": _("entered through"),
                "submission__file_name": _("file"),
                "submission__row_count": _("values"),
            }
        },
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
audit.register_name(Combination, label=_combination, prefetch_related=("categories",))
audit.register_name(
    Value,
    label=_value,
    select_related=("indicator", "place", "combination"),
    prefetch_related=("combination__categories",),
)
audit.register(
    audit.Log(
        ValueComment,
        collective="value__collective_id",
        when="at",
        who="by",
        label=lambda row, name: name("value"),
        verbose_name=_("comment on a value"),
        verbose_name_plural=_("comments on values"),
        # A reviewer's remark is part of the review: staff and the organization only.
        staff_only=True,
        fields={"text": _("comment")},
    )
)
# How figures are disaggregated is the catalogue's plumbing: the audit log shows it to staff;
# members hear of the indicators themselves in What is new.
audit.register(
    audit.History(
        Dimension,
        collective="collective_id",
        hidden=frozenset({"position"}),
        staff_only=True,
    )
)
audit.register(
    audit.History(
        Category,
        collective="dimension__collective_id",
        label=lambda row, name: f"{row.name} ({name('dimension')})",
        hidden=frozenset({"position", "dimension"}),
        staff_only=True,
    )
)
audit.register(
    audit.History(
        Population,
        collective="collective_id",
        label=_population,
        verbose_name=_("population figure"),
        verbose_name_plural=_("population figures"),
        # Named in the label; who recorded a figure is the history's own user.
        hidden=frozenset(
            {"collective", "place", "year", "combination", "created_by", "created_at"}
        ),
        batched=True,
        group_by="history_change_reason",  # the file the figures were imported from
        phrases={
            "created": audit.plural_phrase(
                "%(n)d population figure imported from %(group)s",
                "%(n)d population figures imported from %(group)s",
            ),
            "changed": audit.plural_phrase(
                "%(n)d population figure changed by %(group)s",
                "%(n)d population figures changed by %(group)s",
            ),
        },
    )
)
audit.register(
    audit.History(
        Assignment,
        collective="collective_id",
        label=_assignment,
        verbose_name=_("reporting assignment"),
        verbose_name_plural=_("reporting assignments"),
        # The running of reporting (who fills in what, which months are shut): the audit log
        # shows it to staff; it would crowd out what members want to hear of in What is new.
        staff_only=True,
        hidden=frozenset({"collective"}),
    )
)
audit.register(
    audit.History(
        PeriodClosure,
        collective="collective_id",
        label=lambda row, name: name("collective"),
        verbose_name=_("closing of periods"),
        verbose_name_plural=_("closings of periods"),
        staff_only=True,  # as assignments
        hidden=frozenset({"collective"}),
    )
)
