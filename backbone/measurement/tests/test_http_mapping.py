"""The column-mapping step in the web: columns by position, a workbook's sheet, periods across."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from backbone.accounts.tests.test_http_access import client_for
from backbone.interchange import periods
from backbone.interchange.mapping import PERIODS
from backbone.measurement.models import Submission, SubmissionStatus, Value
from backbone.measurement.testing import csv_file


def _upload(client, world, data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(
        reverse("submission_upload", args=["nation"]),
        {"organization": world.org_a.pk, "file": upload},
    )


@pytest.mark.parametrize("blanks", [2, 3])
def test_mapping_headerless_columns_saves_the_column_chosen(measure, world, blanks):
    """Column 8 mapped to the value and column 7 "not used": column 8's figures are saved,
    whatever the empty headers beside it; an earlier draft is replaced only by what was meant."""
    headers = ["indicator", "place", "period", "a", "b", *[""] * blanks]
    width = len(headers)
    rows = [
        ["workers", place, "2025-01", "", "", *[str(n) for n in range(1, blanks)], "1"]
        for place in ("UA-46", "UA-63")
    ]
    rows[0][-1], rows[1][-1] = "40", "50"
    client = client_for(world, "reporter_a")
    refused = _upload(client, world, csv_file(rows, headers).getvalue(), "blank.csv")
    assert refused.status_code == 422
    names = [c["name"] for c in refused.context["columns"]]
    assert names[-blanks:] == [f"column {n}" for n in range(width - blanks + 1, width + 1)]
    chosen = {f"column-{i}": "" for i in range(width)}
    chosen.update({"column-0": "indicator", "column-1": "place", "column-2": "period"})
    chosen[f"column-{width - 1}"] = "value"
    url = reverse("submission_upload_mapped", args=["nation", refused.context["rejected"]])
    assert client.post(url, chosen).status_code == 302
    submission = Submission.objects.get()
    assert sorted(submission.values.values_list("value", flat=True)) == [40, 50]
    assert submission.status == SubmissionStatus.DRAFT


def _two_sheets() -> bytes:
    book = Workbook()
    book.active.title = "Contents"
    book.active.append(["Social workers by oblast, 2025"])
    book.active.append(["See the sheet Workers."])
    sheet = book.create_sheet("Workers")
    sheet.append(["Social workers at the end of each month"])
    sheet.append(["indicator", "place", "2025-01", "2025-02"])
    sheet.append(["workers", "UA-46", 5, 6])
    sheet.append(["workers", "UA-63", 7, "-"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_wide_table_on_a_second_sheet_is_imported_once_the_sheet_is_chosen(measure, world):
    client = client_for(world, "reporter_a")
    refused = _upload(client, world, _two_sheets(), "workers.xlsx")
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Choose the sheet that does: 1 “Contents”, 2 “Workers”." in body
    assert refused.context["mapping"]["sheets"] == ["Contents", "Workers"]
    url = reverse("submission_upload_mapped", args=["nation", refused.context["rejected"]])
    # The sheet chosen: its columns are shown, the period headers guessed as periods across.
    sheet = client.post(url, {"shown": refused.context["mapping"]["shown"], "sheet": "Workers"})
    assert sheet.status_code == 422
    guessed = [(c["name"], c["role"]) for c in sheet.context["columns"]]
    assert guessed == [
        ("indicator", "indicator"),
        ("place", "place"),
        ("2025-01", PERIODS),
        ("2025-02", PERIODS),
    ]
    chosen = {f"column-{c['index']}": c["role"] for c in sheet.context["columns"]}
    done = client.post(
        url, {"shown": sheet.context["mapping"]["shown"], "sheet": "Workers", **chosen}
    )
    assert done.status_code == 302
    assert sorted(Value.objects.values_list("place__code", "period", "value")) == [
        ("UA-46", periods.month_index(2025, 1), 5),
        ("UA-46", periods.month_index(2025, 2), 6),
        ("UA-63", periods.month_index(2025, 1), 7),
    ]


def test_a_bad_header_row_is_asked_again(measure, world):
    client = client_for(world, "reporter_a")
    refused = _upload(client, world, _two_sheets(), "workers.xlsx")
    url = reverse("submission_upload_mapped", args=["nation", refused.context["rejected"]])
    again = client.post(url, {"sheet": "Workers", "header-row": "two"})
    assert again.status_code == 422
    assert "The header row is a row number, such as 3; or leave it empty." in again.content.decode()
    assert Submission.objects.count() == 0


def test_a_file_without_a_period_column_gets_the_period_of_every_row(measure, world):
    client = client_for(world, "reporter_a")
    rows = [["workers", "UA-46", "3"], ["workers", "UA-63", "4"]]
    refused = _upload(
        client, world, csv_file(rows, ["indicator", "place", "value"]).getvalue(), "p.csv"
    )
    assert refused.status_code == 422
    assert 'name="fixed-period"' in refused.content.decode()
    url = reverse("submission_upload_mapped", args=["nation", refused.context["rejected"]])
    chosen = {"column-0": "indicator", "column-1": "place", "column-2": "value"}
    done = client.post(url, {**chosen, "fixed-period": "2025-02"})
    assert done.status_code == 302
    assert set(Value.objects.values_list("period", flat=True)) == {periods.month_index(2025, 2)}
