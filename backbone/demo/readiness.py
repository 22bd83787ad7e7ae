"""The demo's readiness: two closed rounds on the national collective (pre-conditions), one on
an oblast on the same version. Government buy-in is weak in round 1 and better in round 2;
government and NGO respondents disagree sharply on the sense of urgency."""

import random

from backbone.readiness import services

KINDS = ["government"] * 6 + ["ngo"] * 6 + ["community"] * 5 + ["lived_experience"] * 3


def _scores(rng, version, kind, round_number):
    scores = {}
    for statement in version.statements:
        condition = statement["condition"]
        base = 3.5
        if condition == "government":
            base = 1.6 if round_number == 1 else 3.6
        elif condition == "urgency":
            base = 4.6 if kind == "government" else 2.0
        score = round(base + rng.uniform(-0.6, 0.6))
        scores[statement["key"]] = None if rng.random() < 0.05 else max(1, min(5, score))
    return scores


def _run(rng, collective, version, title, people, round_number, close=True):
    round = services.round_open(collective=collective, version=version, title=title)
    for i, kind in enumerate(KINDS):
        person = people[i] if i < len(people) else None
        services.response_submit(
            round=round,
            kind=kind,
            scores=_scores(rng, version, kind, round_number),
            person=person,
            anonymous=person is None,
        )
    if close:
        services.round_close(round=round)
    return round


def build_readiness(*, rng, collectives, organizations, people, users, national_slug) -> None:
    # Its own generator: the answers drawn here do not shift the figures of the measurement
    # demo, whose equity flags the browser tests read.
    del rng
    rng = random.Random("readiness")  # noqa: S311 — demo data, not security
    national = collectives[national_slug]
    instrument = services.instrument_copy(
        collective=national, key="preconditions", by=users.get("staff")
    )
    version = instrument.current_version()
    people = list(people)
    _run(rng, national, version, "Readiness 2025", people, 1)
    _run(rng, national, version, "Readiness 2026", people, 2)
    oblast = collectives.get("ua-46")
    if oblast is not None:
        _run(rng, oblast, version, "Readiness ua-46", people, 2)
