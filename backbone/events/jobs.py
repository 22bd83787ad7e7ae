"""Long work as a background job: started by a page, run by the worker, its progress shown.

A runner is registered by name (`register("population.import", run)`); `job_start` records
the job and queues its task in the caller's transaction. The runner gets the job and a
`Progress` to tell how far it is; it returns a JSON result, or raises `JobRefused` with the
problems to show (nothing saved). Progress is written by its own short autocommitted updates,
outside the runner's transaction (runners check first and write at the end, all or nothing).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.events.models import Job, JobStatus

logger = logging.getLogger(__name__)

_runners: dict[str, Callable[[Job, Progress], dict]] = {}
# How often a running job writes its progress (rows), and after how long without a word from
# it a running job is taken for one whose worker died.
EVERY = 2000
STALE = dt.timedelta(minutes=10)


class JobRefused(Exception):
    def __init__(self, result: dict[str, Any]):
        super().__init__(result)
        self.result = result


class Progress:
    def __init__(self, job: Job):
        self.job = job
        self._last = 0

    def __call__(self, done: int, stage: str = "", *, force: bool = False) -> None:
        if not force and done - self._last < EVERY:
            return
        self._last = done
        Job.objects.filter(pk=self.job.pk).update(
            done=done, stage=stage or self.job.stage, heartbeat_at=timezone.now()
        )
        if stage:
            self.job.stage = stage


def register(kind: str, runner: Callable[[Job, Progress], dict]) -> None:
    _runners[kind] = runner


def _directory() -> Path:
    return Path(settings.VAR_DIR) / "jobs"


def job_start(
    kind: str, *, collective, by, params: dict | None = None, upload: IO[bytes] | None = None,
    file_name: str = "",
) -> Job:  # fmt: skip
    """Record a job (with a copy of its uploaded file) and queue it for the worker."""
    from backbone.events.tasks import run_job

    if kind not in _runners:
        raise ValueError(f"no runner registered for {kind!r}")
    path = ""
    if upload is not None:
        folder = _directory() / uuid.uuid4().hex
        folder.mkdir(parents=True)
        target = folder / "upload"
        with target.open("wb") as out:
            shutil.copyfileobj(upload, out, 1 << 20)
        path = str(target)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            collective=collective,
            created_by=by if getattr(by, "pk", None) else None,
            params=params or {},
            path=path,
            file_name=file_name,
        )
        run_job.enqueue(job.pk)
    return job


def output_path(job: Job, name: str) -> Path:
    """Where a job writes the file it makes (an export): offered on its page for download
    until `purge_outputs` removes it (`BACKBONE_JOB_OUTPUT_DAYS`, 7 days, after the job)."""
    folder = _directory() / "out" / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / Path(name).name


def output_of(job: Job) -> Path | None:
    """The file a finished job made, if it is still kept."""
    name = (job.result or {}).get("download") if job.status == JobStatus.DONE else None
    if not name:
        return None
    path = _directory() / "out" / str(job.pk) / Path(name).name
    return path if path.is_file() else None


def purge_outputs() -> int:
    """Remove the files of jobs that ended longer ago than BACKBONE_JOB_OUTPUT_DAYS (a sweep of
    the worker); returns how many folders went."""
    root = _directory() / "out"
    if not root.is_dir():
        return 0
    days = getattr(settings, "BACKBONE_JOB_OUTPUT_DAYS", 7)
    before = timezone.now() - dt.timedelta(days=days)
    kept = set(Job.objects.filter(finished_at__gte=before).values_list("pk", flat=True)) | set(
        Job.objects.filter(finished_at__isnull=True).values_list("pk", flat=True)
    )
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and not (folder.name.isdigit() and int(folder.name) in kept):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def run(job_id: int) -> None:
    """Run one queued job (the task's body); a job already taken is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    try:
        result = _runners[job.kind](job, progress)
    except JobRefused as refusal:
        _finish(job, JobStatus.FAILED, result=refusal.result)
    except Exception as error:  # the job fails, the worker goes on
        logger.exception("job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, error=f"{type(error).__name__}: {error}")
    else:
        _finish(job, JobStatus.DONE, result=result, done=progress._last)
        return
    shutil.rmtree(_directory() / "out" / str(job.pk), ignore_errors=True)  # half-written


def _finish(job: Job, status: str, *, result=None, error: str = "", done=None) -> None:
    fields = {"status": status, "finished_at": timezone.now(), "error": error, "path": ""}
    if result is not None:
        fields["result"] = result
    if done is not None:
        fields["done"] = max(done, job.done)
    Job.objects.filter(pk=job.pk).update(**fields)
    if job.path:
        shutil.rmtree(Path(job.path).parent, ignore_errors=True)


def fail_abandoned() -> int:
    """Running jobs whose worker died (no progress for STALE): failed, their file removed.
    Their runner saves all or nothing, so nothing of them was saved."""
    found = 0
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=timezone.now() - STALE)
    for job in stale:
        _finish(
            job,
            JobStatus.FAILED,
            error=_("The worker stopped while this ran; nothing was saved. Start it again."),
        )
        found += 1
    return found
