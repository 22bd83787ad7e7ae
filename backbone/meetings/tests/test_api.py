"""The meetings API: the same rules as the pages."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from backbone.meetings import services


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_facilitator_schedules_through_the_api_and_a_member_cannot(world):
    start = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    payload = {
        "body": world.body.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "step_free": True,
        "items": ["Budget", " "],
    }
    made = _client(world.facilitator).post(
        "/api/collectives/nation/meetings", payload, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["step_free"] is True and made.json()["invited"] == 1
    refused = _client(world.community).post(
        "/api/collectives/nation/meetings", payload, content_type="application/json"
    )
    assert refused.status_code == 403
    backwards = _client(world.facilitator).post(
        "/api/collectives/nation/meetings",
        payload | {"ends_at": (start - dt.timedelta(hours=1)).isoformat()},
        content_type="application/json",
    )
    assert backwards.status_code in (400, 422)
    assert "must end after it starts" in backwards.content.decode()
    detail = _client(world.community).get(f"/api/collectives/nation/meetings/{made.json()['id']}")
    assert [i["title"] for i in detail.json()["items"]] == ["Budget"]


def test_votes_through_the_api_follow_the_seats(world, meeting):
    decision = services.decision_propose(
        body=world.body, by=world.facilitator, meeting=meeting, motion="Adopt", procedure="majority"
    )
    url = f"/api/collectives/nation/decisions/{decision.pk}/vote"
    ok = _client(world.community).post(url, {"choice": "for"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["choice"] == "for"
    assert (
        _client(world.reporter_a)
        .post(url, {"choice": "for"}, content_type="application/json")
        .status_code
        == 403
    )
    objection = _client(world.community).post(
        url, {"choice": "object", "reason": "no"}, content_type="application/json"
    )
    assert objection.status_code in (400, 422)
    listed = _client(world.community).get("/api/collectives/nation/decisions?q=Adopt").json()
    assert listed[0]["votes_for"] == 1


def test_actions_mine_and_their_status(world, meeting):
    action = services.action_create(
        collective=world.national,
        by=world.facilitator,
        title="Call",
        due=timezone.localdate(),
        owner=world.community.person,
        meeting=meeting,
    )
    mine = _client(world.community).get("/api/collectives/nation/actions?mine=true").json()
    assert [a["id"] for a in mine] == [action.pk]
    assert _client(world.reporter_a).get("/api/collectives/nation/actions?mine=true").json() == []
    url = f"/api/collectives/nation/actions/{action.pk}/status"
    assert (
        _client(world.reporter_a)
        .post(url, {"status": "done"}, content_type="application/json")
        .status_code
        == 403
    )
    done = _client(world.community).post(url, {"status": "done"}, content_type="application/json")
    assert done.json()["status"] == "done"
