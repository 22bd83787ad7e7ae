"""Sessions have a stated lifetime (SESSION_COOKIE_AGE, renewed by use) and end when the person's
password changes, except the session that changed it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

ACCOUNT = "/accounts/me/"


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client: Client) -> bool:
    response = client.get(ACCOUNT)
    assert response.status_code in {200, 302}
    return response.status_code == 200


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_lasts_twelve_hours_from_the_last_request(world):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    client = logged_in_client(world.reporter_a)
    assert is_logged_in(client)
    left = session_row(client).expire_date - timezone.now()
    assert dt.timedelta(hours=11, minutes=59) < left <= dt.timedelta(hours=12)


def test_a_session_is_renewed_by_use(world):
    client = logged_in_client(world.reporter_a)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(hours=1)
    )
    assert is_logged_in(client)
    left = session_row(client).expire_date - timezone.now()
    assert left > dt.timedelta(hours=11, minutes=59)


def test_a_session_unused_for_longer_than_its_age_is_logged_out(world):
    client = logged_in_client(world.reporter_a)
    assert is_logged_in(client)
    # The last request was longer ago than SESSION_COOKIE_AGE.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_changing_the_password_logs_out_the_other_sessions_but_not_this_one(world):
    here = logged_in_client(world.reporter_a)
    elsewhere = logged_in_client(world.reporter_a)
    someone_else = logged_in_client(world.reporter_b)
    response = here.post(
        "/accounts/password_change/",
        {
            "old_password": "pw",
            "new_password1": "a-new-and-long-passphrase",
            "new_password2": "a-new-and-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)
    assert is_logged_in(someone_else)


def test_a_password_set_elsewhere_logs_out_every_session(world):
    # An admin or a password reset sets it outside any of the person's sessions.
    first = logged_in_client(world.reporter_a)
    second = logged_in_client(world.reporter_a)
    user = world.reporter_a
    user.set_password("a-new-and-long-passphrase")
    user.save(update_fields=["password"])
    assert not is_logged_in(first)
    assert not is_logged_in(second)
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "reporter_a", "password": "a-new-and-long-passphrase"},
    )
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_password_reset_logs_out_the_sessions_left_open(world):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    left_open = logged_in_client(world.reporter_a)
    user = world.reporter_a
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    browser = Client()
    form = browser.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    assert form.status_code == 200
    response = browser.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a-new-and-long-passphrase",
            "new_password2": "a-new-and-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert not is_logged_in(left_open)
