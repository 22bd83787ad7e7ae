import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from backbone.events.testing import run_worker
from backbone.readiness import services
from backbone.readiness.models import Answer, Invitation, Participation, Response, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round1(world):
    instrument = services.instrument_copy(collective=world.national, key="preconditions")
    return services.round_open(
        collective=world.national, version=instrument.current_version(), title="First"
    )


def _post(round, kind="ngo", score="4", **extra):
    data = {"kind": kind, **extra}
    for statement in round.version.statements:
        data[f"q-{statement['key']}"] = score
    return data


def test_a_member_answers_once_with_the_kind_of_their_organization(client, world, round1):
    from backbone.network.services import affiliation_start

    affiliation_start(person=world.reporter_a.person, organization=world.org_a)
    client.force_login(world.reporter_a)
    url = "/c/nation/readiness/1/answer/"
    page = client.get(url).content.decode()
    assert "Respected leaders publicly back working together on this issue." in page
    answer = client.post(url, _post(round1, kind="ngo", score="dk"))
    assert answer.status_code == 302
    response = Response.objects.get()
    assert response.person == world.reporter_a.person
    assert response.organization_kind == world.org_a.kind
    assert set(Answer.objects.values_list("score", flat=True)) == {None}  # don't know
    again = client.post(url, _post(round1))
    assert "You have already answered this round" in again.content.decode()
    assert Response.objects.count() == 1


def test_an_anonymous_answer_keeps_no_person_but_still_counts_once(client, world, round1):
    client.force_login(world.community)
    url = "/c/nation/readiness/1/answer/"
    assert client.post(url, _post(round1, kind="community", anonymous="on")).status_code == 302
    response = Response.objects.get()
    assert response.person is None and response.organization_kind == ""
    assert response.respondent_kind == "community"
    # The participation says that they answered, not what.
    participation = Participation.objects.get()
    assert participation.person == world.community.person
    assert not hasattr(participation, "response")
    with pytest.raises(ValidationError, match="already answered"):
        services.response_submit(
            round=round1, kind="ngo", scores={}, person=world.community.person, anonymous=True
        )
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, "This field is required"),
        ({"q-champions-1": ""}, "Choose a score or “don&#x27;t know”"),
        ({"q-champions-1": "9"}, "Select a valid choice"),
    ],
)
def test_a_bad_answer_is_refused_with_a_message_and_nothing_saved(client, world, round1, data,
                                                                  message):  # fmt: skip
    client.force_login(world.community)
    answer = client.post("/c/nation/readiness/1/answer/", {**_post(round1), **data})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_a_closed_round_takes_no_answer(client, world, round1):
    services.round_close(round=round1)
    client.force_login(world.community)
    answer = client.post("/c/nation/readiness/1/answer/", _post(round1))
    assert "Round 1 is closed" in answer.content.decode()
    assert not Response.objects.exists()


def test_staff_opens_and_closes_a_round_from_the_pages(client, world, round1):
    client.force_login(world.staff)
    services.round_close(round=round1)
    version = round1.version
    answer = client.post(
        "/c/nation/readiness/open/",
        {"title": "Second", "version": version.pk, "allows_anonymous": "on"},  # fmt: skip
    )
    assert answer.url == "/c/nation/readiness/2/invite/"
    second = Round.objects.get(number=2)
    assert second.is_open and second.allows_anonymous
    client.post("/c/nation/readiness/2/close/")
    second.refresh_from_db()
    assert not second.is_open


@pytest.mark.parametrize("who", ["reporter_a", "community", "steering"])
def test_only_staff_open_close_and_invite(client, world, round1, who):
    client.force_login(getattr(world, who))
    assert client.post("/c/nation/readiness/1/close/").status_code == 403
    assert client.get("/c/nation/readiness/1/invite/").status_code == 403
    version = round1.version.pk
    assert (
        client.post("/c/nation/readiness/open/", {"title": "x", "version": version}).status_code
        == 403
    )  # noqa: E501
    round1.refresh_from_db()
    assert round1.is_open and Round.objects.count() == 1


def test_an_outsider_cannot_answer_or_see_the_round(client, world, round1):
    client.force_login(world.outsider)
    assert client.get("/c/nation/readiness/1/answer/").status_code in (403, 404)
    assert client.post("/c/nation/readiness/1/answer/", _post(round1)).status_code in (403, 404)
    assert not Response.objects.exists()


