"""What each person sees in a real browser, with an axe-core check on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "sees", "does_not_see"),
    [
        ("staff", ["Invite a member", "Audit log", "Create a body"], []),
        ("chair", ["Steering committee", "All people"], ["Invite a member", "Audit log"]),
        ("facilitator", ["Working group on foster care"], ["Invite a member"]),
        ("reporter", ["All organizations", "All people"], ["Audit log", "Create a body"]),
        ("reporter2", ["Organizations"], ["Audit log"]),
        ("community", ["Community council", "What is new"], ["Invite a member"]),
        ("admin", ["Invite a member", "Audit log"], []),
    ],
)
def test_each_demo_role_sees_what_it_should(page, username, sees, does_not_see):
    login(page, username)
    page.goto("/c/ukraine/")
    body = page.locator("main").inner_text()
    for text in sees:
        assert text in body, f"{username} should see {text!r}"
    for text in does_not_see:
        assert text not in body, f"{username} should not see {text!r}"
    assert_accessible(page)


def test_anonymous_public_sees_the_collective_but_not_the_people(page):
    page.goto("/c/ukraine/")
    assert "Ukraine care-reform collective" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.goto("/c/ukraine/people/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)


def test_reporter_is_refused_the_audit_log(page):
    login(page, "reporter")
    response = page.goto("/c/ukraine/audit/")
    assert response.status == 403
    assert "Not allowed" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_staff_creates_an_organization_fixing_a_field_error(page):
    login(page, "staff")
    page.goto("/c/ukraine/organizations/")
    assert_accessible(page)
    page.get_by_role("link", name="Add an organization").click()
    # A name already taken (in another case and spacing) and no kind: two field errors.
    page.locator("#id_name_uk").fill("  бо «родина   поруч» ")
    page.get_by_role("button", name="Save").click()
    name_error = page.locator("#id_name_uk_error")
    assert "already exists" in name_error.inner_text()
    # The existing organization is named in the reader's language (English here).
    assert "Family Nearby Charity" in name_error.inner_text()
    assert page.locator("#id_kind_error").is_visible()
    assert_accessible(page)
    page.locator("#id_name_uk").fill("Клуб «Молоді лідери Полтави»")
    page.get_by_label("Name (in English)").fill("Young Leaders Club Poltava")
    page.locator("#id_kind").select_option("informal")
    page.get_by_label("Non-traditional actor in this field").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Young Leaders Club Poltava"
    assert "Organization “Young Leaders Club Poltava” created." in page.inner_text("main")
    assert_accessible(page)


def test_directory_search_updates_in_place(page):
    login(page, "reporter")
    page.goto("/c/ukraine/organizations/")
    page.get_by_role("searchbox", name="Search").fill("Family Nearby")
    # Playwright's expect polls with its own selector engine: wait_for_function would need
    # eval, which the page's Content-Security-Policy forbids.
    expect(page.locator("#organization-rows tbody tr")).to_have_count(1)
    assert "Family Nearby Charity" in page.inner_text("#organization-rows")
    assert "q=Family" in page.url


def test_body_page_and_scope_comparison(page):
    login(page, "facilitator")
    page.goto("/c/ukraine/")
    page.get_by_role("link", name="Working group on foster care").click()
    assert page.locator("h2", has_text="Scope of work").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="All versions and comparison").click()
    assert page.locator("table.diff del").count() > 0
    assert page.locator("table.diff ins").count() > 0
    assert_accessible(page)


def test_switching_to_hebrew_turns_the_page_right_to_left(page):
    login(page, "staff")
    page.goto("/c/ukraine/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.locator("button[name=language][value=he]").click()
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("lang") == "he"
    assert html.get_attribute("dir") == "rtl"
    # The layout mirrors: the brand sits at the right edge, the account links at the left.
    brand = page.locator(".brand").bounding_box()
    logout = page.locator(".bar-end").bounding_box()
    assert brand["x"] > logout["x"]
    assert re.search("[\u0590-\u05ff]", page.locator("main").inner_text())
    assert_accessible(page)
    page.locator("button[name=language][value=en]").click()


def test_browser_language_is_used_until_the_person_picks_another(browser, demo_server):
    context = browser.new_context(base_url=demo_server, locale="uk-UA")
    page = context.new_page()
    page.goto("/c/ukraine/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert "Увійти" in page.inner_text("header")
    assert_accessible(page)
    context.close()
