"""Recommendation rules of an instrument: the service's checks, the staff's editor, and
readiness in the audit log (rounds and rules, never who answered)."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from backbone.lib import audit
from backbone.readiness import selectors, services
from backbone.readiness.models import Answer, Recommendation, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(world):
    instrument = services.instrument_copy(collective=world.national, key="preconditions")
    # Without the shipped rules, so that each test sets its own.
    instrument.recommendations.all().delete()
    return instrument


@pytest.fixture
def round1(world, instrument):
    return services.round_open(
        collective=world.national, version=instrument.current_version(), title="First"
    )


def _rule(instrument, low, high, kind="weakness", condition="champions", **kw):
    return services.recommendation_save(
        instrument=instrument,
        condition=condition,
        band_min=low,
        band_max=high,
        kind=kind,
        next_step=kw.pop("next_step", "Find a champion."),
        **kw,
    )


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        ("3", "2", "not be below"),
        ("0", "2", "within the scale"),
        ("1", "6", "within the scale"),
        ("x", "2", "must be numbers"),
    ],
)
def test_a_band_out_of_order_or_outside_the_scale_is_refused(instrument, low, high, message):
    with pytest.raises(ValidationError, match=message):
        _rule(instrument, low, high)
    assert not Recommendation.objects.exists()


def test_a_band_overlapping_another_of_the_same_condition_is_refused(instrument):
    _rule(instrument, "1", "2.99")
    with pytest.raises(ValidationError, match="overlaps"):
        _rule(instrument, "2.5", "4", kind="strength")
    _rule(instrument, "2.5", "4", condition="finance")  # another condition: fine
    assert Recommendation.objects.count() == 2


def test_a_rule_needs_a_known_condition_and_a_next_step(instrument):
    with pytest.raises(ValidationError) as error:
        _rule(instrument, "1", "2", condition="nope", next_step="  ")
    assert set(error.value.message_dict) == {"condition", "next_step"}
    assert not Recommendation.objects.exists()


def test_editing_a_rule_may_keep_its_own_band_and_delete_removes_it(instrument):
    rule = _rule(instrument, "1", "2.99")
    _rule(instrument, "1", "3", recommendation=rule, next_step="Changed.")
    rule.refresh_from_db()
    assert rule.band_max == Decimal("3") and rule.next_step == "Changed."
    services.recommendation_delete(recommendation=rule)
    assert not Recommendation.objects.exists()


def test_recommendation_for_picks_the_band_holding_the_score(instrument):
    weak = _rule(instrument, "1", "2.99")
    strong = _rule(instrument, "3.5", "5", kind="strength")
    rules = list(instrument.recommendations.all())
    assert selectors.recommended(rules, "champions", 2.5) == [weak]
    assert selectors.recommended(rules, "champions", 2.994) == [weak]
    assert selectors.recommended(rules, "champions", 3.2) == []  # between bands
    assert selectors.recommended(rules, "champions", 5) == [strong]
    assert selectors.recommended(rules, "finance", 5) == []
    assert selectors.recommended(rules, "champions", None) == []


def test_recommendation_editor_is_staff_only(client, world, instrument):
    url = f"/c/nation/readiness/instruments/{instrument.pk}/recommendations/"
    data = {
        "condition": "champions",
        "band_min": "1",
        "band_max": "2.99",
        "kind": "weakness",
        "next_step": "Find a champion.",
    }
    for user in (world.reporter_a, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url + "new/", data).status_code == 403
    assert not Recommendation.objects.exists()
    client.force_login(world.staff)
    assert client.get(url).status_code == 200
    assert client.post(url + "new/", data).status_code == 302
    rule = Recommendation.objects.get()
    response = client.post(url + f"{rule.pk}/", {**data, "band_min": "4", "band_max": "3"})
    assert response.status_code == 400
    assert "not be below" in response.content.decode()
    rule.refresh_from_db()
    assert rule.band_min == Decimal("1")
    assert client.post(url + f"{rule.pk}/", {**data, "next_step": "Other."}).status_code == 302
    rule.refresh_from_db()
    assert rule.next_step == "Other."
    assert "Other." in client.get(url).content.decode()
    client.force_login(world.reporter_a)
    assert client.post(url + f"{rule.pk}/delete/").status_code == 403
    client.force_login(world.staff)
    assert client.post(url + f"{rule.pk}/delete/").status_code == 302
    assert not Recommendation.objects.exists()


def test_a_rule_of_another_collectives_instrument_is_not_found(client, world, instrument):
    rule = _rule(instrument, "1", "2")
    client.force_login(world.staff)
    other = services.instrument_copy(collective=world.oblast, key="preconditions")
    url = f"/c/ua-46/readiness/instruments/{other.pk}/recommendations/{rule.pk}/"
    assert client.get(url).status_code == 404


def test_readiness_records_in_the_audit_but_not_answers(client, world, instrument, round1):
    from backbone.home.audit import audit_entries
    from backbone.readiness.models import Instrument, InstrumentVersion, Round

    models = {source.model for source in audit.registered()}
    assert {Instrument, InstrumentVersion, Round, Recommendation} <= models
    assert not {Response, Answer} & models
    _rule(instrument, "1", "2", next_step="Find a champion.")
    services.response_submit(
        round=round1,
        kind="community",
        scores={"champions-1": 4},
        person=world.community.person,
        anonymous=True,
    )
    services.round_close(round=round1)
    entries = audit_entries(world.national, viewer=world.staff)
    kinds = {(e.model, e.kind) for e in entries}
    assert ("readiness round", "created") in kinds and ("readiness round", "changed") in kinds
    assert ("readiness recommendation", "created") in kinds
    assert any(e.model == "version of a readiness instrument" for e in entries)
    # The person exists in the network's log; nothing of readiness names them or the answer.
    readiness = [e for e in entries if "readiness" in e.model]
    text = json.dumps([(e.label, [str(c) for c in e.changes]) for e in readiness], default=str)
    assert "Person of community" not in text
    assert not [e for e in entries if e.model in ("response", "answer")]
    client.force_login(world.staff)
    assert "First (1)" in client.get("/c/nation/audit/").content.decode()
