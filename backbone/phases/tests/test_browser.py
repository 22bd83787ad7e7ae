"""The phases page in a real browser: a milestone ticked by hand, in English and Hebrew."""

import pytest

from backbone.browsing import assert_accessible, in_hebrew_then_back, login

pytestmark = pytest.mark.browser


def test_staff_tick_a_milestone_and_the_national_page_shows_the_oblasts(page):
    login(page, "chair")  # the steering committee keeps the checklist with the staff
    page.goto("/c/ukraine/phases/")
    assert "Organize for impact" in page.locator("main .lead").inner_text()
    tree = page.locator("section[aria-labelledby=tree-heading]").inner_text()
    for oblast in ("Lviv", "Kharkiv", "Odesa"):
        assert oblast in tree
    assert "Sustain action and impact" in tree  # Lviv oblast went further than the nation
    # Champions were ticked by hand in the demo, with a note.
    organize = page.locator("section[aria-labelledby=phase-organize]")
    item = organize.locator("li", has_text="Community engaged in the agenda")
    assert "☐" in item.inner_text()
    item.get_by_label("How it was met").fill("Consultations with 40 foster families")
    item.get_by_role("button", name="Tick").click()
    page.wait_for_load_state()
    item = page.locator("section[aria-labelledby=phase-organize] li", has_text="Community engaged")
    assert "☑" in item.inner_text() and "Consultations with 40 foster families" in item.inner_text()
    assert "Ticked by hand by chair" in item.inner_text()
    assert_accessible(page)

    in_hebrew_then_back(page)


def test_a_reporter_sees_the_checklist_but_no_tick_or_move(page):
    login(page, "reporter")
    page.goto("/c/ukraine/phases/")
    assert page.locator("section[aria-labelledby=phase-initiate] li").count() >= 4
    assert page.get_by_role("button", name="Tick").count() == 0
    assert page.locator("section[aria-labelledby=move-heading]").count() == 0
    assert_accessible(page)
