"""Background jobs: queued by a page, run by the worker, their progress and outcome kept."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from backbone.events import jobs
from backbone.events.models import Job, JobStatus
from backbone.events.testing import run_worker

SEEN = {}


def _counting(job, progress):
    rows = job.params["rows"]
    for n in range(1, rows + 1):
        progress(n)
    SEEN["done"] = Job.objects.get(pk=job.pk).done  # what the page would read meanwhile
    SEEN["file"] = open(job.path, "rb").read()  # noqa: SIM115
    return {"summary": f"{rows} rows"}


def _broken(job, progress):
    raise ValueError("the file ends in the middle of a row")


def _refusing(job, progress):
    raise jobs.JobRefused({"summary": "Nothing was saved.", "problems": [{"row": 2}]})


@pytest.fixture(autouse=True)
def _runners():
    jobs.register("test.count", _counting)
    jobs.register("test.broken", _broken)
    jobs.register("test.refusing", _refusing)


def test_a_job_runs_in_the_worker_with_its_file_and_progress(world):
    job = jobs.job_start(
        "test.count", collective=world.national, by=world.staff,
        params={"rows": jobs.EVERY * 2 + 5}, upload=io.BytesIO(b"a,b\n1,2\n"), file_name="x.csv",
    )  # fmt: skip
    assert job.status == JobStatus.QUEUED
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"summary": f"{jobs.EVERY * 2 + 5} rows"}
    assert SEEN == {"done": jobs.EVERY * 2, "file": b"a,b\n1,2\n"}
    assert job.path == "" and job.finished_at is not None  # its copy of the upload removed


def test_a_failing_job_says_why_and_the_worker_goes_on(world):
    broken = jobs.job_start("test.broken", collective=world.national, by=world.staff)
    refused = jobs.job_start("test.refusing", collective=world.national, by=world.staff)
    counted = jobs.job_start(
        "test.count", collective=world.national, by=world.staff, params={"rows": 1},
        upload=io.BytesIO(b"x"),
    )  # fmt: skip
    run_worker()
    for job in (broken, refused, counted):
        job.refresh_from_db()
    assert broken.status == JobStatus.FAILED and "ends in the middle" in broken.error
    assert refused.status == JobStatus.FAILED and refused.result["problems"] == [{"row": 2}]
    assert counted.status == JobStatus.DONE


def test_a_job_whose_worker_died_is_failed_not_left_running(world):
    job = jobs.job_start("test.count", collective=world.national, by=world.staff)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now() - jobs.STALE - dt.timedelta(1)
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "nothing was saved" in job.error
    # The task that comes late finds it taken and leaves it.
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_an_unknown_kind_is_refused_at_once(world):
    with pytest.raises(ValueError, match="no runner"):
        jobs.job_start("test.nothing", collective=world.national, by=world.staff)
