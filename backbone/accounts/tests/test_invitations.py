import re

from django.core import mail
from django.test import Client

from backbone.accounts.models import Invitation, RoleKind, User
from backbone.events.testing import run_worker


def _invite(world, **data):
    client = Client()
    client.force_login(world.staff)
    payload = {
        "email": "new.reporter@example.org",
        "kind": RoleKind.REPORTER,
        "organization": world.org_a.pk,
        **data,
    }
    response = client.post("/c/nation/invite/", payload)
    # The page does not wait for the mail server: the worker sends the invitation.
    assert not mail.outbox
    run_worker()
    return response


def test_invited_person_creates_an_account_with_the_role_set(world):
    assert _invite(world).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "username": "newreporter",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newreporter")
    role = user.roles.get()
    assert (role.kind, role.organization, role.collective) == (
        "reporter",
        world.org_a,
        world.national,
    )
    # The link works once only.
    assert Client().get(path).status_code == 404


def test_reporter_invitation_without_organization_is_refused_next_to_the_field(world):
    response = _invite(world, organization="")
    assert response.status_code == 200
    assert "Choose the organization" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_only_the_token_hash_is_stored(world):
    _invite(world)
    token = re.search(r"/accounts/invitation/(\S+)/", mail.outbox[0].body).group(1)
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists()


def test_mismatched_passwords_show_a_field_error_and_create_nothing(world):
    _invite(world)
    path = re.search(r"/accounts/invitation/\S+/", mail.outbox[0].body).group(0)
    response = Client().post(
        path, {"username": "x1", "password1": "a-long-pass-phrase", "password2": "different-phrase"}
    )
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_password_reset_sends_a_working_link(world):
    world.staff.email = "staff@example.org"
    world.staff.save()
    client = Client()
    client.post("/accounts/password_reset/", {"email": "staff@example.org"})
    assert len(mail.outbox) == 1
    path = re.search(r"/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "another-long-phrase", "new_password2": "another-long-phrase"}
    )
    world.staff.refresh_from_db()
    assert world.staff.check_password("another-long-phrase")
