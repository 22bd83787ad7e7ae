"""The agenda editor in a real browser: the chair drafts and publishes a version with a new
goal, the page compares it and flags the goal; a partner's reporter endorses it."""

import pytest

from backbone.browsing import assert_accessible, in_hebrew_then_back, login

pytestmark = pytest.mark.browser

NEW_GOAL = "Hromadas plan their own family services"


def test_chair_publishes_a_draft_and_a_partner_endorses_it(page):
    login(page, "chair")
    page.goto("/c/ukraine/agenda/edit/")
    assert_accessible(page)
    in_hebrew_then_back(page)
    page.get_by_label("Vision", exact=True).fill(
        "Every child in Ukraine grows up in a safe and loving family, close to home."
    )
    row = page.locator("fieldset.editor-row", has_text="New: Goal").first
    row.locator("input[name$=-title]").fill(NEW_GOAL)  # and no indicator
    row.get_by_label("Horizon").select_option("short")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert "Draft saved" in page.locator(".messages").inner_text()
    assert page.get_by_label("Vision", exact=True).input_value().endswith("close to home.")
    page.get_by_label("What changed").fill("A goal for the hromadas' own planning")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()

    assert page.url.endswith("/c/ukraine/agenda/")
    main = page.locator("main")
    assert "Version 3 published" in page.locator(".messages").inner_text()
    assert "Version 3, published" in main.inner_text()
    assert "close to home." in page.locator("p.vision").inner_text()
    added = page.locator(".compare li.added", has_text=NEW_GOAL)
    assert added.count() == 1
    goal = page.locator("section.chain li", has_text=NEW_GOAL)
    assert "No indicator measures this goal." in goal.inner_text()
    assert_accessible(page)
    in_hebrew_then_back(page)

    login(page, "reporter")  # speaks for Family Nearby Charity
    page.goto("/c/ukraine/agenda/")
    page.get_by_label("Endorse on behalf of").select_option(label="Family Nearby Charity")
    page.get_by_role("button", name="Endorse version 3").click()
    page.wait_for_load_state()
    status = page.locator("section[aria-labelledby=status-heading] table")
    headers = [h.strip() for h in status.locator("thead th").all_inner_texts()]
    column = headers.index("Endorsed version 3")
    endorsing = status.locator("tbody tr", has_text="Family Nearby Charity").locator("th, td")
    assert "Family Nearby Charity" in endorsing.nth(column).inner_text()
    assert "Family Nearby Charity" in page.locator("ul.endorsements").inner_text()
