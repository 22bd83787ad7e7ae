"""The log-in page in a real browser once an account has had too many wrong passwords."""

from __future__ import annotations

import os

import pytest

from backbone.browsing import assert_accessible, demo_command, login

pytestmark = pytest.mark.browser


def try_password(page, username: str, password: str):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("main button[type=submit]")
    page.wait_for_load_state()
    return answer.value


def test_login_page_says_log_in_is_paused_after_too_many_wrong_passwords(page, tmp_path):
    try:
        for _ in range(4):
            assert try_password(page, "reporter", "not-the-password").status == 200
            assert "did not match" in page.locator("[role=alert]").inner_text()
        response = try_password(page, "reporter", "not-the-password")
        assert response.status == 429
        notice = page.locator("[role=alert]").inner_text()
        assert "Too many failed log-ins" in notice
        assert "try again in 15 minutes" in notice
        # The right password now is refused too, with the same notice and the form to try later.
        response = try_password(page, "reporter", os.environ.get("DEMO_PASSWORD", "demo"))
        assert response.status == 429
        assert "Log-in is paused" in page.locator("[role=alert]").inner_text()
        assert page.locator("#id_password").is_visible()
        assert page.locator("#id_username").input_value() == "reporter"
        assert_accessible(page)
        page.screenshot(path=tmp_path / "locked-out.png", full_page=True)

        # Staff see the attempts in the collective's audit log (once the address is free).
        demo_command("axes_reset")
        login(page, "staff")
        page.goto("/c/ukraine/audit/")
        rows = page.locator("table.audit tbody tr", has_text="failed log-in")
        # Five wrong passwords and the refused right one.
        assert rows.count() == 6
        assert "locked out" in rows.first.inner_text()
        assert "127.0.0.1" in rows.first.inner_text()
        page.screenshot(path=tmp_path / "audit.png")
    finally:
        # The demo server serves the other browser tests from the same address.
        demo_command("axes_reset")
        demo_command("axes_reset_failure_logs")
