"""Content in the reader's language: names of collectives, bodies, indicators and
organizations follow the interface language, the same on every page; names sort by the
reader's alphabet."""

import pytest

from backbone.browsing import login

pytestmark = pytest.mark.browser

UKRAINIAN_ALPHABET = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"

CONTENT = {
    "uk": {
        "collective": "Українське об'єднання з реформи догляду за дітьми",
        "body": "Керівний комітет",
        "indicator": "Діти в закладах інституційного догляду",
        "rule": "Діти віком 0–17 років, які в останній день місяця проживають у закладі",
        "organization": "Служба у справах дітей Львівської обласної військової адміністрації",
    },
    "en": {
        "collective": "Ukraine care-reform collective",
        "body": "Steering committee",
        "indicator": "Children in residential institutions",
        "rule": "Children of 0–17 years living in a residential institution",
        "organization": "Children's Service of Lviv Oblast Military Administration",
    },
}


def _switch(page, language: str) -> None:
    page.goto("/c/ukraine/")
    page.locator(f"button[name=language][value={language}]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["uk", "en"])
def test_content_names_follow_the_interface_language_on_every_page(page, language):
    expected, other = CONTENT[language], CONTENT["en" if language == "uk" else "uk"]
    login(page, "staff")
    try:
        _switch(page, language)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").inner_text() == expected["collective"]
        assert expected["body"] in page.locator("main").inner_text()
        page.goto("/c/ukraine/indicators/in-institutions/")
        assert page.locator("h1").inner_text() == expected["indicator"]
        assert expected["rule"] in page.locator("main").inner_text()
        # One organization, named alike on the directory, the submissions and who reported.
        for url, where in [
            ("/c/ukraine/organizations/", "#organization-rows"),
            ("/c/ukraine/submissions/", "section[aria-labelledby=list-heading] tbody"),
            ("/c/ukraine/completeness/", "main table tbody"),
        ]:
            page.goto(url)
            text = page.locator(where).first.inner_text()
            assert expected["organization"] in text, url
            assert other["organization"] not in text, url
    finally:
        _switch(page, "en")


def test_the_ukrainian_people_list_is_in_alphabetical_order(page):
    login(page, "staff")
    try:
        _switch(page, "uk")
        page.goto("/c/ukraine/people/")
        names = page.locator("#person-rows tbody tr td:first-child").all_inner_texts()
        assert len(names) > 100
        initials = [UKRAINIAN_ALPHABET.index(name[0]) for name in names]
        assert initials == sorted(initials), names[:10]
        assert names[0].startswith("А")
        # Code-point order put Євген and Іван before Андрій.
        first_a = next(i for i, n in enumerate(names) if n.startswith("Андрій"))
        assert first_a < next(i for i, n in enumerate(names) if n.startswith(("Євген", "Іван")))
    finally:
        _switch(page, "en")