def test_an_invitation_link_answers_once_without_an_account(world, round1):
    staff = Client()
    staff.force_login(world.staff)
    answer = staff.post("/c/nation/readiness/1/invite/", {"emails": "Partner@Example.org\n\n"})
    assert answer.status_code == 302
    assert not mail.outbox  # the worker sends it, after commit
    run_worker()
    (message,) = mail.outbox
    assert message.to == ["partner@example.org"]
    path = re.search(r"/readiness/answer/\S+/", message.body).group(0)
    invitation = Invitation.objects.get()
    assert path.split("/")[-2] not in invitation.token_hash  # only the hash is kept
    guest = Client()
    page = guest.get(path).content.decode()
    assert "anonymously" in page and 'name="anonymous"' not in page  # by address: anonymous
    assert guest.post(path, _post(round1, kind="funder")).status_code == 200
    response = Response.objects.get()
    assert response.person is None and response.respondent_kind == "funder"
    assert "already used" in guest.post(path, _post(round1)).content.decode()
    assert Response.objects.count() == 1
    # Inviting the same address again sends nothing new.
    staff.post("/c/nation/readiness/1/invite/", {"emails": "partner@example.org"})
    assert Invitation.objects.count() == 1


def test_a_bad_address_refuses_the_whole_list(client, world, round1):
    client.force_login(world.staff)
    answer = client.post(
        "/c/nation/readiness/1/invite/", {"emails": "good@example.org\nnot an address"}
    )
    assert answer.status_code == 400
    assert "Line 2: “not an address” is not an e-mail address." in answer.content.decode()
    assert not Invitation.objects.exists()


def test_a_named_round_refuses_invitations_by_address_only(world):
    instrument = services.instrument_copy(collective=world.national, key="preconditions")
    named = services.round_open(
        collective=world.national,
        version=instrument.current_version(),
        title="Named",
        allows_anonymous=False,
    )
    with pytest.raises(ValidationError, match="named answers only"):
        services.invitations_send(round=named, emails=["a@example.org"], by=world.staff)


def test_an_unknown_link_is_not_found(client, world, round1):
    assert client.get("/readiness/answer/nothing-here/").status_code == 404


def _auth(user):
    from backbone.accounts.services import api_token_create

    _token, raw = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_answers_once_and_anonymously_without_a_trace(client, world, round1):
    url = "/api/collectives/nation/readiness/rounds/1/responses"
    body = {"kind": "community", "scores": {"champions-1": 3, "champions-2": None},
            "anonymous": True}  # fmt: skip
    answer = client.post(url, body, content_type="application/json", **_auth(world.community))
    assert answer.status_code == 201, answer.content
    assert answer.json() == {"round": 1, "respondent_kind": "community", "anonymous": True}
    again = client.post(url, body, content_type="application/json", **_auth(world.community))
    assert again.status_code == 422 and "already answered" in again.content.decode()
    # The staff's answers export names nobody for it.
    rows = client.get(
        "/api/collectives/nation/readiness/rounds/1/answers", **_auth(world.staff)
    ).json()
    assert {row["respondent"] for row in rows} == {None}
    assert str(world.community.person) not in str(rows)


def test_the_api_refuses_a_score_outside_the_scale(client, world, round1):
    answer = client.post(
        "/api/collectives/nation/readiness/rounds/1/responses",
        {"kind": "ngo", "scores": {"champions-1": 0}},
        content_type="application/json",
        **_auth(world.reporter_a),
    )
    assert answer.status_code == 422 and "outside the scale" in answer.content.decode()
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_only_staff_open_and_close_rounds_through_the_api(client, world, round1):
    instrument = round1.version.instrument.pk
    body = {"title": "Next", "instrument": instrument}
    refused = client.post("/api/collectives/nation/readiness/rounds", body,
                          content_type="application/json", **_auth(world.reporter_a))  # fmt: skip
    assert refused.status_code == 403
    closed = client.post("/api/collectives/nation/readiness/rounds/1/close", **_auth(world.staff))
    assert closed.status_code == 200 and closed.json()["closed"] is True
    opened = client.post("/api/collectives/nation/readiness/rounds", body,
                         content_type="application/json", **_auth(world.staff))  # fmt: skip
    assert opened.status_code == 201 and opened.json()["number"] == 2
