"""In a real browser, over the demo with its worker: a population upload is followed on its
job page until the worker has checked it; staff see what was sent."""

import re

import pytest
from playwright.sync_api import expect

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser

POPULATION = "place,year,sex,value\nUA-46,2020,f,1\nUA-46,2020,m,2\nUA-99,2020,all,3\n"


def test_a_population_upload_is_followed_until_the_worker_has_checked_it(page, tmp_path):
    login(page, "staff")
    page.goto("/c/ukraine/population/")
    upload = tmp_path / "population.csv"
    upload.write_text(POPULATION)
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_label("Only check, save nothing").check()
    page.locator("form[enctype] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    # The page polls until the worker is done: UA-99 is no place, so nothing is saved.
    job = page.locator("#job")
    expect(job).to_contain_text("1 problem; nothing was saved.", timeout=30_000)
    expect(job.locator("tbody tr")).to_have_count(1)
    expect(job.locator("tbody td").nth(0)).to_have_text("4")
    assert_accessible(page)


def test_staff_see_the_notifications_sent(page):
    login(page, "staff")
    page.goto("/c/ukraine/")
    page.get_by_role("link", name="Notifications sent").click()
    expect(page.locator("h1")).to_have_text("Notifications sent")
    expect(page.locator("#recent-heading")).to_be_visible()
    expect(page.locator("ul.counts")).to_contain_text("sent")
    assert_accessible(page)
