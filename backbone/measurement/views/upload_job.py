"""A large values upload, checked and saved by the worker as the job "values.import"; its
page follows it, and a refusal leads back to the upload page with its problems."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, connections
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from backbone.events.jobs import EVERY, JobRefused, job_start
from backbone.events.models import Job, JobStatus
from backbone.interchange import mapping, rejected
from backbone.interchange.problems import Problem
from backbone.lib.audit import acting_as
from backbone.measurement.forms import UploadForm
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.reporting import reporting_for
from backbone.measurement.submissions.imports import ImportRefused
from backbone.measurement.views.upload_common import (
    _import,
    _mapping_page,
    _outcome,
    _remember_rejected,
    _upload_page,
)
from backbone.network.models import Collective, Organization
from backbone.network.scope import scope_for

JOB = "values.import"
# Past these a file is checked by the worker rather than while the person waits (a partner's
# spreadsheet of some hundred rows keeps its instant answer).
JOB_BYTES = 2 * 1024 * 1024
JOB_ROWS = 5000


def _rows_past_threshold(name: str, data) -> int | None:
    """None for a file small enough to check at once; else about how many rows it has (0 when
    that is not known without reading it: a workbook)."""
    data.seek(0, 2)
    size = data.tell()
    data.seek(0)
    limit_bytes = getattr(settings, "BACKBONE_UPLOAD_JOB_BYTES", JOB_BYTES)
    limit_rows = getattr(settings, "BACKBONE_UPLOAD_JOB_ROWS", JOB_ROWS)
    text = rejected.errors_format(name) == "csv"
    lines = 0
    if text:
        # Lines, not rows (a quoted cell may hold a line break, a title may sit above the
        # headers), but near enough for "N of about M rows".
        for chunk in iter(lambda: data.read(1 << 20), b""):
            lines += chunk.count(b"\n")
        data.seek(0)
        lines = max(lines - 1, 0)  # the header row
    if size > limit_bytes or lines > limit_rows:
        return lines
    return None


def _start_job(request, collective, organization, name, data, layout, answer, rows) -> HttpResponse:
    data.seek(0)
    job = job_start(
        JOB,
        collective=collective,
        by=request.user,
        params={
            "organization": organization.pk,
            "layout": {
                "sheet": layout.sheet,
                "header_row": layout.header_row,
                "period": layout.period,
            },
            "answer": {
                "mapping": answer.mapping,
                "ignored": list(answer.ignored),
                "across": list(answer.across),
                "chosen": [[index, role] for index, role in answer.chosen.items()],
            },
            "total": rows,
            "language": translation.get_language(),
            "back": reverse("submission_list", args=[collective.slug]),
        },
        upload=data,
        file_name=name,
    )
    return redirect("job", job.pk)


def run_values_import(job, progress) -> dict:
    """The worker's half of a large upload (registered as "values.import"): the same import,
    and on refusal what the page would keep (the errors file, or the file for its mapping)."""
    collective = Collective.objects.get(pk=job.collective_id)
    organization = Organization.objects.get(pk=job.params["organization"])
    layout = mapping.Layout(**job.params["layout"])
    given = job.params["answer"]
    answer = mapping.Answer(
        mapping=given["mapping"],
        ignored=given["ignored"],
        across=given["across"],
        chosen={index: role for index, role in given["chosen"]},
    )
    with (
        translation.override(job.params.get("language") or None),
        acting_as(job.created_by),  # the audit log names the uploader, as for a small file
        open(job.path, "rb") as stream,
    ):
        try:
            with _beside_the_transaction(progress) as told:
                result = _import(
                    collective, organization, job.created_by, job.file_name, stream, layout,
                    answer, told,
                )  # fmt: skip
        except ImportRefused as refusal:
            kept = rejected.keep(
                name=job.file_name,
                stream=stream,
                problems=refusal.problems,
                for_mapping=refusal.columns,
                read_options=layout.read_options(),
            )
            raise JobRefused(
                {
                    "summary": _("Nothing was saved: the file has problems."),
                    "problems": [problem.as_dict() for problem in refusal.problems],
                    "warnings": [warning.as_dict() for warning in refusal.warnings],
                    "token": kept.token,
                    "columns": refusal.columns,
                    "link": {
                        "url": reverse("submission_upload_job", args=[collective.slug, job.pk]),
                        "text": _("Say what each column holds")
                        if refusal.columns
                        else _("Back to the upload page, with the errors file"),
                    },
                }
            ) from None
        told = _outcome(result)
        submission = result.duplicate_of or result.submission
        return {
            "summary": " ".join(text for _level, text in told),
            "rows": result.rows,
            "submission": submission.pk,
            "link": {
                "url": reverse("submission_detail", args=[collective.slug, submission.pk]),
                "text": _("Submission #%s") % submission.pk,
            },
        }


@contextmanager
def _beside_the_transaction(progress):
    """Progress told from inside the import's transaction (rows are checked and written in
    one), written by a thread of its own, on its own autocommitted connection, so that the
    job's page sees it while the transaction is open. SQLite allows one writer at a time, so
    there it is written in the transaction and shown when the job ends."""
    if connection.vendor == "sqlite":
        yield progress
        return
    latest: list = [0, "", False]
    wake = threading.Event()
    ended = threading.Event()

    def write() -> None:
        try:
            while not ended.is_set():
                wake.wait()
                wake.clear()
                done, stage, force = latest
                progress(done, stage, force=force)
            done, stage, _force = latest  # what was told last, even while the above wrote
            progress(done, stage, force=True)
        finally:
            connections.close_all()  # this thread's connection only

    sent = 0

    def told(done: int, stage: str = "", *, force: bool = False) -> None:
        nonlocal sent
        latest[:] = [done, stage, force]
        if force or done - sent >= EVERY:
            sent = done
            wake.set()

    writer = threading.Thread(target=write, name="job-progress", daemon=True)
    writer.start()
    try:
        yield told
    finally:
        ended.set()
        wake.set()
        writer.join()


def submission_upload_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A large upload the worker refused, back on the upload page as a small one would be:
    its problems, its errors file, or its column mapping."""
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    job = get_object_or_404(
        Job, pk=pk, kind=JOB, collective=collective, created_by_id=request.user.pk,
        status=JobStatus.FAILED,
    )  # fmt: skip
    token = job.result.get("token")
    if not token:
        raise Http404
    organization = get_object_or_404(
        reporting_for(request.user, collective).organizations(), pk=job.params["organization"]
    )
    _remember_rejected(request, token, job.file_name, organization)
    form = UploadForm(
        user=request.user, collective=collective, initial={"organization": organization}
    )
    columns = None
    kept = rejected.find(token, "upload")
    if job.result.get("columns") and kept is not None:
        layout = mapping.Layout(**job.params["layout"])
        given = job.params["answer"]
        answer = mapping.Answer(
            mapping=given["mapping"], chosen={index: role for index, role in given["chosen"]}
        )
        with kept.open("rb") as stream:
            columns = _mapping_page(collective, job.file_name, stream, layout, answer)
    return _upload_page(
        request,
        collective,
        form,
        problems=[Problem(**problem) for problem in job.result.get("problems", [])],
        warnings=[Problem(**warning) for warning in job.result.get("warnings", [])],
        rejected=token,
        columns=columns,
    )
