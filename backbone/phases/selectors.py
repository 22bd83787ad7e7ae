"""A collective's checklist of milestones, phase by phase, and the tree of collectives side
by side."""

from __future__ import annotations

from dataclasses import dataclass, field

from backbone.network.models import Collective, Phase
from backbone.phases.milestones import PHASES, Evidence, Milestone, milestones
from backbone.phases.models import MilestoneTick, PhaseMove


@dataclass
class Item:
    milestone: Milestone
    evidence: Evidence | None  # None: Backbone cannot tell; ticked by hand only
    tick: MilestoneTick | None

    @property
    def automatic(self) -> bool:
        return self.milestone.check is not None

    @property
    def met(self) -> bool:
        return bool((self.evidence and self.evidence.met) or self.tick)

    @property
    def title(self) -> str:
        return str(self.milestone.title)


@dataclass
class PhaseChecklist:
    phase: str
    items: list[Item] = field(default_factory=list)
    current: bool = False

    @property
    def label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def met(self) -> int:
        return sum(item.met for item in self.items)


def checklist(collective: Collective) -> list[PhaseChecklist]:
    ticks = {
        tick.key: tick
        for tick in MilestoneTick.objects.filter(collective=collective, unticked_at=None)
        .select_related("ticked_by")
        .order_by("ticked_at")
    }
    result = []
    for phase in PHASES:
        items = [
            Item(m, m.check(collective) if m.check else None, ticks.get(m.key))
            for m in milestones(phase)
        ]
        result.append(PhaseChecklist(phase, items, current=phase == collective.phase))
    return result


def moves(collective: Collective) -> list[PhaseMove]:
    return list(PhaseMove.objects.filter(collective=collective).select_related("decided_by"))


@dataclass
class TreeRow:
    collective: Collective
    phases: list[PhaseChecklist]


def tree(collective: Collective) -> list[TreeRow]:
    """The collective and every collective below it, each with its checklist."""
    rows = Collective.objects.filter(pk__in=collective.tree_ids()).order_by("level", "name")
    return [TreeRow(row, checklist(row)) for row in rows]
