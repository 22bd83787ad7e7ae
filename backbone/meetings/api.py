"""JSON API of meetings, decisions and action items: the same services and permission rules
as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from backbone.governance.models import Body
from backbone.lib.api import InputSchema, ParamText, responses
from backbone.meetings import selectors, services
from backbone.meetings.models import ActionItem, Decision, Meeting
from backbone.meetings.permissions import Action
from backbone.network.scope import scope_for

router = Router(tags=["meetings"])


class AgendaItemOut(Schema):
    title: str
    minutes: int | None
    status: str
    carried_over: bool


class MeetingOut(Schema):
    id: int
    title: str
    body: int
    body_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    location: str
    online_url: str
    status: str
    step_free: bool
    interpretation: str
    sign_language: bool
    childcare: bool
    breaks: bool
    travel_support: bool
    lived_experience_last: bool
    invited: int
    present: int


class MeetingDetailOut(MeetingOut):
    items: list[AgendaItemOut]
    decisions: list[int]


class MeetingIn(InputSchema):
    multiline = frozenset({"access_note"})

    body: int
    title: str = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str = "Europe/Kyiv"
    location: str = ""
    online_url: str = ""
    step_free: bool = False
    interpretation: str = ""
    sign_language: bool = False
    childcare: bool = False
    breaks: bool = False
    travel_support: bool = False
    access_note: str = ""
    lived_experience_last: bool = False
    items: list[str] = []


class DecisionOptionOut(Schema):
    id: int
    text: str


class DecisionOut(Schema):
    id: int
    body: int
    body_name: str
    meeting: int | None
    motion: str
    procedure: str
    quorum: int
    status: str
    outcome: str
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    review_on: dt.date | None
    votes_for: int
    votes_against: int
    abstentions: int
    objections: int
    ballots: int
    options: list[DecisionOptionOut]
    score_max: int | None
    chosen: int | None
    ratification: str
    ratified: int
    asked: int


class VoteIn(InputSchema):
    multiline = frozenset({"reason"})

    choice: str
    reason: str = ""
    # Score or ranked choice: option id → score (0 … score_max), or → rank (1 first).
    marks: dict[int, int] = {}


class VoteOut(Schema):
    decision: int
    choice: str
    reason: str
    marks: dict[int, int]


class ActionOut(Schema):
    id: int
    title: str
    owner: int | None
    owner_name: str | None
    owner_organization: int | None
    due: dt.date
    status: str
    overdue: bool
    decision: int | None
    meeting: int | None
    body: int | None


class StatusIn(InputSchema):
    status: str


def _meeting(m: Meeting, present: int | None = None, invited: int | None = None) -> dict:
    return {
        "id": m.pk,
        "title": m.title,
        "body": m.body_id,
        "body_name": m.body.name,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "time_zone": m.time_zone,
        "location": m.location,
        "online_url": m.online_url,
        "status": m.status,
        **{
            name: getattr(m, name)
            for name in (
                "step_free",
                "interpretation",
                "sign_language",
                "childcare",
                "breaks",
                "travel_support",
                "lived_experience_last",
            )
        },
        "invited": getattr(m, "invited", invited) or 0,
        "present": getattr(m, "present", present) or 0,
    }


def _decision(d: Decision) -> dict:
    counts = selectors.counts(d)
    rows = list(d.ratifications.all())
    return {
        "id": d.pk,
        "body": d.body_id,
        "body_name": d.body.name,
        "meeting": d.meeting_id,
        "motion": d.motion,
        "procedure": d.procedure,
        "quorum": d.quorum,
        "status": d.status,
        "outcome": d.outcome,
        "closes_at": d.closes_at,
        "closed_at": d.closed_at,
        "review_on": d.review_on,
        "votes_for": counts["for"],
        "votes_against": counts["against"],
        "abstentions": counts["abstain"],
        "objections": counts["object"],
        "ballots": counts["ballot"],
        "options": [{"id": o.pk, "text": o.text} for o in d.options.all()],
        "score_max": d.score_max if d.procedure == "score" else None,
        "chosen": d.chosen_id,
        "ratification": d.ratification,
        "ratified": sum(r.status == "ratified" for r in rows),
        "asked": len(rows),
    }


def _action(a: ActionItem) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "owner": a.owner_id,
        "owner_name": a.owner.display_name if a.owner else None,
        "owner_organization": a.owner_organization_id,
        "due": a.due,
        "status": a.status,
        "overdue": a.overdue,
        "decision": a.decision_id,
        "meeting": a.meeting_id,
        "body": a.body_id,
    }


@router.get("/collectives/{slug}/meetings", response=responses({200: list[MeetingOut]}))
def list_meetings(request, slug: ParamText):
    """The collective's meetings coming up (soonest first), then the 24 before them."""
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    upcoming, past = selectors.upcoming_and_past(collective)
    return [_meeting(m) for m in [*upcoming, *past]]


