"""JSON API of readiness rounds and their results."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from backbone.lib.api import ParamText, responses
from backbone.network.scope import scope_for
from backbone.readiness import selectors
from backbone.readiness.models import Round
from backbone.readiness.permissions import Action

router = Router(tags=["readiness"])


class RoundOut(Schema):
    number: int
    title: str
    version: int
    opens_on: date
    closed: bool
    allows_anonymous: bool

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.version.number

    @staticmethod
    def resolve_closed(obj) -> bool:
        return obj.closed_at is not None


class AnswerOut(Schema):
    respondent: str | None  # the person's name; None when anonymous
    respondent_kind: str
    submitted_on: date
    statement: str
    score: int | None


@router.get("/collectives/{slug}/readiness/rounds", response=responses({200: list[RoundOut]}))
def list_rounds(request, slug: ParamText):
    collective = scope_for(request, slug, Action.READINESS_VIEW).collective
    return Round.objects.filter(collective=collective).select_related("version")


@router.get(
    "/collectives/{slug}/readiness/rounds/{number}/results", response=responses({200: list[dict]})
)
def round_results(request, slug: ParamText, number: int):
    collective = scope_for(request, slug, Action.READINESS_VIEW).collective
    get_object_or_404(Round, collective=collective, number=number)
    return selectors.report_rows(collective, number)


@router.get(
    "/collectives/{slug}/readiness/rounds/{number}/answers",
    response=responses({200: list[AnswerOut]}),
)
def round_answers(request, slug: ParamText, number: int):
    collective = scope_for(request, slug, Action.READINESS_RUN).collective
    round = get_object_or_404(Round, collective=collective, number=number)
    return selectors.answer_rows(round)
