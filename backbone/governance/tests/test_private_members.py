"""A body that keeps its member list private (a community council: its seats tell who has lived
experience of care) shows who sits in it to its own current members and the staff only; every
member of the collective still sees how many. Page, API, person page and What is new alike."""

import pytest
from django.test import Client

from backbone.accounts.services import api_token_create
from backbone.governance import services
from backbone.governance.models import BodyKind, MemberRole
from backbone.home.audit import audit_entries, whats_new
from backbone.testing import PersonFactory

SECRET = "Ганна Секретна"
JOINED_COUNCIL = "joined “<bdi>Community council</bdi>”"


@pytest.fixture
def council(world):
    body = services.body_create(
        collective=world.national,
        kind=BodyKind.COMMUNITY_COUNCIL,
        name="Community council",
        members_private=True,
    )
    secret = PersonFactory(collective=world.national, name=SECRET)
    services.membership_add(body=body, person=world.community.person, role=MemberRole.CHAIR)
    services.membership_add(body=body, person=secret, role=MemberRole.MEMBER)
    # The same person also sits in an ordinary body, which stays on their page for everyone.
    services.membership_add(body=world.body, person=secret, role=MemberRole.MEMBER)
    body.secret = secret
    return body


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user, url: str):
    _token, raw = api_token_create(user=user, name="test")
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_reporter_sees_the_count_but_no_member_on_the_body_page(world, council):
    html = _client(world.reporter_a).get(f"/c/nation/bodies/{council.pk}/").content.decode()
    assert "2 members" in html
    assert SECRET not in html
    assert "Person of community" not in html


@pytest.mark.parametrize("persona", ["community", "staff", "admin"])
def test_member_and_staff_see_who_sits_in_the_private_body(world, council, persona):
    html = _client(world.persona(persona)).get(f"/c/nation/bodies/{council.pk}/").content.decode()
    assert SECRET in html
    assert "Person of community" in html


def test_former_member_no_longer_sees_the_private_member_list(world, council):
    seat = council.memberships.get(person=world.community.person)
    services.membership_end(membership=seat)
    html = _client(world.community).get(f"/c/nation/bodies/{council.pk}/").content.decode()
    assert SECRET not in html
    assert "1 member" in html


def test_ordinary_body_shows_its_members_to_every_member(world, council):
    html = _client(world.reporter_a).get(f"/c/nation/bodies/{world.body.pk}/").content.decode()
    assert SECRET in html


def test_api_gives_a_reporter_the_count_and_no_seat(world, council):
    response = _api(world.reporter_a, f"/api/collectives/nation/bodies/{council.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["members_private"] is True
    assert data["member_count"] == 2
    assert data["members"] is None
    assert data["former_members"] is None
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("persona", ["community", "staff"])
def test_api_gives_members_and_staff_the_seats(world, council, persona):
    data = _api(world.persona(persona), f"/api/collectives/nation/bodies/{council.pk}").json()
    assert data["member_count"] == 2
    assert SECRET in {seat["person"] for seat in data["members"]}


def test_person_page_leaves_out_a_private_seat_for_a_reporter(world, council):
    url = f"/c/nation/people/{council.secret.pk}/"
    html = _client(world.reporter_a).get(url).content.decode()
    assert "Community council" not in html
    assert "Working group on foster care" in html  # an ordinary seat is still told
    assert "Community council" in _client(world.staff).get(url).content.decode()
    assert "Community council" in _client(world.community).get(url).content.decode()


def test_what_is_new_leaves_out_private_seats_for_non_members(world, council):
    seen = " ".join(item.text for item in whats_new(world.national, viewer=world.reporter_a))
    assert SECRET not in seen
    assert JOINED_COUNCIL not in seen
    assert "2 people joined “<bdi>Working group on foster care" in seen  # an ordinary body's
    html = _client(world.reporter_a).get("/c/nation/").content.decode()
    assert SECRET not in html
    assert JOINED_COUNCIL not in html
    assert "2 members" in html  # the count on the collective's page stays


def test_what_is_new_shows_private_seats_to_a_member_and_staff(world, council):
    for user in (world.community, world.staff):
        seen = " ".join(item.text for item in whats_new(world.national, viewer=user))
        assert "2 people " + JOINED_COUNCIL in seen
    assert JOINED_COUNCIL in _client(world.community).get("/c/nation/").content.decode()


def test_what_is_new_without_a_reader_shows_no_private_seat(world, council):
    seen = " ".join(item.text for item in whats_new(world.national))
    assert JOINED_COUNCIL not in seen


def test_audit_log_shows_staff_every_seat(world, council):
    labels = [e.label for e in audit_entries(world.national, viewer=world.staff)]
    assert any(SECRET in label for label in labels)
    assert SECRET in _client(world.staff).get("/c/nation/audit/").content.decode()


def test_staff_marks_a_body_private_through_its_form(world):
    response = _client(world.staff).post(
        f"/c/nation/bodies/{world.body.pk}/edit/",
        {
            "name_en": "Working group on foster care",
            "kind": "working_group",
            "members_private": "on",
        },
    )
    assert response.status_code == 302
    world.body.refresh_from_db()
    assert world.body.members_private is True
    form = _client(world.staff).get(f"/c/nation/bodies/{world.body.pk}/edit/").content.decode()
    assert 'name="members_private"' in form and "checked" in form
