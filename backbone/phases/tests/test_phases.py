import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from backbone.events.models import Event
from backbone.governance.models import BodyKind, BodyMembership, MemberRole
from backbone.network.models import Phase
from backbone.phases import selectors, services
from backbone.phases.milestones import milestones
from backbone.phases.models import MilestoneTick, PhaseMove
from backbone.testing import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _item(collective, key):
    for phase in selectors.checklist(collective):
        for item in phase.items:
            if item.milestone.key == key:
                return item
    raise AssertionError(f"{key} not in the checklist")


def test_every_phase_has_milestones_from_each_app_and_by_hand():
    keys = {m.key for m in milestones()}
    # Ticked from governance, measurement, readiness and the agenda; and by hand.
    assert {
        "steering_committee_formed",
        "working_groups_chartered",
        "shared_indicators_agreed",
        "data_two_cycles",
        "readiness_assessed",
        "agenda_endorsed",
        "champions_identified",
    } <= keys
    for phase in ("initiate", "organize", "sustain"):
        assert milestones(phase), phase


def test_the_steering_committee_is_formed_once_someone_sits_in_it(world):
    assert not _item(world.national, "steering_committee_formed").met
    steering = BodyFactory(collective=world.national, kind=BodyKind.STEERING, name="Steering")
    assert not _item(world.national, "steering_committee_formed").met  # nobody sits in it
    BodyMembership.objects.create(
        body=steering, person=PersonFactory(collective=world.national), role=MemberRole.CHAIR
    )
    item = _item(world.national, "steering_committee_formed")
    assert item.met and item.automatic and "Steering" in item.evidence.says


def test_working_groups_are_chartered_only_when_each_has_a_scope(world):
    from backbone.governance.services import scope_publish

    item = _item(world.national, "working_groups_chartered")
    assert not item.met and world.body.name in item.evidence.says
    scope_publish(body=world.body, text="What we do.", change_note="", by=world.staff)
    assert _item(world.national, "working_groups_chartered").met


def test_a_hand_tick_needs_a_note_and_stands_once(world):
    with pytest.raises(ValidationError, match="how it was met"):
        services.milestone_tick(
            collective=world.national, key="champions_identified", note="  ", by=world.staff
        )
    with pytest.raises(ValidationError, match="no milestone"):
        services.milestone_tick(collective=world.national, key="nope", note="x", by=world.staff)
    tick = services.milestone_tick(
        collective=world.national, key="champions_identified", note="The minister", by=world.staff
    )
    item = _item(world.national, "champions_identified")
    assert item.met and not item.automatic and item.tick == tick
    with pytest.raises(ValidationError, match="already ticked"):
        services.milestone_tick(
            collective=world.national, key="champions_identified", note="again", by=world.staff
        )
    services.milestone_untick(tick=tick, by=world.staff)
    assert not _item(world.national, "champions_identified").met
    assert MilestoneTick.objects.filter(pk=tick.pk, unticked_at__isnull=False).exists()


def test_a_move_is_a_recorded_decision_and_tells_the_members(world):
    move = services.phase_move(
        collective=world.national,
        to_phase=Phase.ORGANIZE,
        note="Steering committee, 3 March",
        by=world.staff,
        expected=Phase.INITIATE,
        decided_on=dt.date(2026, 3, 3),
    )
    world.national.refresh_from_db()
    assert world.national.phase == Phase.ORGANIZE
    assert (move.from_phase, move.to_phase, move.decided_by) == (
        "initiate",
        "organize",
        world.staff,
    )
    event = Event.objects.get(kind="phase.moved")
    params = event.data["params"]
    assert params["to"]["en"] == "Organize for impact" and params["to"]["uk"] != params["to"]["en"]
    assert (
        world.steering.pk in event.data["audience"] and world.staff.pk not in event.data["audience"]
    )


def test_a_stale_or_empty_move_is_refused_and_changes_nothing(world):
    with pytest.raises(ValidationError, match="already in this phase"):
        services.phase_move(
            collective=world.national,
            to_phase="initiate",
            note="x",
            by=world.staff,
            expected="initiate",
        )
    with pytest.raises(ValidationError, match="while you were looking"):
        services.phase_move(
            collective=world.national,
            to_phase="sustain",
            note="x",
            by=world.staff,
            expected="organize",
        )
    with pytest.raises(ValidationError, match="future"):
        services.phase_move(
            collective=world.national,
            to_phase="organize",
            note="x",
            by=world.staff,
            expected="initiate",
            decided_on=timezone.localdate() + dt.timedelta(days=2),
        )
    world.national.refresh_from_db()
    assert world.national.phase == "initiate"
    assert not PhaseMove.objects.exists()


def test_the_page_ticks_and_moves_for_staff_and_refuses_a_reporter(world, client):
    url = reverse("phases", kwargs={"slug": world.national.slug})
    client.force_login(world.reporter_a)
    page = client.get(url)
    assert (
        page.status_code == 200
        and "Champions" in page.content.decode()
        or "champions" in page.content.decode()
    )
    assert "Record the decision" not in page.content.decode()
    refused = client.post(
        reverse("milestone_tick", kwargs={"slug": world.national.slug}),
        {"key": "champions_identified", "note": "me"},
    )
    assert refused.status_code == 403
    assert not MilestoneTick.objects.exists()

    client.force_login(world.staff)
    client.post(
        reverse("milestone_tick", kwargs={"slug": world.national.slug}),
        {"key": "champions_identified", "note": "The minister"},
    )
    assert MilestoneTick.objects.get().note == "The minister"
    stale = client.post(
        reverse("phase_move", kwargs={"slug": world.national.slug}),
        {"to_phase": "sustain", "expected": "organize", "decided_on": "2026-01-05", "note": "x"},
    )
    assert stale.status_code == 400 and "while you were looking" in stale.content.decode()
    client.post(
        reverse("phase_move", kwargs={"slug": world.national.slug}),
        {"to_phase": "organize", "expected": "initiate", "decided_on": "2026-01-05", "note": "Met"},
    )
    world.national.refresh_from_db()
    assert world.national.phase == "organize"


def test_the_national_page_shows_the_oblasts_side_by_side(world, client):
    world.oblast.phase = "organize"
    world.oblast.save()
    client.force_login(world.staff)
    html = client.get(reverse("phases", kwargs={"slug": world.national.slug})).content.decode()
    assert "Collectives side by side" in html and world.oblast.name in html
    rows = selectors.tree(world.national)
    assert [r.collective for r in rows] == [world.national, world.oblast]
