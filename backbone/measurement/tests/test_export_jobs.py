"""Export everything from the browser: a job the worker runs, its page, its file."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from backbone.accounts.tests.test_http_access import client_for
from backbone.events import jobs
from backbone.events.models import Job, JobStatus
from backbone.events.testing import run_worker
from backbone.measurement.testing import approved_upload


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def approved(world, measure):
    return approved_upload(
        collective=world.national, organization=world.org_a, reporter=world.reporter_a,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-46", "period": f"2025-0{m}", "value": m}
              for m in (1, 2, 3)],
    )  # fmt: skip


def test_staff_export_every_value_through_a_job_and_download_the_file(world, approved):
    client = client_for(world, "staff")
    url = reverse("measurement_export", args=["nation"])
    assert "Export everything" in client.get(url).content.decode()
    response = client.post(url, {"what": "values", "format": "csv", "status": "approved"})
    job = Job.objects.get()
    assert response.url == reverse("job", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    page = client.get(response.url).content.decode()
    assert "3 values exported." in page
    assert reverse("job_download", args=[job.pk]) in page
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [(r["indicator"], r["period"], r["value"]) for r in rows] == [
        ("workers", "2025-01", "1"), ("workers", "2025-02", "2"), ("workers", "2025-03", "3"),
    ]  # fmt: skip


def test_the_iati_file_is_exported_the_same_way(world, approved):
    client = client_for(world, "staff")
    client.post(reverse("measurement_export", args=["nation"]), {"what": "iati", "format": "csv"})
    run_worker()
    job = Job.objects.get()
    download = client.get(reverse("job_download", args=[job.pk]))
    root = etree.fromstring(b"".join(download.streaming_content))
    assert root.tag == "iati-activities" and root.get("version") == "2.03"


def test_only_staff_start_an_export_and_only_its_starter_downloads_it(world, approved):
    url = reverse("measurement_export", args=["nation"])
    for persona in ("reporter_a", "community", "outsider"):
        assert client_for(world, persona).get(url).status_code == 403, persona
    client_for(world, "staff").post(url, {"what": "values", "format": "csv", "status": ""})
    run_worker()
    job = Job.objects.get()
    download = reverse("job_download", args=[job.pk])
    assert client_for(world, "steering").get(download).status_code == 404
    assert client_for(world, "staff").get(download).status_code == 200


def test_exported_files_are_removed_a_week_after_their_job(world, approved, settings):
    client_for(world, "staff").post(
        reverse("measurement_export", args=["nation"]), {"what": "values", "format": "xlsx"}
    )
    run_worker()
    job = Job.objects.get()
    assert jobs.output_of(job) is not None
    assert jobs.purge_outputs() == 0  # ended just now: kept
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    assert jobs.purge_outputs() == 1
    assert jobs.output_of(job) is None
    page = client_for(world, "staff").get(reverse("job", args=[job.pk])).content.decode()
    assert "no longer kept" in page
