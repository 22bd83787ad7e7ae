"""In a real browser, over the demo: the data officer corrects last month's approved figures of
the Lviv service through the web form; the coordinator sees, before approving, which submission
the correction replaces and each figure it changes."""

import os
import re

import pytest
from playwright.sync_api import expect

from backbone.browsing import assert_accessible, login
from backbone.interchange import periods

pytestmark = pytest.mark.browser

SERVICE = "Children's Service of Lviv Oblast Military Administration"


def test_the_review_page_shows_what_a_correction_replaces_and_changes(page):
    last = periods.code_of(periods.current_month() - 1, periods.MONTHLY)
    login(page, "staff2")
    page.goto("/c/ua-46/submissions/new/")
    page.locator("#id_organization").select_option(label=SERVICE)
    for code in ("prevention-cases", "prevention-closed", "prevention-kept-together"):
        page.get_by_label(re.compile(f"{code} —")).uncheck()
    page.locator("#id_period").fill(last)
    page.get_by_role("button", name="Show the grid").click()
    # The form opens with last month's approved figures; one is corrected, one left out.
    cells = page.locator("table[data-grid] input")
    old = cells.nth(0).input_value()
    cells.nth(0).fill(str(int(old) + 7))
    cells.nth(1).fill("")
    page.get_by_role("button", name="Check and save as draft").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main")).to_contain_text("Submitted for review.")
    correction = page.url
    page.get_by_role("button", name="Log out").click()

    login(page, "staff")
    page.goto(correction)
    section = page.locator("#replacement")
    expect(section).to_contain_text(re.compile(r"This submission replaces #\d+ \(approved on "))
    expect(section).to_contain_text("by staff): approving it retires the figures of #")
    expect(page.locator("#replacement-counts")).to_contain_text(
        "1 figure changes · 0 cells added · 1 cell no longer reported · 43 unchanged"
    )
    rows = page.locator("#changes tbody tr")
    expect(rows).to_have_count(2)
    changed = rows.nth(0).locator("td")
    expect(changed.nth(0)).to_have_text("changed")
    expect(changed.nth(1)).to_have_text("in-institutions")
    expect(changed.nth(3)).to_have_text(last)
    expect(changed.nth(5)).to_have_text(old)
    expect(changed.nth(6)).to_have_text(str(int(old) + 7))
    expect(rows.nth(1).locator("td").nth(0)).to_have_text("no longer reported")
    expect(rows.nth(1).locator("td").nth(6)).to_have_text("—")
    assert_accessible(page)
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.environ["SCREENSHOTS"], full_page=True)
    # Approved, the earlier submission says it was replaced, and the diff stays as history.
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#replacement")).to_contain_text("whose figures no longer count.")
