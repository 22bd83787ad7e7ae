"""What is new, the audit log and contact details in the demo, in a real browser."""

import re

import pytest

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser


def _switch(page, language: str) -> None:
    page.locator(f"button[name=language][value={language}]").click()
    page.wait_for_load_state()


def test_what_is_new_in_hebrew_is_grouped_translated_and_isolated(page):
    login(page, "community")
    page.goto("/c/ukraine/")
    _switch(page, "he")
    # Other browser tests add news to the shared demo: read the last fifty lines, not ten.
    page.get_by_role("link", name="חדשות קודמות").click()
    page.wait_for_load_state()
    items = page.locator("section[aria-labelledby=new-heading] li")
    texts = items.all_inner_texts()
    assert len(texts) == len(set(texts)), "the same line twice"
    # Many people joined a body at once in the demo: one line says how many.
    assert any(re.search(r"\d+ אנשים הצטרפו ל־", t) for t in texts), texts
    html = page.locator("section[aria-labelledby=new-heading]").inner_html()
    assert "«" not in html and "system" not in html and "joined" not in html
    # Every quoted name is isolated, the quotation marks outside it.
    assert re.search(r'"<bdi>[^<]+</bdi>"', html), html
    assert_accessible(page)


def test_audit_log_in_ukrainian_shows_labels_not_codes(page):
    login(page, "staff")
    page.goto("/c/ukraine/audit/")
    _switch(page, "uk")
    text = page.locator("main").inner_text()
    for raw in ("True", "False", "community_council", "body membership", "monthly"):
        assert raw not in text, raw
    who = page.locator("table.audit tbody td:nth-child(2)").all_inner_texts()
    assert "system" not in who
    # Other browser tests add changes to the shared demo: keep one kind of record at a time.
    page.get_by_label("Вид запису").select_option("governance.body")
    page.get_by_role("button", name="Показати").click()
    page.wait_for_load_state()
    assert "Громадська рада" in page.locator("main").inner_text()  # a body's kind, by its label
    page.get_by_label("Вид запису").select_option("governance.bodymembership")
    page.get_by_role("button", name="Показати").click()
    page.wait_for_load_state()
    assert "місце в органі управління" in page.locator("main").inner_text()  # a seat, translated
    assert_accessible(page)


def test_a_reporter_sees_only_their_own_address_among_the_people(page):
    login(page, "reporter")
    page.goto("/c/ukraine/people/")
    cells = page.locator("#person-rows tbody td:nth-child(3)").all_inner_texts()
    assert len(cells) > 100
    assert sum("@" in c for c in cells) == 1  # their own
