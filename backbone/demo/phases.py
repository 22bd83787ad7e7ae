"""The demo's phases: how each collective came to stand where it does (decisions recorded
through the service, so members were told), and the milestones ticked by hand."""

from __future__ import annotations

import datetime as dt
from datetime import date

from backbone.network import services as network
from backbone.phases.models import MilestoneTick
from backbone.phases.services import milestone_tick, phase_move

# slug → the decisions that moved it, in order: (to phase, decided on, the decision).
MOVES = {
    "ukraine": [
        (
            "organize",
            date(2025, 3, 14),
            "Steering committee, 14 March 2025: readiness assessed, champions on board; "
            "we start drafting the common agenda and the shared indicators.",
        ),
    ],
    "ua-46": [
        (
            "organize",
            date(2024, 11, 5),
            "Oblast steering group, 5 November 2024: the oblast's partners agreed to organize.",
        ),
        (
            "sustain",
            date(2026, 6, 18),
            "Oblast steering group, 18 June 2026: two years of figures reported, the agenda "
            "adopted and reviewed; we now sustain and refine.",
        ),
    ],
    "ua-51": [
        (
            "organize",
            date(2025, 9, 30),
            "Oblast meeting, 30 September 2025: the pre-conditions are there; we organize.",
        ),
    ],
    # Kharkiv oblast stays in Phase I: the frontline slowed the start.
}

# slug → (milestone, the note, the day it was ticked).
TICKS = {
    "ukraine": [
        (
            "champions_identified",
            "The Deputy Minister of Social Policy and the Ombudsperson's office chair the "
            "steering committee; two foundations co-fund the backbone.",
            date(2025, 2, 20),
        ),
        (
            "community_outreach",
            "Twelve listening sessions with care leavers and foster families in four oblasts "
            "(report on the shared drive).",
            date(2025, 2, 27),
        ),
    ],
    "ua-46": [
        (
            "champions_identified",
            "The oblast administration's head of children's services.",
            date(2024, 10, 1),
        ),
        ("community_outreach", "Hromada meetings in 2024 in all districts.", date(2024, 12, 9)),
        (
            "learning_routine",
            "Quarterly learning sessions since September 2025.",
            date(2025, 12, 15),
        ),
    ],
    "ua-63": [
        (
            "champions_identified",
            "The regional centre of social services leads.",
            date(2025, 5, 12),
        ),
    ],
}


def build_phases(*, rng, collectives, organizations, people, users, national_slug) -> None:
    staff = users["staff"]
    for slug, moves in MOVES.items():
        collective = collectives[slug]
        # Replayed from the start: the builder created each collective in its phase.
        network.collective_update(collective=collective, phase="initiate")
        for to_phase, decided_on, note in moves:
            phase_move(
                collective=collective,
                to_phase=to_phase,
                note=note,
                by=staff,
                expected=collective.phase,
                decided_on=decided_on,
            )
            collective.refresh_from_db()
    for slug, ticks in TICKS.items():
        for key, note, on in ticks:
            tick = milestone_tick(collective=collectives[slug], key=key, note=note, by=staff)
            # Ticked back then, not the day the demo was built.
            at = dt.datetime.combine(on, dt.time(10), tzinfo=dt.UTC)
            MilestoneTick.objects.filter(pk=tick.pk).update(ticked_at=at)
