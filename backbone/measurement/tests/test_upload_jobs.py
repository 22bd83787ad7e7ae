"""A large values upload is checked and saved by the worker; its job's page follows it and ends
as the upload page would: the submission, or the problems with nothing saved."""

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.urls import reverse

from backbone.accounts.tests.test_http_access import client_for
from backbone.events.models import Job, JobStatus
from backbone.events.testing import run_worker
from backbone.measurement.models import Submission, SubmissionEvent, SubmissionStatus, Value
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.testing import csv_file
from backbone.measurement.tests.test_commands import ROWS, _file, _run

OWN_COLUMNS = [
    ["Indicator ID", "Oblast", "Month", "Gender", "Age band", "Children"],
    ["in-care", "UA-46", "2025-01", "f", "0-4", "3"],
    ["in-care", "UA-46", "2025-01", "m", "0-4", "4"],
]


@pytest.fixture
def small_threshold(settings):
    """Any file of more than two rows is large here."""
    settings.BACKBONE_UPLOAD_JOB_ROWS = 2


def _upload(client, world, content: bytes, name="values.csv"):
    return client.post(
        reverse("submission_upload", args=["nation"]),
        {"organization": world.org_a.pk, "file": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_a_large_upload_is_saved_by_the_worker_and_its_page_links_the_submission(
    measure, world, small_threshold
):
    client = client_for(world, "reporter_a")
    response = _upload(client, world, csv_file(ROWS).getvalue())
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.kind == "values.import" and not Submission.objects.exists()
    waiting = client.get(response["Location"]).content.decode()
    assert "Working on values.csv" in waiting and 'hx-trigger="every 1s"' in waiting

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == 3  # rows read, as the page counted
    submission = Submission.objects.get()
    assert submission.organization == world.org_a and submission.created_by == world.reporter_a
    assert submission.status == SubmissionStatus.DRAFT and submission.file_name == "values.csv"
    assert sorted(Value.objects.filter(submission=submission).values_list("value", flat=True)) == [
        3,
        4,
        10,
    ]
    assert SubmissionEvent.objects.filter(
        submission=submission, action=SubmissionEvent.Action.CREATED, by=world.reporter_a
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "every 1s" not in page
    assert "3 values checked and saved as a draft. Review them, then submit." in page
    detail = reverse("submission_detail", args=["nation", submission.pk])
    assert f'href="{detail}"' in page and f"Submission #{submission.pk}" in page


def test_a_small_upload_keeps_its_instant_answer(measure, world):
    response = _upload(client_for(world, "reporter_a"), world, csv_file(ROWS).getvalue())
    submission = Submission.objects.get()
    assert response["Location"] == reverse("submission_detail", args=["nation", submission.pk])
    assert not Job.objects.exists()


def test_a_file_past_the_size_threshold_goes_to_the_worker(measure, world, settings):
    settings.BACKBONE_UPLOAD_JOB_BYTES = 100
    content = csv_file(ROWS).getvalue()
    assert len(content) > 100
    response = _upload(client_for(world, "reporter_a"), world, content)
    assert response["Location"] == reverse("job", args=[Job.objects.get().pk])


def test_the_same_large_file_again_is_told_apart_and_adds_nothing(measure, world, small_threshold):
    client = client_for(world, "reporter_a")
    content = csv_file(ROWS).getvalue()
    _upload(client, world, content)
    run_worker()
    again = _upload(client, world, content)
    run_worker()
    first = Submission.objects.get()
    page = client.get(again["Location"]).content.decode()
    assert f"already uploaded as submission #{first.pk}; nothing was added" in page
    assert Value.objects.count() == 3


def test_a_bad_large_file_ends_with_its_problems_and_nothing_saved(measure, world, small_threshold):
    client = client_for(world, "reporter_a")
    bad = [dict(ROWS[0], value="abc"), dict(ROWS[1], place="UA-99"), ROWS[2]]
    response = _upload(client, world, csv_file(bad).getvalue())
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert not Submission.objects.exists() and not Value.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "2 problems; nothing was saved." in page
    assert "“abc” is not a number." in page and "<td>3</td>" in page
    # Back on the upload page, as a small file's refusal is: the problems and the errors file.
    back = reverse("submission_upload_job", args=["nation", job.pk])
    assert f'href="{back}"' in page
    upload_page = client.get(back)
    assert upload_page.status_code == 422
    assert "“abc” is not a number." in upload_page.content.decode()
    token = upload_page.context["rejected"]
    errors = client.get(reverse("rejected_errors", args=["nation", token]))
    lines = errors.content.decode().splitlines()
    assert lines[0] == "indicator,place,period,sex,age,value,errors"
    assert lines[1] == "in-care,UA-46,2025-01,f,0-4,abc,value: “abc” is not a number."


def test_a_large_file_with_its_own_columns_is_mapped_and_then_saved_by_the_worker(
    measure, world, small_threshold
):
    client = client_for(world, "reporter_a")
    rows = OWN_COLUMNS[1:] + [["in-care", "UA-63", "2025-01", "f", "0-4", "5"]]
    response = _upload(client, world, csv_file(rows, headers=OWN_COLUMNS[0]).getvalue())
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "Say what each column holds" in (
        client.get(response["Location"]).content.decode()
    )
    refused = client.get(reverse("submission_upload_job", args=["nation", job.pk]))
    assert refused.status_code == 422
    assert [c["role"] for c in refused.context["columns"]][2] == "period"  # a header we know
    chosen = {"column-0": "indicator", "column-1": "place", "column-2": "period",
              "column-3": "sex", "column-4": "age", "column-5": "value"}  # fmt: skip
    url = reverse("submission_upload_mapped", args=["nation", refused.context["rejected"]])
    mapped = client.post(url, chosen)
    second = Job.objects.exclude(pk=job.pk).get()
    assert mapped["Location"] == reverse("job", args=[second.pk])
    run_worker()
    second.refresh_from_db()
    assert second.status == JobStatus.DONE, second.result
    assert sorted(Value.objects.values_list("value", flat=True)) == [3, 4, 5]


def test_another_organizations_reporter_cannot_follow_the_job(measure, world, small_threshold):
    bad = [dict(ROWS[0], value="abc"), *ROWS[1:]]
    response = _upload(client_for(world, "reporter_a"), world, csv_file(bad).getvalue())
    run_worker()
    job = Job.objects.get()
    other = client_for(world, "reporter_b")
    assert other.get(response["Location"]).status_code == 404
    assert other.get(reverse("submission_upload_job", args=["nation", job.pk])).status_code in (
        403,
        404,
    )


def test_import_values_tells_progress_as_it_reads(measure, world):
    told = []
    import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="values.csv",
        stream=csv_file(ROWS),
        progress=lambda done, stage="", *, force=False: told.append((done, stage)),
    )
    assert told == [(1, ""), (2, ""), (3, ""), (3, "saving")]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_shows_a_bar_on_a_terminal_and_prints_the_same(
    measure, world, tmp_path, monkeypatch
):
    args = ["import", "values", str(_file(tmp_path, ROWS)), "--collective", "nation",
            "--organization", str(world.org_a.pk), "--user", "reporter_a"]  # fmt: skip
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out, err = _run(*args)
    submission = Submission.objects.get()
    assert out == f"submission {submission.pk}: 3 rows\n" and err == ""
    assert "values.csv" in terminal.getvalue() and "3 rows" in terminal.getvalue()


@pytest.mark.postgres_behaviour
@pytest.mark.django_db(transaction=True)
def test_progress_told_inside_the_import_transaction_is_seen_by_the_page_meanwhile(measure, world):
    from backbone.events import jobs
    from backbone.measurement.views.upload_job import _beside_the_transaction

    job = Job.objects.create(kind="values.import", collective=world.national)
    progress = jobs.Progress(job)
    seen = []

    def page_reads() -> None:  # as the polling page would, on a connection of its own
        seen.append(Job.objects.get(pk=job.pk).done)
        connections.close_all()

    with transaction.atomic():
        with _beside_the_transaction(progress) as told:
            for n in range(1, jobs.EVERY + 2):
                told(n)
            told(jobs.EVERY + 1, "saving", force=True)
        if connection.vendor == "sqlite":
            # One writer at a time: the progress is written in the transaction itself.
            page_reads_here = Job.objects.get(pk=job.pk)
            seen.append(page_reads_here.done)
        else:
            reader = threading.Thread(target=page_reads)
            reader.start()
            reader.join()
    assert seen == [jobs.EVERY + 1] and progress._last == jobs.EVERY + 1
    assert Job.objects.get(pk=job.pk).stage == "saving"


def test_what_the_worker_saves_is_recorded_as_the_uploaders_doing(
    measure, world, small_threshold, monkeypatch
):
    from simple_history.models import HistoricalRecords

    from backbone.measurement.views import upload_common as upload_views

    acting = []
    real = upload_views.import_values

    def watched(**kwargs):
        acting.append(HistoricalRecords.context.request.user)
        return real(**kwargs)

    monkeypatch.setattr(upload_views, "import_values", watched)
    _upload(client_for(world, "reporter_a"), world, csv_file(ROWS).getvalue())
    run_worker()
    assert acting == [world.reporter_a] and Submission.objects.exists()
