"""Uploading a file: the upload, the column mapping when its columns are not recognised, and
the errors file of a refused upload.

A small file is checked while the person waits; a large one (past `BACKBONE_UPLOAD_JOB_BYTES`
or `BACKBONE_UPLOAD_JOB_ROWS`) is checked and saved by the worker as the job "values.import",
whose page follows it and ends with the same outcome: the submission, or the problems (with
the way back to this page's errors file and column mapping)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.db import connection, connections
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backbone.events.jobs import EVERY, JobRefused, job_start
from backbone.events.models import Job, JobStatus
from backbone.interchange import mapping, rejected
from backbone.interchange.problems import Problem
from backbone.lib.audit import acting_as
from backbone.lib.permissions import can
from backbone.measurement.forms import UploadForm
from backbone.measurement.models import Source
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.reporting import reporting_for
from backbone.measurement.selectors.submissions import submissions_for
from backbone.measurement.submissions.checks import collective_dimensions, guess_columns
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.views.common import _download
from backbone.network.access import collective_for_user
from backbone.network.models import Collective, Organization

JOB = "values.import"
# Past these a file is checked by the worker rather than while the person waits (a partner's
# spreadsheet of some hundred rows keeps its instant answer).
JOB_BYTES = 2 * 1024 * 1024
JOB_ROWS = 5000


@require_POST
def submission_upload(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    form = UploadForm(request.POST, request.FILES, user=request.user, collective=collective)
    if not form.is_valid():
        return _upload_page(request, collective, form)
    upload = form.cleaned_data["file"]
    # The upload is read as a stream (large ones wait in a temporary file), never whole.
    return _import_upload(
        request, collective, form, form.cleaned_data["organization"], upload.name, upload
    )


@require_POST
def submission_upload_mapped(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A refused file again, with what each column holds as the person chose it."""
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    entry = request.session.get("rejected_uploads", {}).get(token)
    path = rejected.find(token, "upload")
    if entry is None or path is None or not entry.get("organization"):
        raise Http404
    organization = get_object_or_404(
        reporting_for(request.user, collective).organizations(), pk=entry["organization"]
    )
    with path.open("rb") as stream:
        return _import_mapped(request, collective, token, entry, organization, stream)


def _import_mapped(request, collective, token, entry, organization, data) -> HttpResponse:
    """The kept file imported again as the person laid it out: the sheet, the header row, the
    period of every row, and what each column holds (by position)."""
    roles = dict(_column_choices(collective))
    layout, problems = mapping.layout_from(request.POST)
    answer = mapping.Answer()
    # Another sheet or header row is another table: its columns are read as their headers say.
    if request.POST.get("shown", layout.key()) == layout.key():
        columns = mapping.columns_of(entry["name"], data, layout)
        try:
            answer = mapping.answer_from(request.POST, columns, roles)
        except KeyError:
            raise Http404 from None  # not a choice the form offered
    problems += answer.problems
    form = UploadForm(
        user=request.user, collective=collective, initial={"organization": organization}
    )
    if problems:
        columns = mapping.columns_of(entry["name"], data, layout)
        for column in columns:  # the person's choices, as they made them
            column["role"] = answer.chosen.get(column["index"], "")
        return _upload_page(
            request,
            collective,
            form,
            problems=problems,
            rejected=token,
            columns=mapping.page(entry["name"], data, layout, columns),
        )
    return _import_upload(
        request, collective, form, organization, entry["name"], data, layout, answer
    )


def _import_upload(
    request, collective, form, organization, name: str, data, layout=None, answer=None
) -> HttpResponse:
    layout = layout or mapping.Layout()
    answer = answer or mapping.Answer()
    data.seek(0)
    rows = _rows_past_threshold(name, data)
    if rows is not None:
        return _start_job(request, collective, organization, name, data, layout, answer, rows)
    try:
        result = _import(collective, organization, request.user, name, data, layout, answer)
    except ImportRefused as refusal:
        token = _keep_rejected(
            request,
            name,
            data,
            refusal.problems,
            organization,
            for_mapping=refusal.columns,
            read_options=layout.read_options(),
        )
        columns = None
        if refusal.columns:
            columns = _mapping_page(collective, name, data, layout, answer)
        return _upload_page(
            request,
            collective,
            form,
            problems=refusal.problems,
            warnings=refusal.warnings,
            rejected=token,
            columns=columns,
        )
    for level, text in _outcome(result):
        messages.add_message(request, level, text)
    return redirect("submission_detail", slug=collective.slug, pk=result.submission.pk)


