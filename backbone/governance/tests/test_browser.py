"""A body's page in a real browser: a private member list, and the members table beside the
scope of work."""

import pytest

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser

MEMBERS = "section[aria-labelledby=members-heading]"
SCOPE = "section[aria-labelledby=scope-heading]"


def _open_body(page, name: str) -> None:
    page.goto("/c/ukraine/")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_reporter_sees_how_many_sit_on_the_community_council_but_not_who(page):
    login(page, "community")  # sits on the council: sees who the others are
    _open_body(page, "Community council")
    names = page.locator(f"{MEMBERS} table tbody a").all_inner_texts()
    assert len(names) == 10, names
    council = page.url
    page.context.clear_cookies()

    login(page, "reporter")
    page.goto(council)
    members = page.locator(MEMBERS)
    text = members.inner_text()
    assert "10 members" in text
    assert "member list private" in text
    assert members.locator("table").count() == 0
    html = page.content()
    for name in names:
        assert name not in html, f"{name} shown to a reporter"
    assert_accessible(page)


def _box(page, selector: str) -> dict:
    return page.locator(selector).evaluate(
        "(e) => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def test_hebrew_members_table_scrolls_beside_the_scope_of_work_at_1000_px(page):
    login(page, "staff")
    page.set_viewport_size({"width": 1000, "height": 900})
    _open_body(page, "Working group on foster care")
    page.locator("button[name=language][value=he]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    region = f"{MEMBERS} .table-scroll[role=region]"
    members, scope = _box(page, MEMBERS), _box(page, SCOPE)
    assert members["left"] > scope["right"], "two columns side by side, members on the right"
    assert not _overlap(_box(page, region), scope)
    # The table is wider than its column and scrolls inside the region, not over the scope.
    table_width = page.locator(f"{region} table").evaluate("(t) => t.scrollWidth")
    assert table_width > page.locator(region).evaluate("(r) => r.clientWidth")
    assert page.locator(MEMBERS).evaluate("(s) => s.scrollWidth <= s.clientWidth")
    assert_accessible(page)
