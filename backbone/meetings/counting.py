"""Counting ballots that choose among options: score and ranked choice (instant run-off).

Pure functions over plain values (an option is its id), so the rules can be read, shown
on the decision page round by round, and checked against examples and properties without a
database. Neither rule breaks a final tie by lot: the body decides again, which is what a
steering committee would do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScoreResult:
    totals: dict[int, int]  # option → sum of its scores, every ballot scoring every option
    ballots: int
    winner: int | None  # None: no ballot, or the highest total is shared
    tied: tuple[int, ...] = ()  # the options sharing the highest total, when it is shared

    def mean(self, option: int) -> float | None:
        return self.totals[option] / self.ballots if self.ballots else None


def score(options: Sequence[int], ballots: Iterable[Mapping[int, int]]) -> ScoreResult:
    """The option with the highest total wins; a shared highest total is a tie."""
    totals = {o: 0 for o in options}
    n = 0
    for ballot in ballots:
        n += 1
        for option, value in ballot.items():
            if option in totals:
                totals[option] += value
    if not n or not totals:
        return ScoreResult(totals, n, None)
    best = max(totals.values())
    top = tuple(o for o in options if totals[o] == best)
    return ScoreResult(totals, n, top[0] if len(top) == 1 else None, top if len(top) > 1 else ())


@dataclass(frozen=True)
class Round:
    counts: dict[int, int]  # continuing option → ballots whose highest continuing rank it is
    exhausted: int  # ballots that rank no continuing option
    eliminated: tuple[int, ...] = ()  # options out after this round


@dataclass(frozen=True)
class RunoffResult:
    rounds: list[Round] = field(default_factory=list)
    ballots: int = 0
    winner: int | None = None
    tied: tuple[int, ...] = ()  # the options level at the end when no one won


def instant_runoff(options: Sequence[int], ballots: Iterable[Sequence[int]]) -> RunoffResult:
    """Each ballot lists options, first preference first (a ballot may rank only some).

    Each round counts every ballot for its highest-ranked option still in the count. An
    option with more than half of the ballots still counting wins. Otherwise the option
    with the fewest is out and its ballots pass to their next preference; a tie for fewest
    is broken by the earlier rounds (fewest in the latest round where they differ), and
    options level through every round go out together. When all the options left are
    level, it is a tie."""
    ranked = [[o for o in ballot if o in options] for ballot in ballots]
    continuing = list(options)
    rounds: list[Round] = []
    # Each round removes at least one option, so the loop ends within len(options) rounds.
    while continuing:
        counts = {o: 0 for o in continuing}
        exhausted = 0
        for ballot in ranked:
            top = next((o for o in ballot if o in counts), None)
            if top is None:
                exhausted += 1
            else:
                counts[top] += 1
        active = sum(counts.values())
        if not active:
            rounds.append(Round(counts, exhausted))
            return RunoffResult(rounds, len(ranked), None, ())
        leader = max(continuing, key=lambda o: counts[o])
        if counts[leader] * 2 > active or len(continuing) == 1:
            rounds.append(Round(counts, exhausted))
            return RunoffResult(rounds, len(ranked), leader)
        fewest = min(counts.values())
        out = [o for o in continuing if counts[o] == fewest]
        for earlier in reversed(rounds):
            if len(out) == 1:
                break
            least = min(earlier.counts[o] for o in out)
            out = [o for o in out if earlier.counts[o] == least]
        if len(out) == len(continuing):
            rounds.append(Round(counts, exhausted))
            return RunoffResult(rounds, len(ranked), None, tuple(continuing))
        rounds.append(Round(counts, exhausted, tuple(out)))
        continuing = [o for o in continuing if o not in out]
    return RunoffResult(rounds, len(ranked))  # no options at all


def ranking(marks: Mapping[str, int]) -> list[int]:
    """A ballot's marks ({option id: rank}) as its options in order of preference."""
    return [int(option) for option, _rank in sorted(marks.items(), key=lambda kv: kv[1])]