def _import(collective, organization, user, name: str, data, layout, answer, progress=None):
    """The one call both the page and the worker make."""
    data.seek(0)
    return import_values(
        collective=collective,
        organization=organization,
        user=user,
        file_name=name,
        stream=data,
        mapping=answer.mapping,
        ignored=answer.ignored,
        source=Source.UPLOAD,
        periods_across=answer.across or False,
        fixed={"period": layout.period} if layout.period else None,
        progress=progress,
        **layout.read_options(),
    )


def _mapping_page(collective, name: str, data, layout, answer) -> dict:
    """The column mapping of a file refused for its columns, with the columns guessed (or as
    the person chose them, if they did)."""
    guess = partial(guess_columns, dimensions=collective_dimensions(collective))
    shown = mapping.guessed_columns(name, data, layout, guess)
    if answer.mapping is not None:  # the person's own choices stay chosen
        for column in shown:
            column["role"] = answer.chosen.get(column["index"], "")
    return mapping.page(name, data, layout, shown)


def _outcome(result) -> list[tuple[int, str]]:
    """What the person is told of an import that went through (as messages, or on the job's
    page)."""
    if result.duplicate_of is not None:
        return [
            (
                messages.INFO,
                _("This file was already uploaded as submission #%s; nothing was added.")
                % result.duplicate_of.pk,
            )
        ]
    told = [
        (
            messages.SUCCESS,
            _("%(n)s values checked and saved as a draft. Review them, then submit.")
            % {"n": result.rows},
        )
    ]
    if result.no_figure:
        told.append(
            (
                messages.INFO,
                ngettext(
                    "%(n)s cell held no figure (suppressed, not applicable or empty) and was "
                    "left out.",
                    "%(n)s cells held no figure (suppressed, not applicable or empty) and were "
                    "left out.",
                    result.no_figure,
                )
                % {"n": result.no_figure},
            )
        )
    return told


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
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
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


def _upload_page(
    request, collective, form, *, problems=(), warnings=(), rejected=None, columns=None
) -> HttpResponse:
    context = {
        "collective": collective,
        "form": form,
        "problems": problems,
        "warnings": warnings,
        "rejected": rejected,
        "mapping": columns,
        "columns": columns["columns"] if columns is not None else None,
        "choices": _column_choices(collective) if columns is not None else None,
        "submissions": submissions_for(
            request.user,
            collective,
            can_review=can(request.user, Action.SUBMISSION_REVIEW, collective),
        )[:200],
    }
    status = 422 if problems or form.errors else 200
    return render(request, "measurement/submission_list.html", context, status=status)


def _column_choices(collective) -> list[tuple[str, str]]:
    """What a column may hold, as the mapping form offers it."""
    return [
        ("", _("not used")),
        ("indicator", _("indicator code")),
        ("place", _("place code")),
        ("period", _("period")),
        (mapping.PERIODS, _("a period's figures (its header is the period)")),
        ("organization", _("organization")),
        ("value", _("value")),
        *(
            (code, _("%s category") % dimension.localized_name)
            for code, dimension in collective_dimensions(collective).items()
        ),
    ]


def _keep_rejected(
    request, name: str, data, problems, organization=None, *, for_mapping: bool, read_options=None
) -> str:
    """Keep what the refused upload's page offers next (see `rejected`): the file itself for
    the column mapping, or its errors file for the download."""
    kept = rejected.keep(
        name=name,
        stream=data,
        problems=problems,
        for_mapping=for_mapping,
        read_options=read_options,
    )
    _remember_rejected(request, kept.token, name, organization)
    return kept.token


def _remember_rejected(request, token: str, name: str, organization) -> None:
    """Make what is kept of a refused upload reachable from the person's session."""
    entries = request.session.setdefault("rejected_uploads", {})
    entries[token] = {
        "name": name,
        "organization": organization.pk if organization is not None else None,
    }
    # Only the newest few stay reachable from the session; the files expire on their own.
    for stale in list(entries)[:-20]:
        del entries[stale]
    request.session.modified = True


def rejected_errors(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    collective_for_user(request.user, slug, Action.SUBMISSION_LIST)  # the permission check
    entry = request.session.get("rejected_uploads", {}).get(token)
    path = rejected.find(token, "errors")
    if entry is None or path is None:
        raise Http404
    fmt = rejected.errors_format(entry["name"])
    stem = Path(entry["name"]).stem
    return _download(path.read_bytes(), f"{stem}-errors.{fmt}", fmt)
