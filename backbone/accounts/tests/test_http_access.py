"""Each role can do what it should and nothing more, through the web UI and the API alike.

A refused request answers 403 (or a log-in redirect / 401 when anonymous), never 500, and
changes nothing.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from backbone.accounts.services import api_token_create
from backbone.network.models import Organization
from backbone.testing import PERSONAS


def client_for(world, persona) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.persona(persona))
    return client


def api_headers(world, persona) -> dict:
    if persona == "anonymous":
        return {}
    _token, raw = api_token_create(user=world.persona(persona), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


PAGES = [
    # (url name, kwargs builder, personas allowed)
    ("collective_home", lambda w: {"slug": "nation"}, set(PERSONAS)),
    ("organization_list", lambda w: {"slug": "nation"}, set(PERSONAS)),
    ("organization_create", lambda w: {"slug": "nation"}, {"admin", "staff"}),
    (
        "organization_edit",
        lambda w: {"slug": "nation", "pk": w.org_a.pk},
        {"admin", "staff", "reporter_a"},
    ),
    (
        "person_list",
        lambda w: {"slug": "nation"},
        {"admin", "staff", "steering", "facilitator", "reporter_a", "community"},
    ),
    (
        "body_detail",
        lambda w: {"slug": "nation", "pk": w.body.pk},
        {"admin", "staff", "steering", "facilitator", "reporter_a", "community"},
    ),
    (
        "scope_edit",
        lambda w: {"slug": "nation", "pk": w.body.pk},
        {"admin", "staff", "facilitator"},
    ),
    ("audit_log", lambda w: {"slug": "nation"}, {"admin", "staff"}),
    ("invite", lambda w: {"slug": "nation"}, {"admin", "staff"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_page_access(world, persona, name, kwargs, allowed):
    response = client_for(world, persona).get(reverse(name, kwargs=kwargs(world)))
    if persona in allowed:
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_an_organization_through_the_form(world, persona):
    allowed = {"admin", "staff", "reporter_a"}
    url = reverse("organization_edit", kwargs={"slug": "nation", "pk": world.org_a.pk})
    response = client_for(world, persona).post(url, {"name_en": "Renamed", "kind": "ngo"})
    world.org_a.refresh_from_db()
    if persona in allowed:
        assert response.status_code == 302
        assert world.org_a.name == "Renamed"
    else:
        if persona == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
        assert world.org_a.name == "Organization A"


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_create_organization(world, persona):
    allowed = {"admin", "staff"}
    client = client_for(world, "anonymous")
    response = client.post(
        "/api/collectives/nation/organizations",
        data=json.dumps({"name": "Нова громадська організація", "kind": "cbo"}),
        content_type="application/json",
        **api_headers(world, persona),
    )
    created = Organization.objects.filter(name="Нова громадська організація").exists()
    if persona in allowed:
        assert response.status_code == 201, response.content
        assert created
    else:
        assert response.status_code == (401 if persona == "anonymous" else 403)
        assert not created


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_patch_organization(world, persona):
    allowed = {"admin", "staff", "reporter_b"}
    response = Client().patch(
        f"/api/collectives/nation/organizations/{world.org_b.pk}",
        data=json.dumps({"phone": "+380 32 000 0000"}),
        content_type="application/json",
        **api_headers(world, persona),
    )
    world.org_b.refresh_from_db()
    if persona in allowed:
        assert response.status_code == 200, response.content
        assert world.org_b.phone == "+380 32 000 0000"
    else:
        assert response.status_code == (401 if persona == "anonymous" else 403)
        assert world.org_b.phone == ""


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_people_listing(world, persona):
    allowed = {"admin", "staff", "steering", "facilitator", "reporter_a", "community"}
    response = Client().get("/api/collectives/nation/people", **api_headers(world, persona))
    if persona in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == (401 if persona == "anonymous" else 403)


def test_api_hides_lived_experience_from_other_members(world):
    person = world.community.person
    person.lived_experience = ["care_leaver"]
    person.save()
    url = f"/api/collectives/nation/people/{person.pk}"
    as_reporter = Client().get(url, **api_headers(world, "reporter_a")).json()
    as_self = Client().get(url, **api_headers(world, "community")).json()
    as_staff = Client().get(url, **api_headers(world, "staff")).json()
    assert as_reporter["lived_experience"] is None
    assert as_self["lived_experience"] == ["care_leaver"]
    assert as_staff["lived_experience"] == ["care_leaver"]


def test_lived_experience_not_shown_on_page_to_other_members(world):
    person = world.community.person
    person.lived_experience = ["care_leaver"]
    person.save()
    url = reverse("person_detail", kwargs={"slug": "nation", "pk": person.pk})
    assert "Care leaver" not in client_for(world, "reporter_a").get(url).content.decode()
    assert "Care leaver" in client_for(world, "staff").get(url).content.decode()


def test_object_of_another_collective_is_not_found_through_this_one(world):
    from backbone.testing import OrganizationFactory

    foreign = OrganizationFactory(collective=world.elsewhere, name="Foreign org")
    url = reverse("organization_detail", kwargs={"slug": "nation", "pk": foreign.pk})
    assert client_for(world, "staff").get(url).status_code == 404
    api = Client().get(
        f"/api/collectives/nation/organizations/{foreign.pk}", **api_headers(world, "staff")
    )
    assert api.status_code == 404


def test_invalid_api_token_is_refused(world):
    response = Client().post(
        "/api/collectives/nation/organizations",
        data=json.dumps({"name": "X", "kind": "ngo"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer bb_not-a-real-key",
    )
    assert response.status_code == 401
    assert not Organization.objects.filter(name="X").exists()


def test_api_validation_error_names_the_field(world):
    response = Client().post(
        "/api/collectives/nation/organizations",
        data=json.dumps({"name": "  organization   a ", "kind": "ngo"}),
        content_type="application/json",
        **api_headers(world, "staff"),
    )
    assert response.status_code == 422
    assert "Organization A" in response.json()["errors"]["name"][0]


def test_openapi_description_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/collectives/{slug}/organizations" in response.json()["paths"]


# Contact details ---------------------------------------------------------------------------

SECRET = "oksana.private@example.org"
CONTACT_ALLOWED = {
    "staff": {"admin", "staff", "community"},
    "bodies": {"admin", "staff", "community", "facilitator"},
    "members": {"admin", "staff", "steering", "facilitator", "reporter_a", "community"},
}


def _with_contact(world, visibility: str):
    from backbone.governance.models import BodyMembership

    person = world.community.person
    person.email, person.phone, person.contact_visibility = SECRET, "+380 67 765 4321", visibility
    person.save(update_fields=["email", "phone", "contact_visibility"])
    BodyMembership.objects.create(body=world.body, person=person, role="member")
    return person


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", sorted(CONTACT_ALLOWED))
def test_contact_details_on_pages_follow_the_persons_choice(world, persona, visibility):
    person = _with_contact(world, visibility)
    client = client_for(world, persona)
    allowed = persona in CONTACT_ALLOWED[visibility]
    detail = reverse("person_detail", kwargs={"slug": "nation", "pk": person.pk})
    html = client.get(detail).content.decode()
    assert (SECRET in html) is allowed
    assert ("765 4321" in html) is allowed
    # The lists show the e-mail address only.
    for url in (
        reverse("person_list", kwargs={"slug": "nation"}),
        reverse("body_detail", kwargs={"slug": "nation", "pk": world.body.pk}),
    ):
        assert (SECRET in client.get(url).content.decode()) is allowed, url


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", sorted(CONTACT_ALLOWED))
def test_contact_details_in_the_api_follow_the_persons_choice(world, persona, visibility):
    person = _with_contact(world, visibility)
    headers = api_headers(world, persona)
    detail = Client().get(f"/api/collectives/nation/people/{person.pk}", **headers)
    listing = Client().get("/api/collectives/nation/people", **headers)
    allowed = persona in CONTACT_ALLOWED[visibility]
    for response in (detail, listing):
        assert (SECRET in response.content.decode()) is allowed
        assert ("765 4321" in response.content.decode()) is allowed
    if detail.status_code == 200 and not allowed:
        assert detail.json()["email"] is None
        assert detail.json()["phone"] is None


def test_searching_by_an_address_one_may_not_see_finds_nobody(world):
    person = _with_contact(world, "staff")
    url = reverse("person_list", kwargs={"slug": "nation"}) + "?q=oksana.private"
    refused = client_for(world, "reporter_a").get(url).content.decode()
    assert person.name not in refused
    allowed = client_for(world, "staff").get(url).content.decode()
    assert person.name in allowed
    api = Client().get(
        "/api/collectives/nation/people?q=oksana.private", **api_headers(world, "reporter_a")
    )
    assert api.json() == []


def test_a_person_chooses_who_sees_their_contact_details(world):
    person = _with_contact(world, "bodies")
    url = reverse("person_edit", kwargs={"slug": "nation", "pk": person.pk})
    client = client_for(world, "community")
    form = client.get(url).content.decode()
    assert 'name="contact_visibility"' in form
    response = client.post(
        url,
        {"name": person.name, "email": SECRET, "contact_visibility": "members"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.contact_visibility == "members"
    page = reverse("person_detail", kwargs={"slug": "nation", "pk": person.pk})
    assert SECRET in client_for(world, "reporter_a").get(page).content.decode()


def test_a_person_changes_their_choice_through_the_api(world):
    person = _with_contact(world, "bodies")
    response = Client().patch(
        f"/api/collectives/nation/people/{person.pk}",
        data=json.dumps({"contact_visibility": "staff"}),
        content_type="application/json",
        **api_headers(world, "community"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["contact_visibility"] == "staff"
    as_fellow = (
        Client()
        .get(f"/api/collectives/nation/people/{person.pk}", **api_headers(world, "facilitator"))
        .json()
    )
    assert as_fellow["email"] is None
    assert as_fellow["contact_visibility"] is None


def test_people_list_asks_for_seats_once_however_many_people(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from backbone.testing import PersonFactory

    client = client_for(world, "facilitator")
    url = reverse("person_list", kwargs={"slug": "nation"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    queries()  # the first request of a session also records things once (language, …)
    few = queries()
    for _ in range(15):
        PersonFactory(collective=world.national)
    assert queries() == few


def test_the_account_page_leads_to_the_contact_choice(world):
    person = world.community.person
    html = client_for(world, "community").get(reverse("account")).content.decode()
    assert reverse("person_edit", kwargs={"slug": "nation", "pk": person.pk}) in html
    assert "Backbone staff and members of the bodies I sit on" in html
