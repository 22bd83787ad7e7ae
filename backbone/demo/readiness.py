"""The demo's readiness: two closed rounds on the national collective (pre-conditions), one on
an oblast on the same version. Government buy-in is weak in round 1 and better in round 2;
government and NGO respondents disagree sharply on the sense of urgency."""

import datetime as dt
import random
from datetime import date

from django.utils import timezone

from backbone.readiness import services
from backbone.readiness.models import Response, Round

KINDS = ["government"] * 6 + ["ngo"] * 6 + ["community"] * 5 + ["lived_experience"] * 3
OPEN_KINDS = ["government"] * 5 + ["ngo"] * 4 + ["community"] * 3 + ["lived_experience"] * 2


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


def _run(rng, collective, version, title, people, round_number, dates, kinds=KINDS):
    """A round answered by `people` (every third anonymously), dated `dates`: (opened,
    closed) or (opened, None) for a round still open."""
    round = services.round_open(collective=collective, version=version, title=title)
    for i, kind in enumerate(kinds):
        person = people[i] if i < len(people) else None
        services.response_submit(
            round=round,
            kind=kind,
            scores=_scores(rng, version, kind, round_number),
            person=person,
            organization_kind="" if i % 3 == 0 else services.organization_kind(person),
            anonymous=person is None or i % 3 == 0,
        )
    opened, closed = dates
    if closed is not None:
        services.round_close(round=round)
    # Held back then, not the day the demo was built.
    at = None if closed is None else dt.datetime.combine(closed, dt.time(18), tzinfo=dt.UTC)
    Round.objects.filter(pk=round.pk).update(opens_on=opened, closes_on=closed, closed_at=at)
    Response.objects.filter(round=round).update(submitted_on=closed or opened)
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
    # Those without an account answer, so that each demo account can still answer the open
    # round (the chair and the reporter are people of the collective too).
    people = [p for p in people if p.user_id is None]
    _run(rng, national, version, "Readiness 2025", people, 1, (date(2025, 2, 3), date(2025, 2, 28)))
    _run(rng, national, version, "Readiness 2026", people, 2, (date(2026, 2, 2), date(2026, 2, 27)))
    oblast = collectives.get("ua-46")
    if oblast is not None:
        _run(rng, oblast, version, "Readiness, Lviv oblast", people[20:], 2,
             (date(2026, 3, 2), date(2026, 3, 20)))  # fmt: skip
    odesa = collectives.get("ua-51")
    if odesa is not None:
        _run(rng, odesa, version, "Readiness, Odesa oblast", people[60:], 1,
             (date(2026, 4, 6), date(2026, 4, 24)))  # fmt: skip
    # A round still open, for a newcomer to answer (and invite others to).
    _run(rng, national, version, "Readiness check, end of 2026", people[40:], 2,
         (timezone.localdate() - dt.timedelta(days=6), None), kinds=OPEN_KINDS)  # fmt: skip
