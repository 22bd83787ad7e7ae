"""Log-in throttling (django-axes): an account is locked after AXES_FAILURE_LIMIT wrong passwords
from anywhere, an address after as many for any accounts; the log-in page then says so, with
429, until the cool-off has passed. The failures show in the collective's audit log."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import F
from django.test import Client

from backbone.home.audit import audit_entries

LOGIN = "/accounts/login/"
NOTICE = "Too many failed log-ins for this account or from this address"


def attempt(username: str, password: str, *, address: str = "203.0.113.7", client=None):
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return client, response


def fail(username: str, times: int, *, address: str = "203.0.113.7") -> None:
    for _ in range(times):
        _client, response = attempt(username, "wrong", address=address)
        assert response.status_code in {200, 429}


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_logs_in(world):
    client, response = attempt("reporter_a", "pw")
    assert response.status_code == 302
    assert logged_in(client)


def test_account_is_locked_after_too_many_wrong_passwords_even_for_the_right_one(world):
    fail("reporter_a", settings.AXES_FAILURE_LIMIT)
    # From another address: the account itself is locked, wherever the guesses came from.
    client, response = attempt("reporter_a", "pw", address="198.51.100.20")
    assert response.status_code == 429
    assert NOTICE in response.content.decode()
    assert "try again in 15 minutes" in response.content.decode()
    assert not logged_in(client)


def test_fewer_failures_than_the_limit_do_not_lock(world):
    fail("reporter_a", settings.AXES_FAILURE_LIMIT - 1)
    client, response = attempt("reporter_a", "pw")
    assert response.status_code == 302
    assert logged_in(client)


def test_an_address_is_locked_after_too_many_failures_for_any_accounts(world):
    for username in ["steering", "facilitator", "community", "nobody", "staff"]:
        fail(username, 1, address="192.0.2.99")
    # A sixth account, never tried before, from the same address: refused.
    client, response = attempt("reporter_a", "pw", address="192.0.2.99")
    assert response.status_code == 429
    assert NOTICE in response.content.decode()
    assert not logged_in(client)
    # The same account from elsewhere logs in: only the address was locked.
    client, response = attempt("reporter_a", "pw", address="198.51.100.20")
    assert response.status_code == 302


def test_after_the_cool_off_the_right_password_logs_in(world):
    fail("reporter_a", settings.AXES_FAILURE_LIMIT)
    assert attempt("reporter_a", "pw")[1].status_code == 429
    # The failures happened a cool-off ago.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)
    client, response = attempt("reporter_a", "pw")
    assert response.status_code == 302
    assert logged_in(client)


def test_a_success_clears_the_accounts_failures_but_not_the_addresss(world):
    fail("steering", settings.AXES_FAILURE_LIMIT - 1)
    # Logging in to one's own account from the same address does not reset the address's
    # count (with axes' own reset it would, and guessing could go on without end).
    assert attempt("reporter_a", "pw")[1].status_code == 302
    assert attempt("facilitator", "wrong")[1].status_code == 429
    # The account that logged in starts afresh: its own failures are gone.
    fail("community", settings.AXES_FAILURE_LIMIT - 1, address="198.51.100.30")
    assert attempt("community", "pw", address="198.51.100.31")[1].status_code == 302
    assert not AccessAttempt.objects.filter(username="community").exists()


def test_the_lockout_notice_is_translated(world):
    fail("reporter_a", settings.AXES_FAILURE_LIMIT)
    client = Client()
    response = client.post(
        LOGIN,
        {"username": "reporter_a", "password": "pw"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    assert response.status_code == 429
    assert "Вхід призупинено: спробуйте знову через 15 хвилин." in response.content.decode()
    response = client.post(
        LOGIN,
        {"username": "reporter_a", "password": "pw"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="he",
    )
    assert "אפשר לנסות שוב בעוד 15 דקות" in response.content.decode()


def test_the_admin_log_in_is_throttled_too(world):
    fail("admin", settings.AXES_FAILURE_LIMIT)
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "pw", "next": "/admin/"},
        REMOTE_ADDR="198.51.100.40",
    )
    assert response.status_code == 429


def test_the_api_takes_tokens_and_is_not_locked_with_the_account(world):
    from backbone.accounts.services import api_token_create

    _token, raw = api_token_create(user=world.reporter_a, name="script")
    fail("reporter_a", settings.AXES_FAILURE_LIMIT)
    response = Client().get(
        "/api/collectives/nation/organizations",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 200


# The audit log ----------------------------------------------------------------------------


def test_failed_log_ins_and_the_lockout_are_in_the_audit_log(world):
    fail("reporter_a", settings.AXES_FAILURE_LIMIT)
    entries = [
        e for e in audit_entries(world.national, viewer=world.staff) if e.label == "reporter_a"
    ]
    assert [e.kind for e in entries] == ["locked_out"] + ["login_failed"] * (
        settings.AXES_FAILURE_LIMIT - 1
    )
    assert {e.who for e in entries} == {"203.0.113.7"}
    assert entries[0].model == "failed log-in"
    assert ("page", "/accounts/login/") in {(c.field, c.new) for c in entries[0].changes}


def test_failed_log_ins_are_shown_in_the_collectives_of_the_account_only(world):
    fail("reporter_b", 1)  # a reporter of the oblast collective, below the national one
    fail("nobody", 1)  # no one's account
    assert [
        e.label
        for e in audit_entries(world.oblast, viewer=world.staff)
        if e.model == "failed log-in"
    ] == ["reporter_b"]
    national = [
        e.label
        for e in audit_entries(world.national, viewer=world.staff)
        if e.model == "failed log-in"
    ]
    assert national == ["reporter_b"]
    assert not [
        e for e in audit_entries(world.elsewhere, viewer=world.staff) if e.model == "failed log-in"
    ]
    assert AccessFailureLog.objects.filter(username="nobody").exists()


def test_failed_log_ins_stay_out_of_what_is_new(world):
    from backbone.home.audit import whats_new

    fail("reporter_a", 2)
    assert not [i for i in whats_new(world.national) if "reporter_a" in i.text]


@pytest.mark.parametrize(("persona", "shown"), [("staff", True), ("reporter_a", False)])
def test_audit_page_shows_failed_log_ins_to_staff_not_to_a_reporter(world, persona, shown):
    fail("community", 2, address="192.0.2.55")
    client = Client()
    client.force_login(world.persona(persona))
    response = client.get("/c/nation/audit/")
    html = response.content.decode()
    if shown:
        assert response.status_code == 200
        assert "192.0.2.55" in html
        assert "wrong password" in html
    else:
        assert response.status_code == 403
        assert "192.0.2.55" not in html
