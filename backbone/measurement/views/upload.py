"""Uploading a file: the upload, the column mapping when its columns are not recognised, and
the errors file of a refused upload.

A small file is checked while the person waits; a large one (past `BACKBONE_UPLOAD_JOB_BYTES`
or `BACKBONE_UPLOAD_JOB_ROWS`) is checked and saved by the worker as the job "values.import",
whose page follows it and ends with the same outcome: the submission, or the problems (with
the way back to this page's errors file and column mapping)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from backbone.interchange import mapping, rejected
from backbone.measurement.forms import UploadForm
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.reporting import reporting_for
from backbone.measurement.submissions.imports import ImportRefused
from backbone.measurement.views.common import _download
from backbone.measurement.views.upload_common import (
    _column_choices,
    _import,
    _keep_rejected,
    _mapping_page,
    _outcome,
    _upload_page,
)
from backbone.measurement.views.upload_job import _rows_past_threshold, _start_job
from backbone.network.scope import scope_for


@require_http_methods(["GET", "POST"])
def submission_upload(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    if request.method == "GET":
        # The address a refused upload leaves in the browser (reloaded, or come back to by
        # a change of language): the form is on the submissions page.
        return redirect(reverse("submission_list", args=[slug]) + "#upload-heading")
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
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
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


def rejected_errors(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    scope_for(request, slug, Action.SUBMISSION_LIST)  # the permission check
    entry = request.session.get("rejected_uploads", {}).get(token)
    path = rejected.find(token, "errors")
    if entry is None or path is None:
        raise Http404
    fmt = rejected.errors_format(entry["name"])
    stem = Path(entry["name"]).stem
    return _download(path.read_bytes(), f"{stem}-errors.{fmt}", fmt)
