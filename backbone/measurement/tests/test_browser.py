"""Shared measurement in a real browser, over the demo: a reporter's upload with errors, its
correction, review (returned, then approved), the charts and equity view, Ukrainian."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from backbone.browsing import assert_accessible, login

pytestmark = pytest.mark.browser


def _logout(page):
    page.get_by_role("button", name="Log out").click()


def _table_row(page, selector: str, period: str) -> str:
    row = page.locator(f"{selector} tr", has=page.locator("th", has_text=re.compile(f"^{period}")))
    # text_content, not inner_text: the table sits in a closed <details>, not rendered.
    return row.first.text_content() if row.count() else ""


def test_reporter_uploads_fixes_submits_and_staff_returns_then_approves(page, tmp_path):
    login(page, "reporter")
    page.goto("/c/ukraine/submissions/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Template (CSV)").click()
    template = download_info.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(template)))
    # The reporter is assigned three prevention indicators, in the three oblasts they serve.
    assert {r["indicator"] for r in rows} == {
        "prevention-cases",
        "prevention-closed",
        "prevention-kept-together",
    }
    assert {r["place"] for r in rows} == {"UA-46", "UA-51", "UA-63"}
    period = rows[0]["period"]

    def write(values, name):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row, value in zip(rows, values, strict=True):
            writer.writerow(dict(row, value=value))
        path = tmp_path / name
        path.write_text(out.getvalue(), encoding="utf-8")
        return path

    per_indicator = {
        "prevention-cases": 20,
        "prevention-closed": 15,
        "prevention-kept-together": 12,
    }
    good = [per_indicator[r["indicator"]] for r in rows]
    bad = [good[0], "lots", good[2], "-4", *good[4:]]
    page.locator("#id_file").set_input_files(str(write(bad, "prevention.csv")))
    page.get_by_role("button", name="Check and save as draft").click()
    errors = page.locator("#upload-errors")
    assert "The file was not saved: 2 problems" in errors.inner_text()
    table = errors.locator("table").inner_text()
    assert "3\tvalue\t“lots” is not a number." in table
    assert "5\tvalue\ta value cannot be negative." in table
    assert page.get_by_role("link", name="Download the file with an errors column").is_visible()
    assert_accessible(page)
    with page.expect_download() as errors_download:
        page.get_by_role("link", name="Download the file with an errors column").click()
    annotated = errors_download.value.path().read_text(encoding="utf-8")
    assert "“lots” is not a number" in annotated

    page.locator("#id_file").set_input_files(str(write(good, "prevention-fixed.csv")))
    page.get_by_role("button", name="Check and save as draft").click()
    assert "9 values checked and saved as a draft" in page.inner_text("main")
    submission_url = page.url
    page.get_by_role("button", name="Submit for review").click()
    assert "Submitted for review." in page.inner_text("main")
    assert_accessible(page)
    _logout(page)

    login(page, "staff")
    page.goto(submission_url)
    page.locator("input[name^='comment-']").first.fill("Please check against the register")
    page.get_by_label("Reason for returning").fill("Kharkiv cases look low for this month")
    page.get_by_role("button", name="Return with this reason").click()
    assert "Returned to the organization" in page.inner_text("main")
    _logout(page)

    login(page, "reporter")
    page.goto("/notifications/")
    assert "returned: Kharkiv cases look low for this month" in page.inner_text("main")
    page.goto(submission_url)
    assert "Kharkiv cases look low for this month" in page.inner_text("main")
    assert "Please check against the register" in page.inner_text("main")
    page.get_by_role("button", name="Resubmit for review").click()
    _logout(page)

    login(page, "staff")
    page.goto("/c/ukraine/indicators/prevention-cases/")
    assert _table_row(page, "details.data-table", period) == ""
    page.goto(submission_url)
    page.get_by_role("button", name="Approve").click()
    assert "Approved" in page.inner_text("main")
    page.goto("/c/ukraine/indicators/prevention-cases/")
    # The approval shows at once: the month now has the charity's 3 × 20 opened cases.
    assert "60" in _table_row(page, "details.data-table", period)


def test_indicator_chart_and_equity_view_change_on_approval(page):
    login(page, "staff")
    page.goto("/c/ukraine/indicators/in-institutions/")
    page.wait_for_selector("#series-chart[data-drawn='true']")
    assert "Definition changed (version 2)" in page.inner_text("figure")
    assert "2025-07" in page.locator("details.data-table").first.text_content()
    assert_accessible(page)
    page.get_by_role("link", name="Equity view").click()
    # The demo's children with disabilities leave institutions far more slowly: both flags.
    flags = [text.replace("\u2068", "").replace("\u2069", "") for text in
             page.locator("ul.flags li.flag").all_inner_texts()]  # fmt: skip
    assert any("“With disability” only by" in f and "is left behind" in f for f in flags), flags
    assert any("“With disability” is far behind" in f for f in flags), flags
    # Subgroups compared by rate per 10,000 children of their own population, one chart per
    # dimension (sex, age band, disability) with a line per subgroup, the table beneath.
    expect(page.locator("canvas.equity-chart[data-drawn='true']")).to_have_count(3)
    expect(page.locator("#eq-disability ~ p.basis")).to_contain_text("rate per 10,000")
    disability = page.locator("#eq-disability ~ div table tbody tr:not(.targets)").first
    expect(disability.locator("td").first).to_contain_text("(")  # rate (count)
    assert_accessible(page)
    last = page.locator("#eq-sex ~ div table tbody tr:not(.targets)").last.inner_text()
    assert "still coming in" in last
    before = last
    # Kharkiv's last month is waiting for review; approving it changes the view at once.
    page.goto("/c/ukraine/submissions/")
    page.locator("tr", has_text="Submitted").first.get_by_role("link").click()
    page.get_by_role("button", name="Approve").click()
    page.goto("/c/ukraine/indicators/in-institutions/equity/")
    after = page.locator("#eq-sex ~ div table tbody tr:not(.targets)").last.inner_text()
    assert after != before


def test_indicator_page_in_ukrainian(page):
    page.goto("/c/ukraine/indicators/in-institutions/")
    page.get_by_role("button", name="Українська").click()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").inner_text() == "Діти в закладах інституційного догляду"
    assert_accessible(page)


def test_web_grid_totals_are_computed_live(page):
    login(page, "staff")
    page.goto("/c/ua-46/submissions/")
    page.get_by_role("link", name="Enter values in a form").click()
    page.locator("#id_organization").select_option(
        label="Children's Service of Lviv Oblast Military Administration"
    )
    for box in page.locator("input[name=indicators]").all():
        box.uncheck()
    page.get_by_label("in-institutions — Children in residential institutions").check()
    page.locator("#id_period").fill("2026-03")
    page.get_by_role("button", name="Show the grid").click()
    table = page.locator("table[data-grid]").first
    # Already reported (and approved) for that month: the grid opens with the figures.
    assert table.locator("input").first.input_value() != ""
    inputs = table.locator("tbody tr").first.locator("input")
    inputs.nth(0).fill("10")
    inputs.nth(1).fill("5")
    expect(table.locator("tbody tr").first.locator(".row-total")).to_have_text("15")
    assert_accessible(page)


def test_reporter_may_name_places_and_a_misspelt_name_gets_its_code_suggested(page, tmp_path):
    """A partner's own spreadsheet says "Kharkivska oblast", not UA-63."""
    login(page, "reporter")
    page.goto("/c/ukraine/submissions/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Template (CSV)").click()
    template = download_info.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(template)))
    # The template lists the places Family Nearby Charity serves, each with its name.
    assert {(r["place"], r["place name"]) for r in rows} == {
        ("UA-46", "Lvivska oblast"),
        ("UA-51", "Odeska oblast"),
        ("UA-63", "Kharkivska oblast"),
    }
    written = {"UA-46": "Львівська область", "UA-51": "Odeska obl.", "UA-63": "Kharkivska oblast"}

    def upload(names, file_name):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["indicator", "place", "period", "value"])
        writer.writeheader()
        for row in rows:
            writer.writerow({"indicator": row["indicator"], "place": names[row["place"]],
                             "period": row["period"], "value": 7})  # fmt: skip
        path = tmp_path / file_name
        path.write_text(out.getvalue(), encoding="utf-8")
        page.goto("/c/ukraine/submissions/")
        page.locator("#id_file").set_input_files(str(path))
        page.get_by_role("button", name="Check and save as draft").click()

    upload(dict(written, **{"UA-63": "Kharkivska oblst"}), "by-name-misspelt.csv")
    errors = page.locator("#upload-errors")
    assert "The file was not saved" in errors.inner_text()
    table = errors.locator("table").inner_text()
    assert (
        "place\tunknown place “Kharkivska oblst”. Did you mean “UA-63 Kharkivska oblast”?" in table
    )
    assert_accessible(page)

    upload(written, "by-name.csv")
    assert f"{len(rows)} values checked and saved as a draft" in page.inner_text("main")
    main = page.inner_text("main")
    assert "UA-63" in main and "UA-46" in main and "UA-51" in main


