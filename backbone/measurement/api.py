"""JSON API of shared measurement: indicators, roll-ups, and submissions through the same
pipeline, checks and workflow as the web upload."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from backbone.lib.api import InputSchema, ParamText, responses
from backbone.lib.translation import translations
from backbone.measurement.models import Indicator, Source, Submission
from backbone.measurement.permissions import Action
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.selectors.submissions import submissions_reachable
from backbone.measurement.submissions import replacements, workflow
from backbone.measurement.submissions.imports import ImportRefused, rows_from_grid, store_rows
from backbone.network.models import Organization
from backbone.network.scope import request_scope, scope_for

router = Router(tags=["measurement"])


# Translated texts: ``name`` (and the like) in the reader's language, ``names`` by language.
class DefinitionOut(Schema):
    number: int
    counting_rule: str
    counting_rules: dict[str, str]
    effective_from: str
    change_note: str


class IndicatorOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    description: str
    descriptions: dict[str, str]
    unit: str
    aggregation: str
    time_aggregation: str
    population_rate_per: int | None
    direction: str
    frequency: str
    kind: str
    dimensions: list[str]
    definitions: list[DefinitionOut]

    @staticmethod
    def resolve_names(obj) -> dict[str, str]:
        return translations(obj, "name")

    @staticmethod
    def resolve_descriptions(obj) -> dict[str, str]:
        return translations(obj, "description")

    @staticmethod
    def resolve_dimensions(obj) -> list[str]:
        return [d.code for d in obj.dimensions.all()]

    @staticmethod
    def resolve_definitions(obj) -> list[dict]:
        return [
            {
                "number": v.number,
                "counting_rule": v.counting_rule,
                "counting_rules": translations(v, "counting_rule"),
                "effective_from": v.effective_from.isoformat(),
                "change_note": v.change_note,
            }
            for v in obj.versions.all()
        ]


class RollupOut(Schema):
    indicator: str
    keys: list[str]
    deduplicated: bool
    rows: list[dict]
    notes: list[str]


class ValueIn(InputSchema):
    indicator: str
    place: str
    period: str
    value: float | str
    categories: dict[str, str] = {}


class SubmissionIn(InputSchema):
    organization_id: int
    values: list[ValueIn]
    submit: bool = False


class ProblemOut(Schema):
    row: int | None
    column: str | None
    message: str


class ReplacedOut(Schema):
    """An earlier submission this one replaces; ``approved_at``/``approved_by`` if it counted."""

    id: int
    status: str
    approved_at: datetime | None
    approved_by: str


class SubmissionOut(Schema):
    id: int
    organization_id: int
    status: str
    source: str
    row_count: int
    created_at: datetime
    return_reason: str
    # The checks' warnings, then one per submission it replaces (what approving it retires).
    warnings: list[ProblemOut]
    replaced_ids: list[int] = []
    replaces: list[ReplacedOut] = []


class ChangeOut(Schema):
    kind: str  # changed, added or removed (no longer reported)
    indicator: str
    place: str
    period: str
    categories: list[str]
    old: float | None
    new: float | None


class ChangesOut(Schema):
    """Cell by cell, what approving the submission changes in the figures of ``compared_with``:
    complete ``counts`` and a page of ``changes`` (the first ``limit`` of each kind, or of
    ``kind`` alone, from ``offset``)."""

    compared_with: list[int]
    counts: dict[str, int]
    offset: int
    limit: int
    changes: list[ChangeOut]


class RefusedOut(Schema):
    """Values refused by the checks (``problems``), or a request the schema refuses
    (``errors`` by field, as every operation's 422)."""

    detail: str
    problems: list[ProblemOut] = []
    errors: dict[str, list[str]] = {}


class ReturnIn(InputSchema):
    multiline = frozenset({"reason", "comments"})

    reason: str
    comments: dict[int, str] = {}


@router.get("/collectives/{slug}/indicators", response=responses({200: list[IndicatorOut]}))
def indicator_list(request, slug: ParamText):
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    return Indicator.objects.for_collective(collective).prefetch_related("dimensions", "versions")


@router.get("/collectives/{slug}/indicators/{code}/rollup", response=responses({200: RollupOut}))
def indicator_rollup(request, slug: ParamText, code: ParamText, by: ParamText = ""):
    """Approved figures grouped by comma-separated keys: place:N, period:month|quarter|year,
    or dimension codes (``?by=place:1,period:quarter,sex``)."""
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    try:
        indicator = Indicator.objects.for_collective(collective).get(code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None
    keys = [k for k in by.split(",") if k.strip()]
    result = rollup(indicator=indicator, collective=collective, by=keys)
    return {
        "indicator": indicator.code,
        "keys": result.keys,
        "deduplicated": result.deduplicated,
        "rows": result.rows,
        "notes": result.notes,
    }


def _submission_out(submission: Submission) -> dict:
    # What it replaces is read back from the submission, not only from the upload that made
    # it: every answer (detail, submit, approve, return) says so, as the review page does.
    earlier = replacements.earlier_submissions(submission)
    notices = replacements.replacement_notices(submission, earlier)
    return {
        "id": submission.pk,
        "organization_id": submission.organization_id,
        "status": submission.status,
        "source": submission.source,
        "row_count": submission.row_count,
        "created_at": submission.created_at,
        "return_reason": submission.return_reason,
        "warnings": [
            *submission.warnings,
            *({"row": None, "column": None, "message": text} for text in notices),
        ],
        "replaced_ids": [e.submission.pk for e in earlier],
        "replaces": [
            {
                "id": e.submission.pk,
                "status": e.submission.status,
                "approved_at": e.approved_at,
                "approved_by": e.approved_by,
            }
            for e in earlier
        ],
    }


@router.post(
    "/collectives/{slug}/submissions",
    response=responses({201: SubmissionOut}, body=True, _422=RefusedOut),
)
def submission_create(request, slug: ParamText, payload: SubmissionIn):
    """Store values as a draft (or submit them at once with ``submit: true``). Any problem
    refuses the whole request with each problem's row (1 = the first value) and field."""
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    organization = request_scope(request).get_or_404(
        Organization.objects.all(), payload.organization_id
    )
    request_scope(request).require(Action.SUBMISSION_CREATE, organization)
    entries = [
        {
            "indicator": v.indicator,
            "place": v.place,
            "period": v.period,
            **v.categories,
            "value": v.value,
        }
        for v in payload.values
    ]
    try:
        result = store_rows(
            collective=collective,
            organization=organization,
            user=request.auth,
            table=rows_from_grid(entries),
            source=Source.API,
        )
    except ImportRefused as refusal:
        return Status(
            422,
            {
                "detail": "Nothing was saved.",
                "problems": [p.as_dict() for p in refusal.problems],
            },
        )
    submission = result.submission
    if payload.submit:
        submission = workflow.submission_submit(submission=submission, by=request.auth)
    return Status(201, _submission_out(submission))


def _submission(request, slug: str, pk: int) -> Submission:
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    submission = get_object_or_404(
        submissions_reachable(collective, Submission.objects.select_related("collective")), pk=pk
    )
    if not request_scope(request).can(Action.SUBMISSION_VIEW, submission):
        raise Http404
    return submission


@router.get("/collectives/{slug}/submissions/{pk}", response=responses({200: SubmissionOut}))
def submission_detail(request, slug: ParamText, pk: int):
    return _submission_out(_submission(request, slug, pk))


@router.get(
    "/collectives/{slug}/submissions/{pk}/changes",
    response=responses({200: ChangesOut}, _422=RefusedOut),
)
def submission_changes(
    request,
    slug: ParamText,
    pk: int,
    kind: ParamText = "",
    offset: int = 0,
    limit: int = replacements.SAMPLE,
):
    """What approving the submission changes, cell by cell (old → new), against the earlier
    submissions it replaces; empty counts when it replaces none. ``kind`` (changed, added or
    removed) pages one kind; ``limit`` is at most 1000."""
    submission = _submission(request, slug, pk)
    if kind and kind not in replacements.KINDS:
        return Status(422, {"detail": "kind is one of: " + ", ".join(replacements.KINDS)})
    if offset < 0 or not 0 <= limit <= 1000:
        return Status(422, {"detail": "offset is 0 or more, limit between 0 and 1000."})
    found = replacements.replacement_of(
        submission, limit=limit, offset=offset, kinds=(kind,) if kind else replacements.KINDS
    )
    if found is None:
        counts = dict.fromkeys((*replacements.KINDS, "unchanged"), 0)
        counts["unchanged"] = submission.values.count()
        return {"compared_with": [], "counts": counts, "offset": offset, "limit": limit,
                "changes": []}  # fmt: skip
    return {
        "compared_with": found.compared_with,
        "counts": found.counts,
        "offset": offset,
        "limit": limit,
        "changes": [c.as_dict() for group in found.groups() for c in group["changes"]],
    }


@router.post(
    "/collectives/{slug}/submissions/{pk}/submit", response=responses({200: SubmissionOut})
)
def submission_submit(request, slug: ParamText, pk: int):
    submission = workflow.submission_submit(
        submission=_submission(request, slug, pk), by=request.auth
    )
    return _submission_out(submission)


@router.post(
    "/collectives/{slug}/submissions/{pk}/approve", response=responses({200: SubmissionOut})
)
def submission_approve(request, slug: ParamText, pk: int):
    submission = workflow.submission_approve(
        submission=_submission(request, slug, pk), by=request.auth
    )
    return _submission_out(submission)


@router.post(
    "/collectives/{slug}/submissions/{pk}/return",
    response=responses({200: SubmissionOut}, body=True),
)
def submission_return(request, slug: ParamText, pk: int, payload: ReturnIn):
    submission = workflow.submission_return(
        submission=_submission(request, slug, pk),
        by=request.auth,
        reason=payload.reason,
        comments=payload.comments,
    )
    return _submission_out(submission)
