"""JSON API of readiness rounds and their results."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from backbone.lib.api import InputSchema, ParamText, responses
from backbone.network.scope import scope_for
from backbone.readiness import selectors, services
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
    respondent_kind: str  # empty for an anonymous answer of a kind with fewer than 5
    submitted_on: date
    statement: str
    condition: str
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


class ResponseIn(InputSchema):
    kind: str  # government, ngo, community, lived_experience, funder or other
    scores: dict[str, int | None]  # statement key → score on the scale; null: don't know
    anonymous: bool = False


class ResponseOut(Schema):
    round: int
    respondent_kind: str
    anonymous: bool


class RoundIn(InputSchema):
    title: str
    instrument: int  # the instrument's id; the round opens on its latest version
    allows_anonymous: bool = True


@router.post(
    "/collectives/{slug}/readiness/rounds/{number}/responses",
    response=responses({201: ResponseOut}, body=True),
)
def answer_round(request, slug: ParamText, number: int, payload: ResponseIn):
    """Answer a round as the caller's person in the collective, once (anonymously where the
    round allows it: then only the kind of respondent and the day are kept)."""
    collective = scope_for(request, slug, Action.READINESS_ANSWER).collective
    round = get_object_or_404(Round, collective=collective, number=number)
    person = selectors.person_of(request.auth, collective)
    if person is None:
        raise ValidationError(_no_person())
    response = services.response_submit(
        round=round,
        kind=payload.kind,
        scores=payload.scores,
        person=person,
        organization_kind="" if payload.anonymous else services.organization_kind(person),
        anonymous=payload.anonymous,
    )
    return Status(
        201,
        {
            "round": number,
            "respondent_kind": response.respondent_kind,
            "anonymous": response.person_id is None,
        },  # fmt: skip
    )


def _no_person() -> str:
    from django.utils.translation import gettext as _

    return _("You are not recorded as a person of this collective; ask the backbone staff.")


@router.post("/collectives/{slug}/readiness/rounds", response=responses({201: RoundOut}, body=True))
def open_round(request, slug: ParamText, payload: RoundIn):
    from backbone.readiness.models import Instrument

    collective = scope_for(request, slug, Action.READINESS_RUN).collective
    instrument = get_object_or_404(Instrument, pk=payload.instrument, collective=collective)
    round = services.round_open(
        collective=collective,
        version=instrument.current_version(),
        title=payload.title,
        allows_anonymous=payload.allows_anonymous,
    )
    return Status(201, round)


@router.post(
    "/collectives/{slug}/readiness/rounds/{number}/close", response=responses({200: RoundOut})
)
def close_round(request, slug: ParamText, number: int):
    collective = scope_for(request, slug, Action.READINESS_RUN).collective
    return services.round_close(
        round=get_object_or_404(Round, collective=collective, number=number)
    )
