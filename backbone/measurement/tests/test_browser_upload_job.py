"""In a real browser, over the demo with its worker: a large upload is followed on its job
page, and its refusal leads back to the upload page's problems and errors file."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from backbone.browsing import assert_accessible, login
from backbone.measurement.views.upload_job import JOB_ROWS

pytestmark = pytest.mark.browser


def test_a_large_upload_is_followed_on_its_job_page_and_refused_back_to_the_upload(page, tmp_path):
    login(page, "reporter")
    page.goto("/c/ukraine/submissions/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Template (CSV)").click()
    template = download_info.value.path().read_text(encoding="utf-8")
    row = next(csv.DictReader(io.StringIO(template)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    for _n in range(JOB_ROWS + 1):  # past the threshold: the worker checks it
        writer.writerow(dict(row, value="lots"))
    path = tmp_path / "large.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Check and save as draft").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    job = page.locator("#job")
    expect(job).to_contain_text("nothing was saved.", timeout=60_000)
    expect(job).to_contain_text("“lots” is not a number.")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the upload page, with the errors file").click()
    errors = page.locator("#upload-errors")
    expect(errors).to_contain_text("The file was not saved")
    with page.expect_download() as errors_download:
        page.get_by_role("link", name="Download the file with an errors column").click()
    assert "“lots” is not a number" in errors_download.value.path().read_text(encoding="utf-8")
