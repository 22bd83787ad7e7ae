"""What the upload page and the worker's upload job share: the import call, the column
mapping, the outcome messages, the upload page and the refused files kept for it."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backbone.interchange import mapping, rejected
from backbone.measurement.models import Source
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.submissions import submissions_for
from backbone.measurement.submissions.checks import collective_dimensions, guess_columns
from backbone.measurement.submissions.imports import import_values
from backbone.network.scope import request_scope


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
            can_review=request_scope(request).can(Action.SUBMISSION_REVIEW, collective),
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
