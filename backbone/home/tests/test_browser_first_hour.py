"""What a newcomer meets in the first minutes of the demo, in a real browser."""

import pytest

from backbone.browsing import CSP_PREFIX, CSP_WATCH, login

pytestmark = pytest.mark.browser


def test_api_docs_render_from_the_sites_own_files(page):
    # The `page` fixture fails the test if anything is fetched from another host.
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .info h1.title", timeout=15000)
    assert "Backbone API" in page.locator(".swagger-ui .info h1.title").inner_text()
    # The operations are listed, so the OpenAPI document loaded and was understood.
    assert page.locator(".opblock").count() > 10
    assert not errors, errors


def test_every_page_of_a_staff_walk_loads_only_from_this_site(page):
    login(page, "staff")
    for path in (
        "/",
        "/c/ukraine/",
        "/c/ukraine/indicators/",
        "/c/ukraine/submissions/",
        "/c/ukraine/people/",
        "/accounts/me/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
    # Leaving the fixture asserts that no request went to another host.


def test_pages_send_a_strict_content_security_policy_and_the_watch_sees_breaches(
    browser, demo_server
):
    # The watch the `page` fixture installs reports what the policy blocks: prove it on a
    # context of its own, where an inline script is injected on purpose.
    context = browser.new_context(base_url=demo_server)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    caught: list[str] = []
    page.on("console", lambda message: caught.append(message.text))
    response = page.goto("/accounts/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response.headers["permissions-policy"]
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.ran = 1"; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(300)
    context.close()
    assert any(text.startswith(CSP_PREFIX + " script-src") for text in caught), caught
