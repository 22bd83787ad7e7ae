"""Uploading a file: the upload, the column mapping when its columns are not recognised, and
the errors file of a refused upload."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backbone.interchange import mapping, rejected
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
    try:
        data.seek(0)
        result = import_values(
            collective=collective,
            organization=organization,
            user=request.user,
            file_name=name,
            stream=data,
            mapping=answer.mapping,
            ignored=answer.ignored,
            source=Source.UPLOAD,
            periods_across=answer.across or False,
            fixed={"period": layout.period} if layout.period else None,
            **layout.read_options(),
        )
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
            guess = partial(guess_columns, dimensions=collective_dimensions(collective))
            shown = mapping.guessed_columns(name, data, layout, guess)
            if answer.mapping is not None:  # the person's own choices stay chosen
                for column in shown:
                    column["role"] = answer.chosen.get(column["index"], "")
            columns = mapping.page(name, data, layout, shown)
        return _upload_page(
            request,
            collective,
            form,
            problems=refusal.problems,
            warnings=refusal.warnings,
            rejected=token,
            columns=columns,
        )
    if result.duplicate_of is not None:
        messages.info(
            request,
            _("This file was already uploaded as submission #%s; nothing was added.")
            % result.duplicate_of.pk,
        )
    else:
        messages.success(
            request,
            _("%(n)s values checked and saved as a draft. Review them, then submit.")
            % {"n": result.rows},
        )
        if result.no_figure:
            messages.info(
                request,
                ngettext(
                    "%(n)s cell held no figure (suppressed, not applicable or empty) and was "
                    "left out.",
                    "%(n)s cells held no figure (suppressed, not applicable or empty) and were "
                    "left out.",
                    result.no_figure,
                )
                % {"n": result.no_figure},
            )
    return redirect("submission_detail", slug=collective.slug, pk=result.submission.pk)


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
    entries = request.session.setdefault("rejected_uploads", {})
    entries[kept.token] = {
        "name": name,
        "organization": organization.pk if organization is not None else None,
    }
    # Only the newest few stay reachable from the session; the files expire on their own.
    for stale in list(entries)[:-20]:
        del entries[stale]
    request.session.modified = True
    return kept.token


def rejected_errors(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    collective_for_user(request.user, slug, Action.SUBMISSION_LIST)  # the permission check
    entry = request.session.get("rejected_uploads", {}).get(token)
    path = rejected.find(token, "errors")
    if entry is None or path is None:
        raise Http404
    fmt = rejected.errors_format(entry["name"])
    stem = Path(entry["name"]).stem
    return _download(path.read_bytes(), f"{stem}-errors.{fmt}", fmt)
