"""The 3W in a real browser, over the demo: the charity's reporter imports an HXL file with a
bad row, fixes it and imports it again; the matrix, the map, the gaps and the overlaps change;
the facilitator marks the overlap reviewed. Every page is checked with axe-core."""

import pytest

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser

HEADER = "Activity type,Activity,Oblast,Group,Start,End,Status,Targeted,Reached"
TAGS = "#activity+type,#activity+name,#adm1+code,#beneficiary,#date+start,#date+end,#status,#targeted,#reached"
DAY_CARE = "day-care,Day care in Saltivka (reopened),UA-63,children-disabilities,2026-01-01,2026-12-31,ongoing,40,25"
PARENTING = "parenting,Parenting circles for families at risk,UA-46,families-at-risk,2026-01-01,2026-12-31,ongoing,60,20"
BAD = "juggling,Circus skills,UA-46,families-at-risk,2026-01-01,2026-12-31,ongoing,10,5"


def _file(tmp_path, *rows):
    path = tmp_path / "charity-3w.csv"
    path.write_text("\n".join([HEADER, TAGS, *rows]) + "\n", encoding="utf-8")
    return str(path)


def _gap_rows(page) -> list[str]:
    page.goto("/c/ukraine/activities/gaps/")
    assert_accessible(page)
    return page.locator("#group-gaps-heading ~ table tbody tr").all_inner_texts()


def _overlaps(page) -> str:
    page.goto("/c/ukraine/activities/overlaps/?year=2026")
    assert_accessible(page)
    return page.inner_text("main")


def test_a_reporter_imports_a_3w_the_views_change_and_an_overlap_is_reviewed(page, tmp_path):
    login(page, "reporter")
    assert _gap_rows(page)[0].startswith("Kharkivska oblast\t")  # the most in need first
    before = _overlaps(page)
    assert "Space of Trust" in before and "Family Nearby Charity" not in before.split("Reviewed")[0]

    page.goto("/c/ukraine/activities/import/")
    assert_accessible(page)
    page.get_by_label("3W file").set_input_files(_file(tmp_path, DAY_CARE, BAD, PARENTING))
    page.get_by_role("button", name="Import").click()
    problems = page.locator("table.problems").inner_text()
    assert "charity-3w.csv was not imported: nothing was saved" in page.inner_text("main")
    assert "4\tActivity type\t“juggling” is not a kind of activity" in problems
    assert_accessible(page)

    page.get_by_label("3W file").set_input_files(_file(tmp_path, DAY_CARE, PARENTING))
    page.get_by_role("button", name="Import").click()
    counts = page.locator(".import-counts").inner_text()
    assert "charity-3w.csv is imported" in page.inner_text("main")
    assert "Activities: 2" in counts and "New: 2" in counts
    assert_accessible(page)

    # Kharkiv's children with disabilities are served now; the charity joins the Lviv cell.
    assert not any(row.startswith("Kharkivska oblast") for row in _gap_rows(page))
    after = _overlaps(page)
    assert "Family Nearby Charity" in after.split("Reviewed")[0]

    page.goto("/c/ukraine/activities/matrix/?by=kind")
    assert_accessible(page)
    kharkiv = page.locator("tr", has=page.locator("th", has_text="Kharkivska oblast")).first
    assert "Family Nearby" in kharkiv.inner_text()
    page.goto("/c/ukraine/activities/map/")
    assert_accessible(page)
    assert page.locator("svg").first.is_visible()
    assert "Kharkivska oblast" in page.locator("table").last.inner_text()
    page.get_by_role("button", name="Log out").click()

    login(page, "facilitator")
    page.goto("/c/ukraine/activities/overlaps/?year=2026")
    open_cell = page.locator("form", has=page.get_by_role("button", name="Mark reviewed")).first
    open_cell.get_by_role("button", name="Mark reviewed").click()
    assert "Say why" in page.inner_text("main")  # no reason: nothing saved
    page.goto("/c/ukraine/activities/overlaps/?year=2026")
    open_cell = page.locator("form", has=page.get_by_role("button", name="Mark reviewed")).first
    open_cell.get_by_role("textbox").fill("Each works with other families: referrals agreed")
    open_cell.get_by_role("button", name="Mark reviewed").click()
    assert_accessible(page)
    assert "Each works with other families: referrals agreed" in page.inner_text("main")
    assert page.get_by_role("button", name="Mark reviewed").count() == 0

    for path in ("", "complementarity/", "vocabulary/"):
        page.goto(f"/c/ukraine/activities/{path}")
        assert_accessible(page)
