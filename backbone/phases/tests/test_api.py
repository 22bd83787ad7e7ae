import pytest

from backbone.accounts.services import api_token_create
from backbone.phases.models import MilestoneTick, PhaseMove

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, raw = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_member_reads_the_checklist_phase_by_phase(client, world):
    answer = client.get("/api/collectives/nation/phases", **_auth(world.community))
    assert answer.status_code == 200
    body = answer.json()
    assert [p["phase"] for p in body["checklist"]] == ["initiate", "organize", "sustain"]
    items = {i["key"]: i for p in body["checklist"] for i in p["items"]}
    assert items["champions_identified"]["automatic"] is False
    assert items["steering_committee_formed"]["automatic"] is True
    assert items["steering_committee_formed"]["evidence"]


def test_the_tree_lists_the_collective_and_its_oblasts(client, world):
    answer = client.get("/api/collectives/nation/phases/tree", **_auth(world.staff))
    assert [row["collective"] for row in answer.json()] == ["nation", "ua-46"]


def test_staff_ticks_unticks_and_moves_through_the_api(client, world):
    auth = _auth(world.staff)
    made = client.post(
        "/api/collectives/nation/phases/ticks",
        {"key": "champions_identified", "note": "Three champions named in March."},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    assert MilestoneTick.objects.get(pk=made.json()["id"]).ticked_by == world.staff
    items = {
        i["key"]: i
        for p in client.get("/api/collectives/nation/phases", **auth).json()["checklist"]
        for i in p["items"]
    }
    assert items["champions_identified"]["met"] is True
    assert items["champions_identified"]["tick_note"] == "Three champions named in March."
    gone = client.delete(f"/api/collectives/nation/phases/ticks/{made.json()['id']}", **auth)
    assert gone.status_code == 204
    assert MilestoneTick.objects.get(pk=made.json()["id"]).unticked_at is not None
    moved = client.post(
        "/api/collectives/nation/phases/moves",
        {"to_phase": "organize", "expected": world.national.phase, "note": "Agreed in June."},
        content_type="application/json",
        **auth,
    )
    assert moved.status_code == 201, moved.content
    assert moved.json()["decided_by"] == str(world.staff)
    world.national.refresh_from_db()
    assert world.national.phase == "organize"


def test_a_stale_move_is_refused_with_its_message_and_nothing_changes(client, world):
    world.national.phase = "organize"
    world.national.save(update_fields=["phase"])
    answer = client.post(
        "/api/collectives/nation/phases/moves",
        {"to_phase": "sustain", "expected": "initiate", "note": "x"},
        content_type="application/json",
        **_auth(world.staff),
    )
    assert answer.status_code == 422
    assert "while you were looking" in str(answer.json())
    assert not PhaseMove.objects.exists()


@pytest.mark.parametrize("who", ["reporter_a", "community"])
def test_members_without_the_right_cannot_tick_or_move(client, world, who):
    user = getattr(world, who)
    answer = client.post(
        "/api/collectives/nation/phases/ticks",
        {"key": "champions_identified", "note": "x"},
        content_type="application/json",
        **_auth(user),
    )
    assert answer.status_code == 403
    assert not MilestoneTick.objects.exists()


def test_an_outsider_reads_nothing(client, world):
    answer = client.get("/api/collectives/nation/phases", **_auth(world.outsider))
    assert answer.status_code in (403, 404)
