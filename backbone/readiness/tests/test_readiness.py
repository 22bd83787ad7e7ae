import csv
import io
import json
import statistics

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from backbone.phases.milestones import milestone
from backbone.readiness import selectors, services
from backbone.readiness.models import Answer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def round1(world):
    instrument = services.instrument_copy(collective=world.national, key="preconditions")
    return services.round_open(
        collective=world.national, version=instrument.current_version(), title="First"
    )


def _answer(round, kind, champions, n=1, **kw):
    for _ in range(n):
        services.response_submit(
            round=round, kind=kind, scores={"champions-1": champions, "champions-2": None}, **kw
        )


def test_score_outside_the_scale_is_refused_and_nothing_saved(round1):
    with pytest.raises(ValidationError, match="outside the scale"):
        services.response_submit(round=round1, kind="ngo", scores={"champions-1": 6})
    assert not Response.objects.exists()


def test_closed_round_refuses_answers(round1):
    services.round_close(round=round1)
    with pytest.raises(ValidationError, match="closed"):
        _answer(round1, "ngo", 3)


def test_anonymous_answer_keeps_only_the_kind(world, round1):
    person = world.community.person
    services.response_submit(
        round=round1,
        kind="community",
        scores={"champions-1": 4},
        person=person,
        organization_kind="cbo",
        anonymous=True,
    )
    response = Response.objects.get()
    assert response.person is None and response.organization_kind == ""
    assert response.respondent_kind == "community"


def test_round_on_a_stale_instrument_version_is_refused(world, round1):
    instrument = round1.version.instrument
    old = round1.version
    services.instrument_publish(
        instrument=instrument,
        conditions=old.conditions,
        statements=[*old.statements, {"key": "new-1", "condition": "data", "text": "New"}],
        based_on=1,
    )
    with pytest.raises(ValidationError, match="latest"):
        services.round_open(collective=world.national, version=old, title="Late")


def test_results_score_spread_split_suppression_and_disagreement(round1):
    _answer(round1, "government", 5, n=5)
    _answer(round1, "ngo", 2, n=4)
    _answer(round1, "ngo", 1, n=1)
    _answer(round1, "community", 4, n=2)
    result = {r.key: r for r in selectors.results(round1)}["champions"]
    values = [5] * 5 + [2] * 4 + [1] + [4] * 2
    assert result.score == pytest.approx(sum(values) / len(values))
    assert result.spread == pytest.approx(statistics.pstdev(values))
    assert result.respondents == 12 and result.dont_know == 12
    assert result.by_kind["government"] == 5
    assert result.by_kind["ngo"] == pytest.approx(9 / 5)
    assert result.by_kind["community"] is None  # fewer than 5
    assert result.disagreement  # 5 vs 1.8: more than a quarter of the 1–5 scale


def test_movement_marks_new_conditions(world, round1):
    _answer(round1, "ngo", 2)
    services.round_close(round=round1)
    old = round1.version
    version = services.instrument_publish(
        instrument=old.instrument,
        conditions=[*old.conditions, {"key": "x", "title": "X", "group": "", "description": ""}],
        statements=[*old.statements, {"key": "x-1", "condition": "x", "text": "X"}],
        based_on=1,
    )
    round2 = services.round_open(collective=world.national, version=version, title="Second")
    _answer(round2, "ngo", 4)
    moved = {key: (a, b, new) for key, a, b, new in selectors.movement(round1, round2)}
    assert moved["champions"] == (2, 4, False)
    assert moved["x"] == (None, None, True)
    services.round_close(round=round2)
    assert milestone("readiness_repeated").check(world.national).met


def test_cli_report_csv_and_json(world, round1):
    _answer(round1, "government", 3, n=5)
    out = io.StringIO()
    call_command("readiness", "report", "--collective", "nation", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    champions = next(r for r in rows if r["condition"] == "champions")
    assert champions == {
        **champions,
        "round": 1,
        "score": 3.0,
        "respondents": 5,
        "spread": 0.0,
        "government": 3.0,
    }
    out = io.StringIO()
    call_command("readiness", "report", "--collective", "nation", "--format", "csv", stdout=out)
    first = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert first["condition"] == "champions" and first["score"] == "3.0"
    assert Answer.objects.count() == 10


def test_api_answers_are_staff_only_and_anonymous_answers_untraceable(client, world, round1):
    services.response_submit(
        round=round1,
        kind="community",
        scores={"champions-1": 4},
        person=world.community.person,
        anonymous=True,
    )
    url = "/api/collectives/nation/readiness/rounds/1/answers"
    client.force_login(world.reporter_a)
    assert client.get(url).status_code == 403
    client.force_login(world.staff)
    body = client.get(url).json()
    # One anonymous community answer: even its kind is not given, it would point at them.
    assert body == [
        {
            "respondent": None,
            "respondent_kind": "",
            "submitted_on": body[0]["submitted_on"],
            "statement": "champions-1",
            "condition": "champions",
            "score": 4,
        }
    ]
    assert "Person of community" not in json.dumps(body)
    assert client.get("/api/collectives/nation/readiness/rounds").json()[0]["number"] == 1


def test_report_page_shows_split_and_is_refused_to_outsiders(client, world, round1):
    _answer(round1, "government", 5, n=5)
    _answer(round1, "ngo", 1, n=5)
    client.force_login(world.outsider)
    assert client.get("/c/nation/readiness/1/").status_code == 403
    client.force_login(world.community)
    page = client.get("/c/nation/readiness/1/").content.decode()
    assert "sharp disagreement" in page and "5.00" in page and "1.00" in page


def test_the_report_command_refuses_a_round_that_does_not_exist(round1):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nation has no round 7"):
        call_command("readiness", "report", "--collective", "nation", "--round", "7")


def test_a_copied_instrument_brings_its_rules_and_the_report_picks_the_band(round1):
    rules = round1.version.instrument.recommendations
    assert rules.filter(condition="champions").count() == 2
    _answer(round1, "ngo", 2, n=3)
    (champions,) = [r for r in selectors.results(round1) if r.key == "champions"]
    assert [r.kind for r in champions.recommendations] == ["weakness"]
    assert "champion" in champions.recommendations[0].next_step


def test_a_score_shown_as_3_00_falls_in_the_band_that_starts_at_3(world):
    from decimal import Decimal

    from backbone.readiness.models import Recommendation

    rule = Recommendation(condition="c", band_min=Decimal("3.00"), band_max=Decimal("3.49"),
                          kind="weakness", next_step="x")  # fmt: skip
    assert selectors.recommended([rule], "c", 2.996) == [rule]
    assert selectors.recommended([rule], "c", 2.994) == []
    assert selectors.recommended([rule], "c", None) == []
