"""JSON API of a collective's phase: its checklist, the moves decided, ticks by hand."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from backbone.lib.api import InputSchema, ParamText, responses
from backbone.network.scope import scope_for
from backbone.phases import selectors, services
from backbone.phases.models import MilestoneTick
from backbone.phases.permissions import Action

router = Router(tags=["phases"])


class ItemOut(Schema):
    key: str
    title: str
    automatic: bool  # Backbone tells from what it holds; otherwise ticked by hand only
    met: bool
    evidence: str | None  # what Backbone found, when it can tell
    tick: int | None  # the standing tick by hand, if any
    ticked_by: str | None
    tick_note: str | None


class PhaseOut(Schema):
    phase: str
    label: str
    current: bool
    met: int
    items: list[ItemOut]


class MoveOut(Schema):
    from_phase: str
    to_phase: str
    decided_on: dt.date
    note: str
    decided_by: str | None


class PhasesOut(Schema):
    collective: str
    phase: str
    checklist: list[PhaseOut]
    moves: list[MoveOut]


class TickIn(InputSchema):
    multiline = frozenset({"note"})

    key: str
    note: str


class TickOut(Schema):
    id: int
    key: str
    note: str


class MoveIn(InputSchema):
    multiline = frozenset({"note"})

    to_phase: str
    expected: str  # the phase the caller saw; a move decided meanwhile refuses this one
    note: str
    decided_on: dt.date | None = None


def _phases(collective) -> dict:
    checklist = [
        {
            "phase": phase.phase,
            "label": phase.label,
            "current": phase.current,
            "met": phase.met,
            "items": [
                {
                    "key": item.milestone.key,
                    "title": item.title,
                    "automatic": item.automatic,
                    "met": item.met,
                    "evidence": item.evidence.says if item.evidence else None,
                    "tick": item.tick.pk if item.tick else None,
                    "ticked_by": str(item.tick.ticked_by) if item.tick else None,
                    "tick_note": item.tick.note if item.tick else None,
                }
                for item in phase.items
            ],
        }
        for phase in selectors.checklist(collective)
    ]
    return {
        "collective": collective.slug,
        "phase": collective.phase,
        "checklist": checklist,
        "moves": [_move(move) for move in selectors.moves(collective)],
    }


def _move(move) -> dict:
    return {
        "from_phase": move.from_phase,
        "to_phase": move.to_phase,
        "decided_on": move.decided_on,
        "note": move.note,
        "decided_by": str(move.decided_by) if move.decided_by else None,
    }


@router.get("/collectives/{slug}/phases", response=responses({200: PhasesOut}))
def get_phases(request, slug: ParamText):
    """The collective's phase, its checklist phase by phase, and the moves decided so far."""
    return _phases(scope_for(request, slug, Action.PHASE_VIEW).collective)


@router.get("/collectives/{slug}/phases/tree", response=responses({200: list[PhasesOut]}))
def get_tree(request, slug: ParamText):
    """The collective and every collective below it, each with its phase and checklist."""
    collective = scope_for(request, slug, Action.PHASE_VIEW).collective
    return [_phases(row.collective) for row in selectors.tree(collective)]


@router.post("/collectives/{slug}/phases/ticks", response=responses({201: TickOut}, body=True))
def tick(request, slug: ParamText, payload: TickIn):
    collective = scope_for(request, slug, Action.PHASE_MANAGE).collective
    made = services.milestone_tick(
        collective=collective, key=payload.key, note=payload.note, by=request.auth
    )
    return Status(201, made)


@router.delete("/collectives/{slug}/phases/ticks/{pk}", response=responses({204: None}))
def untick(request, slug: ParamText, pk: int):
    """Untick: the tick stays in the history with the time it was withdrawn."""
    collective = scope_for(request, slug, Action.PHASE_MANAGE).collective
    services.milestone_untick(
        tick=get_object_or_404(MilestoneTick, pk=pk, collective=collective), by=request.auth
    )
    return Status(204, None)


@router.post("/collectives/{slug}/phases/moves", response=responses({201: MoveOut}, body=True))
def move(request, slug: ParamText, payload: MoveIn):
    collective = scope_for(request, slug, Action.PHASE_MANAGE).collective
    made = services.phase_move(collective=collective, by=request.auth, **payload.dict())
    return Status(201, _move(made))
