"""Shared measurement's models, one module per concept; Django looks for them here.

catalogue: dimensions, categories, combinations, indicators and their versions, targets,
adjustments. submissions: submissions, their events, coverage and values, assignments and
period closures. population: populations. totals: the kept roll-up totals.
"""

from backbone.measurement.models.catalogue import (
    Adjustment,
    Aggregation,
    Category,
    Combination,
    Dimension,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    IndicatorQuerySet,
    IndicatorVersion,
    Target,
    TargetKind,
    TimeAggregation,
    Unit,
)
from backbone.measurement.models.population import Population
from backbone.measurement.models.submissions import (
    LIVE_STATUSES,
    Assignment,
    Coverage,
    PeriodClosure,
    Source,
    Submission,
    SubmissionEvent,
    SubmissionQuerySet,
    SubmissionStatus,
    Value,
    ValueComment,
)
from backbone.measurement.models.totals import (
    ApprovedStock,
    ApprovedTotal,
    RollupPlace,
    RollupState,
)

__all__ = [
    "LIVE_STATUSES",
    "Adjustment",
    "Aggregation",
    "ApprovedStock",
    "ApprovedTotal",
    "Assignment",
    "Category",
    "Combination",
    "Coverage",
    "Dimension",
    "Direction",
    "Frequency",
    "Indicator",
    "IndicatorKind",
    "IndicatorQuerySet",
    "IndicatorVersion",
    "PeriodClosure",
    "Population",
    "RollupPlace",
    "RollupState",
    "Source",
    "Submission",
    "SubmissionEvent",
    "SubmissionQuerySet",
    "SubmissionStatus",
    "Target",
    "TargetKind",
    "TimeAggregation",
    "Unit",
    "Value",
    "ValueComment",
]
