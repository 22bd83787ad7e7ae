"""A readiness round in a real browser: two stakeholders of different kinds answer, the
report shows the split by kind, staff close the round; in English and Hebrew."""

import pytest

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser

OPEN_ROUND = "/c/ukraine/readiness/3/"


def _logout(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def _answer(page, kind: str, score: str, anonymous: bool):
    page.goto("/c/ukraine/readiness/")
    page.get_by_role("link", name="Answer this round").click()
    page.wait_for_load_state()
    page.get_by_label("I answer as").select_option(label=kind)
    if anonymous:
        page.get_by_label("Answer anonymously").check()
    for group in page.locator("fieldset.rating").all():
        group.get_by_label(score, exact=False).first.check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert "your answers are recorded" in page.inner_text("main")
    assert "You have answered" in page.inner_text("main")


def _ngo_cell(page) -> str:
    headers = page.locator("main table thead th").all_inner_texts()
    column = headers.index("NGO")
    return page.locator("main table tbody tr").first.locator("th, td").nth(column).inner_text()


def test_two_stakeholders_answer_and_the_report_shows_the_split(page):
    login(page, "staff")
    page.goto(OPEN_ROUND)
    assert "14 answers so far" in page.inner_text("main")
    assert _ngo_cell(page) == "fewer than 5"  # four NGO answers: not shown apart
    _logout(page)

    login(page, "reporter")  # an NGO's reporter, as themselves
    page.goto("/c/ukraine/readiness/3/answer/")
    assert_accessible(page)
    _answer(page, "NGO", "4 · agree", anonymous=False)
    _logout(page)

    login(page, "community")  # a care leaver, anonymously
    _answer(page, "Lived experience", "2 · disagree", anonymous=True)
    page.locator("button[name=language][value=he]").click()
    page.wait_for_load_state()
    page.goto("/c/ukraine/readiness/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    _logout(page)

    login(page, "staff")
    page.goto(OPEN_ROUND)
    assert "16 answers so far" in page.inner_text("main")
    # The fifth NGO answer: the NGOs' mean is shown apart now.
    assert _ngo_cell(page) not in ("fewer than 5", "")
    page.get_by_role("button", name="Close the round").click()
    page.wait_for_load_state()
    assert "is closed; its report is final" in page.inner_text("main")
    assert page.get_by_role("link", name="Answer this round").count() == 0
    assert_accessible(page)
