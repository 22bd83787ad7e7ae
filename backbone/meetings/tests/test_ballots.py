"""Score and ranked-choice decisions: the counting rules (examples and properties against a
plain recomputation), the service's checks of options and ballots, the page and the API."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from backbone.meetings import counting, services
from backbone.meetings.exports import decisions_table
from backbone.meetings.models import Choice, DecisionStatus, Outcome, Procedure, RatificationRule
from backbone.meetings.tests.test_services import make_meeting, propose, seat_personas
from backbone.meetings.tests.test_services import member as seated_member

# The counting rules, by example.


def test_score_the_highest_total_wins_and_a_shared_one_is_a_tie():
    result = counting.score([1, 2, 3], [{1: 5, 2: 3, 3: 0}, {1: 1, 2: 4, 3: 2}])
    assert result.totals == {1: 6, 2: 7, 3: 2}
    assert (result.winner, result.tied, result.ballots) == (2, (), 2)
    assert result.mean(2) == 3.5
    level = counting.score([1, 2], [{1: 3, 2: 1}, {1: 1, 2: 3}])
    assert (level.winner, level.tied) == (None, (1, 2))
    nobody = counting.score([1, 2], [])
    assert (nobody.winner, nobody.tied, nobody.mean(1)) == (None, (), None)


def test_runoff_a_majority_of_first_choices_wins_in_the_first_round():
    result = counting.instant_runoff([1, 2, 3], [[1], [1, 2], [2, 3]])
    assert result.winner == 1 and len(result.rounds) == 1
    assert result.rounds[0].counts == {1: 2, 2: 1, 3: 0}


def test_runoff_transfers_change_the_winner_that_first_choices_alone_would_give():
    # First choices: A 4, B 3, C 2. C goes out; both its ballots pass to B, which wins 5 to 4.
    ballots = [["A"]] * 4 + [["B", "A"]] * 3 + [["C", "B"]] * 2
    result = counting.instant_runoff(["A", "B", "C"], ballots)
    assert [r.counts for r in result.rounds] == [{"A": 4, "B": 3, "C": 2}, {"A": 4, "B": 5}]
    assert result.rounds[0].eliminated == ("C",)
    assert result.winner == "B"


def test_runoff_ballots_with_no_option_left_are_exhausted_and_the_majority_is_of_the_rest():
    # C out first; its ballot ranks nothing else. A then leads 2 to 1 of the three left counting.
    ballots = [["A"], ["A"], ["B"], ["C"]]
    result = counting.instant_runoff(["A", "B", "C"], ballots)
    assert result.rounds[0].counts == {"A": 2, "B": 1, "C": 1}
    # B and C are level with one each and no earlier round: both go out together.
    assert result.rounds[0].eliminated == ("B", "C")
    assert (result.winner, result.rounds[1].exhausted) == ("A", 2)


def test_runoff_a_tie_for_fewest_is_broken_by_the_earlier_round():
    # Round 1: A 3, B 2, C 2, D 1 → D out, passing to C. Round 2: A 3, B 2, C 3 → B out.
    ballots = [["A"]] * 3 + [["B", "C"]] * 2 + [["C", "B"]] * 2 + [["D", "C"]]
    result = counting.instant_runoff(["A", "B", "C", "D"], ballots)
    assert result.rounds[1].counts == {"A": 3, "B": 2, "C": 3}
    assert result.rounds[1].eliminated == ("B",)
    assert result.winner == "C"
    # Round 1: A 4, B 3, C 2, D 1 → D out, passing to C. Round 2: A 4, B 3, C 3: B and C are
    # level, but C had fewer in round 1, so C goes out and its ballots make B win 6 to 4.
    ballots = [["A"]] * 4 + [["B"]] * 3 + [["C", "B"]] * 2 + [["D", "C", "B"]]
    result = counting.instant_runoff(["A", "B", "C", "D"], ballots)
    assert [r.eliminated for r in result.rounds] == [("D",), ("C",), ()]
    assert result.rounds[2].counts == {"A": 4, "B": 6}
    assert result.winner == "B"


def test_runoff_all_options_level_to_the_end_is_a_tie():
    result = counting.instant_runoff(["A", "B"], [["A", "B"], ["B", "A"]])
    assert (result.winner, result.tied) == (None, ("A", "B"))
    assert counting.instant_runoff(["A", "B"], []).winner is None


# The counting rules, as properties against a plain recomputation.

OPTIONS = ["A", "B", "C", "D"]
rankings = st.lists(
    st.permutations(OPTIONS).flatmap(lambda p: st.integers(1, 4).map(lambda k: p[:k])), max_size=30
)


@settings(max_examples=200, deadline=None)
@given(rankings, st.randoms(use_true_random=False))
def test_runoff_properties(ballots, rnd):
    result = counting.instant_runoff(OPTIONS, ballots)
    firsts = Counter(b[0] for b in ballots)
    # Each round accounts for every ballot, and the first one counts first choices.
    for round_ in result.rounds:
        assert sum(round_.counts.values()) + round_.exhausted == len(ballots)
    if ballots:
        assert result.rounds[0].counts == {o: firsts[o] for o in OPTIONS}
    assert len(result.rounds) <= len(OPTIONS)
    # A majority of first choices wins.
    majority = [o for o in OPTIONS if firsts[o] * 2 > len(ballots)]
    if majority:
        assert result.winner == majority[0]
    # The winner had more than half of the ballots still counting in the last round, or was
    # the only option left.
    if result.winner is not None:
        last = result.rounds[-1].counts
        assert last[result.winner] * 2 > sum(last.values()) or len(last) == 1
    else:
        assert not ballots or len(set(result.rounds[-1].counts.values())) == 1
    # The order the ballots came in does not matter.
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    again = counting.instant_runoff(OPTIONS, shuffled)
    assert (again.winner, again.tied) == (result.winner, result.tied)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({o: st.integers(0, 5) for o in OPTIONS}), max_size=20))
def test_score_properties(ballots):
    result = counting.score(OPTIONS, ballots)
    totals = {o: sum(b[o] for b in ballots) for o in OPTIONS}
    assert result.totals == totals
    best = max(totals.values())
    top = [o for o in OPTIONS if totals[o] == best]
    if not ballots:
        assert result.winner is None
    elif len(top) == 1:
        assert result.winner == top[0]
    else:
        assert result.winner is None and list(result.tied) == top


# Putting a choice among options to a body.


def test_options_are_written_once_each_and_only_for_score_and_ranked_choice(world):
    with pytest.raises(ValidationError) as one:
        propose(world, Procedure.RANKED, options=["Only one"])
    assert "at least two options" in str(one.value)
    with pytest.raises(ValidationError) as twice:
        propose(world, Procedure.SCORE, options=["Lviv", "lviv ", "Kyiv"])
    assert "written twice" in str(twice.value)
    with pytest.raises(ValidationError) as motion:
        propose(world, Procedure.MAJORITY, options=["Lviv", "Kyiv"])
    assert "Options are for score and ranked choice" in str(motion.value)
    with pytest.raises(ValidationError) as scale:
        propose(world, Procedure.SCORE, options=["Lviv", "Kyiv"], score_max=11)
    assert "from 1 to 10" in str(scale.value)
    with pytest.raises(ValidationError):
        propose(world, Procedure.SCORE, options=["x" * 201, "Kyiv"])
    decision = propose(world, Procedure.SCORE, options=["  Lviv ", "", "Kyiv"], score_max=3)
    assert [o.text for o in decision.options.all()] == ["Lviv", "Kyiv"]
    assert decision.score_max == 3


def _ids(decision):
    return [o.pk for o in decision.options.all()]


def test_a_score_ballot_scores_every_option_within_the_scale(world):
    seat_personas(world)
    decision = propose(world, Procedure.SCORE, options=["Lviv", "Kyiv", "Odesa"], score_max=5)
    lviv, kyiv, odesa = _ids(decision)
    for marks, says in (
        ({lviv: 5, kyiv: 2}, "“Odesa” has none"),
        ({lviv: 5, kyiv: 2, odesa: 6}, "from 0 to 5"),
        ({lviv: 5, kyiv: 2, odesa: 1, 99999: 1}, "not an option"),
        ({lviv: "many", kyiv: 2, odesa: 1}, "whole number"),
    ):
        with pytest.raises(ValidationError) as error:
            services.vote_cast(decision=decision, by=world.community, choice="ballot", marks=marks)
        assert says in str(error.value), marks
    with pytest.raises(ValidationError):
        services.vote_cast(decision=decision, by=world.community, choice=Choice.FOR)
    assert not decision.votes.exists()
    vote = services.vote_cast(
        decision=decision, by=world.community, choice="ballot", marks={lviv: 5, kyiv: 2, odesa: 0}
    )
    assert vote.marks == {str(lviv): 5, str(kyiv): 2, str(odesa): 0}


def test_a_ranked_ballot_numbers_its_choices_from_one_without_gaps(world):
    seat_personas(world)
    decision = propose(world, Procedure.RANKED, options=["Lviv", "Kyiv", "Odesa"])
    lviv, kyiv, odesa = _ids(decision)
    for marks in ({}, {lviv: 2}, {lviv: 1, kyiv: 1}, {lviv: 1, kyiv: 3}):
        with pytest.raises(ValidationError):
            services.vote_cast(decision=decision, by=world.community, choice="ballot", marks=marks)
    vote = services.vote_cast(
        decision=decision, by=world.community, choice="ballot", marks={odesa: 1, lviv: 2}
    )
    assert counting.ranking(vote.marks) == [odesa, lviv]
    abstained = services.vote_cast(decision=decision, by=world.community, choice="abstain")
    assert (abstained.choice, abstained.marks) == ("abstain", {})


def test_a_motion_takes_no_ballot(world):
    seat_personas(world)
    decision = propose(world, Procedure.MAJORITY)
    with pytest.raises(ValidationError):
        services.vote_cast(decision=decision, by=world.community, choice="ballot", marks={1: 1})


def test_closing_a_ranked_choice_records_the_option_chosen_after_transfers(world):
    seat_personas(world)
    decision = propose(world, Procedure.RANKED, options=["Lviv", "Kyiv", "Odesa"], quorum=3)
    lviv, kyiv, odesa = _ids(decision)
    services.vote_cast(
        decision=decision, by=world.facilitator, choice="ballot", marks={lviv: 1, kyiv: 2}
    )
    services.vote_cast(decision=decision, by=world.community, choice="ballot", marks={kyiv: 1})
    services.vote_cast(
        decision=decision, by=world.reporter_a, choice="ballot", marks={odesa: 1, lviv: 2}
    )
    closed = services.decision_close(decision=decision, by=world.facilitator)
    # Round 1: one each; all level in the only round → all out together would leave none: tie.
    assert (closed.outcome, closed.chosen) == (Outcome.TIE, None)

    again = propose(world, Procedure.RANKED, options=["Lviv", "Kyiv", "Odesa"])
    lviv, kyiv, odesa = _ids(again)
    services.vote_cast(
        decision=again, by=world.facilitator, choice="ballot", marks={lviv: 1, kyiv: 2}
    )
    services.vote_cast(decision=again, by=world.community, choice="ballot", marks={kyiv: 1})
    services.vote_cast(decision=again, by=world.reporter_a, choice="ballot", marks={kyiv: 1})
    closed = services.decision_close(decision=again, by=world.facilitator)
    assert (closed.outcome, closed.chosen.text) == (Outcome.ADOPTED, "Kyiv")


def test_a_score_decision_below_its_quorum_counts_abstentions_toward_it(world):
    seat_personas(world)
    decision = propose(world, Procedure.SCORE, options=["Lviv", "Kyiv"], quorum=2)
    lviv, kyiv = _ids(decision)
    services.vote_cast(
        decision=decision, by=world.community, choice="ballot", marks={lviv: 1, kyiv: 4}
    )
    assert services.outcome_of(decision, services.tally(decision)) == Outcome.NO_QUORUM
    services.vote_cast(decision=decision, by=world.reporter_a, choice="abstain")
    closed = services.decision_close(decision=decision, by=world.facilitator)
    assert (closed.outcome, closed.chosen_id) == (Outcome.ADOPTED, kyiv)


def test_an_option_chosen_under_a_ratification_rule_waits_for_the_collectives_below(world):
    seat_personas(world)
    decision = propose(
        world,
        Procedure.SCORE,
        options=["Lviv", "Kyiv"],
        ratification=RatificationRule.ALL,
    )
    lviv, kyiv = _ids(decision)
    services.vote_cast(
        decision=decision, by=world.community, choice="ballot", marks={lviv: 5, kyiv: 4}
    )
    closed = services.decision_close(decision=decision, by=world.facilitator)
    assert closed.outcome == Outcome.PENDING_RATIFICATION
    assert closed.chosen_id == lviv
    assert closed.ratifications.count() == world.national.children.count()


def test_the_export_counts_ballots_as_for(world):
    seat_personas(world)
    decision = propose(world, Procedure.RANKED, options=["Lviv", "Kyiv"])
    lviv, kyiv = _ids(decision)
    services.vote_cast(decision=decision, by=world.community, choice="ballot", marks={lviv: 1})
    services.vote_cast(decision=decision, by=world.reporter_a, choice="abstain")
    services.decision_close(decision=decision, by=world.facilitator)
    row = next(r for r in decisions_table(world.national) if r["procedure"] == "ranked")
    assert (row["outcome"], row["votes_for"], row["abstentions"]) == ("adopted", 1, 1)


def test_the_sweep_closing_a_decision_under_the_rule_records_it_as_not_followed(world):
    seat_personas(world)
    meeting = make_meeting(world, lived_experience_last=True)
    decision = propose(world, meeting=meeting, closes_at=timezone.now() + dt.timedelta(hours=1))
    assert decision.lived_experience_last is True  # on, not yet said
    assert services.close_due_decisions(now=timezone.now() + dt.timedelta(hours=2)) == 1
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CLOSED
    assert (decision.lived_experience_last, decision.rule_note) == (False, "")
    row = next(r for r in decisions_table(world.national) if r["motion"] == decision.motion)
    assert row["lived_experience_last"] == "no"


# The page and the API.


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_takes_a_ballot_hides_the_count_until_it_closes_then_shows_the_rounds(world):
    seat_personas(world)
    decision = propose(
        world, Procedure.RANKED, options=["Lviv", "Kyiv", "Odesa"], motion="Where we meet"
    )
    lviv, kyiv, odesa = _ids(decision)
    url = f"/c/nation/decisions/{decision.pk}/"
    member = _client(world.community)
    html = member.get(url).content.decode()
    assert "Rank the options you can accept" in html
    assert f'name="option_{lviv}"' in html
    assert "The count is shown once the decision closes" in html
    posted = member.post(
        f"{url}vote/", {f"option_{kyiv}": "1", f"option_{odesa}": "2", "choice": "ballot"}
    )
    assert posted.status_code == 302
    assert decision.votes.get().marks == {str(kyiv): 1, str(odesa): 2}
    wrong = member.post(f"{url}vote/", {f"option_{kyiv}": "2", "choice": "ballot"}, follow=True)
    assert "Rank the options 1, 2, 3" in wrong.content.decode()
    assert decision.votes.get().marks == {str(kyiv): 1, str(odesa): 2}  # unchanged
    _client(world.reporter_a).post(
        f"{url}vote/", {f"option_{lviv}": "1", f"option_{odesa}": "2", "choice": "ballot"}
    )
    # Round 1: Odesa 2, Kyiv 1, Lviv 1 of 4, no majority; Kyiv and Lviv go out together and
    # their ballots pass to Odesa.
    _client(world.facilitator).post(f"{url}vote/", {f"option_{odesa}": "1", "choice": "ballot"})
    services.vote_cast(
        decision=decision, by=seated_member(world), choice="ballot", marks={odesa: 1}
    )
    _client(world.facilitator).post(f"{url}close/", {"statement": "We meet in Odesa."})
    html = member.get(url).content.decode()
    assert "Option chosen" in html and "<strong>Odesa</strong>" in html
    assert "Round 1" in html and "Round 2" in html
    assert "out after round 1" in html
    assert "1. Kyiv, 2. Odesa" in html  # who ranked what, once closed


def test_a_score_ballot_from_the_page_and_an_abstention(world):
    seat_personas(world)
    decision = propose(world, Procedure.SCORE, options=["Lviv", "Kyiv"], score_max=3)
    lviv, kyiv = _ids(decision)
    url = f"/c/nation/decisions/{decision.pk}/"
    member = _client(world.community)
    assert "Score each option from 0 to 3" in member.get(url).content.decode()
    member.post(f"{url}vote/", {f"option_{lviv}": "3", f"option_{kyiv}": "1", "choice": "ballot"})
    _client(world.reporter_a).post(
        f"{url}vote/", {f"option_{lviv}": "0", f"option_{kyiv}": "0", "choice": "abstain"}
    )
    choices = dict(decision.votes.values_list("person__user__username", "choice"))
    assert sorted(choices.values()) == ["abstain", "ballot"]
    _client(world.facilitator).post(f"{url}close/", {})
    html = member.get(url).content.decode()
    assert "The count of 1 ballot" in html and "Lviv: 3, Kyiv: 1" in html


def test_the_decision_form_puts_options_one_per_line(world):
    client = _client(world.facilitator)
    closes = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/c/nation/decisions/new/",
        {
            "body": world.body.pk,
            "motion": "Which module first",
            "procedure": "score",
            "options": "Kinship care\nFoster care\n",
            "score_max": "4",
            "closes_at": closes,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    refused = client.post(
        "/c/nation/decisions/new/",
        {"body": world.body.pk, "motion": "x", "procedure": "ranked", "options": "One"},
    )
    assert refused.status_code == 400
    assert "at least two options" in refused.content.decode()


def test_a_ballot_through_the_api(world):
    seat_personas(world)
    decision = propose(world, Procedure.RANKED, options=["Lviv", "Kyiv"])
    lviv, kyiv = _ids(decision)
    url = f"/api/collectives/nation/decisions/{decision.pk}"
    shown = _client(world.community).get(url).json()
    assert [o["text"] for o in shown["options"]] == ["Lviv", "Kyiv"]
    assert shown["chosen"] is None and shown["score_max"] is None
    ok = _client(world.community).post(
        f"{url}/vote",
        {"choice": "ballot", "marks": {str(kyiv): 1, str(lviv): 2}},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["marks"] == {str(kyiv): 1, str(lviv): 2}
    bad = _client(world.community).post(
        f"{url}/vote",
        {"choice": "ballot", "marks": {str(kyiv): 3}},
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)
    assert "Rank the options" in bad.content.decode()
    assert _client(world.community).get(url).json()["ballots"] == 1