@router.get("/collectives/{slug}/meetings/{pk}", response=responses({200: MeetingDetailOut}))
def get_meeting(request, slug: ParamText, pk: int):
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    try:
        meeting = selectors.meeting_page(collective, pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    rows = list(meeting.attendance.all())
    out = _meeting(meeting, present=sum(a.status == "present" for a in rows), invited=len(rows))
    out["items"] = [
        {
            "title": i.title,
            "minutes": i.minutes,
            "status": i.status,
            "carried_over": i.carried_from_id is not None,
        }
        for i in meeting.items.all()
    ]
    out["decisions"] = [d.pk for d in meeting.decisions.all()]
    return out


@router.post("/collectives/{slug}/meetings", response=responses({201: MeetingOut}, body=True))
def create_meeting(request, slug: ParamText, payload: MeetingIn):
    """Schedule a meeting of one of the collective's bodies (its chair, facilitator or staff);
    its current members are invited. Times with an offset; ``time_zone`` is the meeting's."""
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    body = get_object_or_404(Body, pk=payload.body, collective=collective)
    data = payload.dict()
    items = [{"title": t[:300]} for t in data.pop("items") if t.strip()]
    data.pop("body")
    meeting = services.meeting_create(
        body=body,
        by=request.auth,
        starts_at=data.pop("starts_at"),
        ends_at=data.pop("ends_at"),
        time_zone=data.pop("time_zone"),
        items=items,
        **data,
    )
    return Status(201, _meeting(meeting, invited=meeting.attendance.count()))


@router.get("/collectives/{slug}/decisions", response=responses({200: list[DecisionOut]}))
def list_decisions(request, slug: ParamText, q: ParamText = ""):
    """The collective's decisions, newest first; ``q`` searches motions, statements, bodies."""
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    return [_decision(d) for d in selectors.decisions(collective, query=q[:200])[:500]]


@router.get("/collectives/{slug}/decisions/{pk}", response=responses({200: DecisionOut}))
def get_decision(request, slug: ParamText, pk: int):
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    try:
        return _decision(selectors.decision_page(collective, pk))
    except Decision.DoesNotExist:
        raise Http404("No such decision") from None


@router.post(
    "/collectives/{slug}/decisions/{pk}/vote", response=responses({200: VoteOut}, body=True)
)
def vote(request, slug: ParamText, pk: int, payload: VoteIn):
    """The caller's position (a current voting seat in the decision's body), changeable until
    the decision closes."""
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    decision = get_object_or_404(Decision, pk=pk, collective=collective)
    made = services.vote_cast(
        decision=decision,
        by=request.auth,
        choice=payload.choice,
        reason=payload.reason,
        marks=payload.marks,
    )
    return {
        "decision": decision.pk,
        "choice": made.choice,
        "reason": made.reason,
        "marks": {int(k): v for k, v in made.marks.items()},
    }


@router.get("/collectives/{slug}/actions", response=responses({200: list[ActionOut]}))
def list_actions(request, slug: ParamText, mine: bool = False):
    """Action items of the collective and those below it; ``mine``: the caller's own."""
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    person = getattr(request.auth, "person", None) if mine else None
    if mine and person is None:
        return []
    return [_action(a) for a in selectors.actions(collective, person=person)[:1000]]


@router.post(
    "/collectives/{slug}/actions/{pk}/status", response=responses({200: ActionOut}, body=True)
)
def set_action_status(request, slug: ParamText, pk: int, payload: StatusIn):
    collective = scope_for(request, slug, Action.MEETING_VIEW).collective
    action = get_object_or_404(ActionItem, pk=pk, collective_id__in=collective.tree_ids())
    return _action(
        services.action_set_status(action=action, by=request.auth, status=payload.status)
    )
