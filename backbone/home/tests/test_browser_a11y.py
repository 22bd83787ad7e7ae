"""Accessibility axe-core does not measure, in a real browser over the demo: the pages reflow
at a phone's 320 CSS px without scrolling sideways (WCAG 1.4.10), and the focus indicator
stands out 3:1 from what is behind it (WCAG 1.4.11)."""

import pytest

from backbone.browsing import assert_reflows, focus_contrast, login

pytestmark = pytest.mark.browser

INDICATOR = "/c/ukraine/indicators/in-institutions/"


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (None, ["/", "/c/ukraine/", INDICATOR, "/c/ukraine/organizations/"]),
        # staff: the dashboard, every submission, the people list with its e-mail column.
        (
            "staff",
            [
                "/c/ukraine/indicators/",
                "/c/ukraine/submissions/",
                "/c/ukraine/people/",
                "/c/ukraine/organizations/",
            ],
        ),
        # reporter: the upload page (their submissions, the template and the upload form).
        ("reporter", ["/c/ukraine/", "/c/ukraine/submissions/"]),
    ],
)
def test_pages_reflow_at_320_px_without_sideways_scrolling(page, username, paths):
    if username:
        login(page, username)
    for path in paths:
        response = page.goto(path)
        assert response.ok and page.url.endswith(path), page.url
        assert_reflows(page, 320)


def test_hebrew_pages_reflow_at_320_px(page):
    page.goto("/c/ukraine/")
    page.locator("button[name=language][value=he]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    for path in ["/c/ukraine/", INDICATOR, "/c/ukraine/organizations/"]:
        page.goto(path)
        assert_reflows(page, 320)


def test_wide_table_scrolls_in_a_labelled_region_a_keyboard_can_reach(page):
    login(page, "staff")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/c/ukraine/people/")
    region = page.get_by_role("region", name="People")
    table = region.locator("table")
    assert table.evaluate("(t) => t.scrollWidth") > region.evaluate("(r) => r.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    # The browser scrolls after the key event returns: look again for up to a second.
    scrolled = 0
    for _ in range(20):
        scrolled = region.evaluate("(r) => Math.abs(r.scrollLeft)")
        if scrolled:
            break
        page.wait_for_timeout(50)
    assert scrolled > 0


@pytest.mark.parametrize(
    "selector",
    [
        "main a[href]",  # a link on white
        "main button[type=submit]",  # a button on white
        ".site-header a[href]",  # a link on the dark header
        ".site-header button[name=language]",  # a button on the dark header
    ],
)
def test_focus_indicator_has_3_to_1_contrast_on_the_login_page(page, selector):
    page.goto("/accounts/login/")
    assert focus_contrast(page, selector) >= 3


def test_focus_indicator_has_3_to_1_contrast_on_grey_filters(page):
    page.goto("/c/ukraine/organizations/")
    assert focus_contrast(page, ".filters select") >= 3
    assert focus_contrast(page, ".filters button") >= 3