def test_a_wide_table_on_the_second_sheet_of_a_workbook_is_imported(page, tmp_path):
    """A statistics office's workbook: a contents sheet first, then places down and months
    across under a title row. The person chooses the sheet, says the months are periods
    across, and the figures are saved as a draft."""
    from openpyxl import Workbook

    from backbone.interchange import periods

    last = periods.current_month() - 1
    months = [periods.code_of(last - 1, "monthly"), periods.code_of(last, "monthly")]
    book = Workbook()
    book.active.title = "Contents"
    book.active.append(["Prevention cases opened, by oblast"])
    book.active.append(["The figures are on the sheet “By month”."])
    sheet = book.create_sheet("By month")
    sheet.append(["Prevention cases opened in each month"])
    sheet.append(["indicator", "place", *months])
    sheet.append(["prevention-cases", "UA-46", 4, 5])
    sheet.append(["prevention-cases", "UA-63", 6, "-"])
    path = tmp_path / "prevention-by-month.xlsx"
    book.save(path)

    login(page, "staff")
    page.goto("/c/ukraine/submissions/")
    page.get_by_label("Organization").select_option(
        label="Ministry of Education and Science of Ukraine"
    )
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Check and save as draft").click()
    expect(page.locator("#upload-errors")).to_contain_text("Choose the sheet that does")
    page.get_by_label("Sheet").select_option(label="2 · By month")
    page.get_by_role("button", name="Check again with these columns").click()
    expect(page.get_by_label(f"What “{months[0]}” holds")).to_be_visible()
    assert_accessible(page)
    for month in months:
        page.get_by_label(f"What “{month}” holds").select_option(
            label="a period's figures (its header is the period)"
        )
    page.get_by_role("button", name="Check again with these columns").click()
    main = page.locator("main")
    expect(main).to_contain_text("3 values checked and saved as a draft")
    expect(main).to_contain_text("1 cell held no figure")
