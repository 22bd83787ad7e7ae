"""The common agenda: publishing (stale, nothing changed, validation), endorsements by kind
of organization, the chain's flags, the JSON export and CLI, the pages. The editor and its
drafts are in test_editor.py, the PDF and DOCX exports in test_exports.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from backbone.agenda import selectors, services
from backbone.agenda.models import AgendaVersion
from backbone.documents.services import StaleVersionError, endorsement_give
from backbone.measurement.testing import build_measure
from backbone.network.services import affiliation_start
from backbone.testing import BodyFactory


def content(world, **changes):
    base = {
        "vision": "Every child grows up in a family.",
        "problem": "Too many children live in institutions.",
        "goals": [
            {
                "key": "g1",
                "title": "Fewer children in care",
                "horizon": "long",
                "target_date": "2030-12-31",
                "indicators": ["in-care"],
            },
            {"key": "g2", "title": "More foster families", "horizon": "short", "indicators": []},
        ],
        "strategies": [
            {
                "key": "s1",
                "title": "Recruit foster carers",
                "goal": "g2",
                "owner_body": world.body.pk,
            },
            {"key": "s2", "title": "Close institutions", "goal": "g1", "owner_body": None},
        ],
        "assumptions": [
            {"key": "a1", "text": "Families can be found", "indicators": ["in-care"]},
            {"key": "a2", "text": "Funding continues", "indicators": []},
        ],
        "risks": [
            {
                "key": "r1",
                "risk": "Funding ends",
                "likelihood": "medium",
                "impact": "high",
                "mitigation": "",
                "owner": "Staff",
                "status": "open",
                "review_date": "2020-01-01",
                "threatens": {"kind": "assumption", "key": "a2"},
            },
        ],
    }
    return {**base, **changes}


@pytest.fixture
def measure(world):
    return build_measure(world)


@pytest.fixture
def v1(world, measure):
    return services.agenda_publish(
        collective=world.national, content=content(world), by=world.staff, based_on=0
    )


def test_staff_publishes_the_first_version(v1):
    assert v1.number == 1
    assert v1.goals[0]["indicators"] == ["in-care"]


def test_a_version_based_on_an_old_one_is_refused_and_nothing_changes(world, v1):
    services.agenda_publish(
        collective=world.national, content=content(world, vision="B"), by=world.steering, based_on=1
    )
    with pytest.raises(StaleVersionError, match="Version 2 was published"):
        services.agenda_publish(
            collective=world.national,
            content=content(world, vision="C"),
            by=world.staff,
            based_on=1,
        )
    assert AgendaVersion.objects.count() == 2


def test_a_version_that_changes_nothing_is_refused(world, v1):
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.agenda_publish(
            collective=world.national, content=content(world), by=world.staff, based_on=1
        )


@pytest.mark.parametrize(
    ("section", "item", "message"),
    [
        ("goals", {"key": "g9", "title": "X", "indicators": ["nope"]}, "no indicator"),
        (
            "risks",
            {"key": "r9", "risk": "X", "threatens": {"kind": "goal", "key": "g9"}},
            "does not exist",
        ),
        ("goals", {"key": "g9", "title": "X", "target_date": "soon"}, "is not a date"),
        ("risks", {"key": "r9", "risk": "X", "review_date": "2026-13-01"}, "is not a date"),
    ],
)
def test_a_reference_to_nothing_is_refused(world, measure, section, item, message):
    bad = content(world)
    bad[section] = [*bad[section], item]
    with pytest.raises(ValidationError, match=message):
        services.agenda_publish(collective=world.national, content=bad, by=world.staff, based_on=0)
    assert not AgendaVersion.objects.exists()


def test_a_strategy_owned_by_another_collectives_body_is_refused(world, measure):
    other = BodyFactory(collective=world.elsewhere)
    bad = content(world)
    bad["strategies"][0]["owner_body"] = other.pk
    with pytest.raises(ValidationError, match="not a body of this collective"):
        services.agenda_publish(collective=world.national, content=bad, by=world.staff, based_on=0)


def test_endorsements_are_grouped_by_current_earlier_and_none(world, v1):
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    endorsement_give(version=v1, organization=world.org_a, by=world.reporter_a)
    v2 = services.agenda_publish(
        collective=world.national, content=content(world, vision="B"), by=world.staff, based_on=1
    )
    status = selectors.endorsement_status(world.national, [v2, v1])
    earlier = [o for g in status for o in g.earlier]
    none = [o for g in status for o in g.none]
    assert earlier == [world.org_a]
    assert world.org_b in none
    assert not any(g.current for g in status)


def test_the_chain_flags_what_is_missing(world, v1):
    found = selectors.chain(v1, today=dt.date(2026, 1, 1))
    goals = {g.goal["key"]: g for g in found.goals}
    assert goals["g2"].flags == ["No indicator measures this goal."]
    assert goals["g1"].flags == []
    assert [s["key"] for s in goals["g2"].strategies] == ["s1"]
    joined = " ".join(found.flags)
    assert "Close institutions" in joined  # no owner
    assert "no mitigation" in joined
    assert "due for review" in joined
    assert "Funding continues" in joined  # no indicator watches it


def test_the_export_command_writes_the_fields(world, v1, tmp_path):
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    endorsement_give(version=v1, organization=world.org_a, by=world.reporter_a)
    out = tmp_path / "agenda.json"
    call_command("agenda", "export", "--collective", "nation", "--format", "json", "-o", str(out))
    data = json.loads(out.read_text())
    assert data["version"] == 1
    assert data["vision"].startswith("Every child")
    assert data["goals"][0]["indicators"] == ["in-care"]
    assert data["endorsements"][0]["organization"] == "Organization A"
    assert set(data["endorsements"][0]) == {"organization", "person", "date", "version"}


def test_the_page_shows_the_chain_and_the_status(client, world, v1):
    client.force_login(world.community)
    page = client.get(reverse("agenda_detail", args=["nation"])).content.decode()
    assert "No indicator measures this goal." in page
    assert "Organization A" in page
    assert "Write a new version" not in page


def test_a_reporter_cannot_publish(client, world, v1):
    client.force_login(world.reporter_a)
    assert client.post(reverse("agenda_edit", args=["nation"]), {"vision": "X"}).status_code == 403
    assert AgendaVersion.objects.count() == 1


def test_the_milestones_follow_endorsement_and_review(world, v1):
    from backbone.phases.milestones import milestone

    assert not milestone("agenda_endorsed").check(world.national).met
    assert not milestone("agenda_reviewed").check(world.national).met
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    endorsement_give(version=v1, organization=world.org_a, by=world.reporter_a)
    services.agenda_publish(
        collective=world.national, content=content(world, vision="B"), by=world.staff, based_on=1
    )
    assert (
        "Organization A endorsed version 1"
        in milestone("agenda_endorsed").check(world.national).says
    )
    assert milestone("agenda_reviewed").check(world.national).met


def test_the_api_gives_versions_with_endorsements_and_the_current_content(client, world, v1):
    from backbone.accounts.services import api_token_create

    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    endorsement_give(version=v1, organization=world.org_a, by=world.reporter_a)
    _token, raw = api_token_create(user=world.community, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    (version,) = client.get("/api/collectives/nation/agenda/versions", **auth).json()
    assert version["number"] == 1
    assert [e["organization"] for e in version["endorsements"]] == ["Organization A"]
    current = client.get("/api/collectives/nation/agenda", **auth).json()
    assert current["goals"][0]["indicators"] == ["in-care"]


def test_the_api_refuses_an_outsider(client, world, v1):
    from backbone.accounts.services import api_token_create

    _token, raw = api_token_create(user=world.outsider, name="t")
    response = client.get("/api/collectives/nation/agenda", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code in (403, 404)


@pytest.mark.parametrize(
    ("section", "value"),
    [("goals", ["a goal as a bare string"]), ("risks", {"key": "r1"})],
)
def test_a_list_that_is_not_a_list_of_items_is_refused(world, v1, section, value):
    bad = content(world, vision="A new vision")
    bad[section] = value
    with pytest.raises(ValidationError, match="must be a list of items"):
        services.validate_content(collective=world.national, content=bad)


def test_the_api_publishes_for_steering_and_refuses_a_reporter_and_a_stale_version(
    client, world, v1
):
    from backbone.accounts.services import api_token_create

    body = {**content(world), "vision": "A new vision.", "based_on": 1, "change_note": "API"}
    url = "/api/collectives/nation/agenda/versions"
    _token, raw = api_token_create(user=world.reporter_a, name="t")
    refused = client.post(url, body, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {raw}")  # fmt: skip
    assert refused.status_code == 403
    _token, raw = api_token_create(user=world.steering, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    made = client.post(url, body, content_type="application/json", **auth)
    assert made.status_code == 201, made.content
    assert made.json()["version"] == 2 and made.json()["vision"] == "A new vision."
    stale = client.post(url, {**body, "vision": "Other."}, content_type="application/json",
                        **auth)  # fmt: skip
    assert stale.status_code == 422 and "was published while you were editing" in str(stale.json())
    assert AgendaVersion.objects.count() == 2


def test_the_risk_register_on_the_page_names_what_a_risk_threatens(client, world, v1):
    client.force_login(world.reporter_a)
    page = client.get("/c/nation/agenda/").content.decode()
    assert "Risk register" in page and "Assumption: Funding continues" in page
