"""The activities API: the same rules and checks as the pages."""

from backbone.accounts.services import api_token_create
from backbone.activities.models import Activity, ProgressReport


def _auth(user):
    _token, raw = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _activity(three_w, **changes):
    return {
        "kind": "parenting",
        "title": "Parents together",
        "lead": three_w.world.org_a.pk,
        "places": [{"place": "UA-46", "targeted": 100, "reached": 40}],
        "partners": [{"organization": three_w.world.org_b.pk, "role": "funding"}],
        "groups": ["disability"],
        "start": "2026-01-01",
        "end": "2026-12-31",
        "status": "ongoing",
        **changes,
    }


def test_a_reporter_records_their_organizations_activity_and_reports_progress(client, three_w):
    auth = _auth(three_w.world.reporter_a)
    made = client.post(
        "/api/collectives/nation/activities",
        _activity(three_w),
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["organizations"] == [
        {"organization": three_w.world.org_a.pk, "name": "Organization A", "role": "lead"},
        {"organization": three_w.world.org_b.pk, "name": "Organization B", "role": "funding"},
    ]
    assert body["places"] == [{"place": "UA-46", "targeted": 100, "reached": 40}]
    progress = client.post(
        f"/api/collectives/nation/activities/{body['id']}/progress",
        {"period": "2026-05", "figures": [{"place": "UA-46", "reached": 12}]},
        content_type="application/json",
        **auth,
    )
    assert progress.status_code == 201, progress.content
    assert ProgressReport.objects.get().figures.get().reached == 12
    listed = client.get("/api/collectives/nation/activities", **_auth(three_w.world.community))
    assert [a["title"] for a in listed.json()] == ["Parents together"]


def test_another_organizations_activity_is_refused_and_bad_input_says_why(client, three_w):
    other = _activity(three_w, lead=three_w.world.org_b.pk)
    refused = client.post(
        "/api/collectives/nation/activities", other, content_type="application/json",
        **_auth(three_w.world.reporter_a),
    )  # fmt: skip
    assert refused.status_code == 403
    bad = client.post(
        "/api/collectives/nation/activities",
        _activity(three_w, end="2025-01-01"),
        content_type="application/json",
        **_auth(three_w.world.staff),
    )
    assert bad.status_code == 422
    assert "before it starts" in bad.json()["errors"]["end"][0]
    unknown = client.post(
        "/api/collectives/nation/activities",
        _activity(three_w, kind="juggling"),
        content_type="application/json",
        **_auth(three_w.world.staff),
    )
    assert unknown.status_code == 422 and "kind" in unknown.json()["errors"]
    assert not Activity.objects.exists()
    assert client.get("/api/collectives/nation/activities").status_code == 401


def test_gaps_and_overlaps_are_listed(client, three_w):
    auth = _auth(three_w.world.staff)
    for lead in (three_w.world.org_a, three_w.world.org_b):
        client.post(
            "/api/collectives/nation/activities",
            _activity(three_w, lead=lead.pk, partners=[]),
            content_type="application/json",
            **auth,
        )
    overlaps = client.get("/api/collectives/nation/activities/overlaps?year=2026", **auth).json()
    assert overlaps == [
        {
            "place": "UA-46", "kind": "parenting", "group": "disability", "year": 2026,
            "organizations": ["Organization A", "Organization B"], "reached": [40, 40],
            "reviewed": None,
        }
    ]  # fmt: skip
    assert client.get("/api/collectives/nation/activities/gaps", **auth).status_code == 200
