"""The milestones of the three phases of Collective Impact, and how each is ticked.

Each app registers the milestones it can tell about (from its AppConfig.ready): readiness
says whether an assessment round was completed, the agenda whether a version was endorsed,
governance whether a steering committee sits, measurement whether data came in for two
cycles. A milestone that nothing in Backbone can see (champions identified, say) has no
`check` and is ticked by hand, with a note. This module imports no model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The phases in order; the values are those of network.models.Phase.
PHASES = ("initiate", "organize", "sustain")


@dataclass(frozen=True)
class Evidence:
    """What a check found: whether the milestone is met, and a sentence saying why (shown
    beside the tick, e.g. "Round 2 closed on 12 March 2026 with 34 answers") with a link."""

    met: bool
    says: str = ""
    url: str = ""


@dataclass(frozen=True)
class Milestone:
    key: str  # stable: a ticked-by-hand record keeps it
    phase: str  # one of PHASES
    order: int  # its place in the phase's checklist
    title: Callable[[], str]  # in the reader's language (a lazy string or a function)
    check: Callable[[Any], Evidence] | None = None  # collective → evidence; None: by hand


_MILESTONES: dict[str, Milestone] = {}


def register(milestone: Milestone) -> None:
    if milestone.phase not in PHASES:
        raise ValueError(f"Unknown phase {milestone.phase!r} for milestone {milestone.key!r}")
    known = _MILESTONES.get(milestone.key)
    if known is not None and known != milestone:
        raise ValueError(f"Two milestones named {milestone.key!r}")
    _MILESTONES[milestone.key] = milestone


def milestones(phase: str | None = None) -> list[Milestone]:
    found = [m for m in _MILESTONES.values() if phase is None or m.phase == phase]
    return sorted(found, key=lambda m: (PHASES.index(m.phase), m.order, m.key))


def milestone(key: str) -> Milestone:
    try:
        return _MILESTONES[key]
    except KeyError:
        raise LookupError(f"No milestone {key!r}") from None
