"""Importing a 3W file: the upload (a dry run if asked), the problems of a refused file at
their row and column, and, for a file whose columns were not recognised, the platform's
column mapping (the file is kept, as the measurement upload keeps it, and imported again
with what the person says each column holds)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backbone.activities.forms import ImportForm
from backbone.activities.imports import ROLES, ActivitiesRefused, import_activities
from backbone.activities.imports.columns import find_roles
from backbone.activities.models import ActivityImport
from backbone.activities.permissions import Action
from backbone.activities.views.common import activities_scope, may_record
from backbone.interchange import mapping, rejected
from backbone.interchange.readers import read_table
from backbone.interchange.tables import UnreadableFile

SESSION_KEY = "rejected_activity_imports"


def _import_scope(request: HttpRequest, slug: str):
    here = activities_scope(request, slug)
    if not may_record(here):
        here.require(Action.ACTIVITY_IMPORT_ANY)  # refused: they record for nobody
    return here


def role_choices() -> list[tuple[str, str]]:
    """What a column may hold: not used, or one of the importer's roles (by its name)."""
    labels = {
        "key": _("Activity id"),
        "lead": _("Lead organization"),
        "implementing": _("Implementing partner"),
        "funding": _("Funder"),
        "partner": _("Other partner"),
        "org_type": _("Type of organization"),
        "kind": _("Kind of activity"),
        "title": _("Title of the activity"),
        "description": _("Description"),
        "place": _("Place"),
        "start": _("Start date"),
        "end": _("End date"),
        "status": _("Status"),
        "targeted": _("People targeted"),
        "reached": _("People reached"),
        "group": _("Group served"),
        "budget": _("Budget"),
        "currency": _("Currency"),
        "funding_source": _("Funding source"),
        "period": _("Reporting period (month)"),
        "note": _("Note"),
    }
    return [("", _("not used"))] + [(role, labels.get(role, role)) for role in ROLES]


def _page(request, here, form, **extra) -> HttpResponse:
    context = {
        "collective": here.collective,
        "form": form,
        "recent": ActivityImport.objects.filter(collective_id__in=here.tree_ids)
        .select_related("by", "organization", "replaced_by")
        .order_by("-at")[:20],
        "roles": list(ROLES),
        **extra,
    }
    return render(request, "activities/import.html", context)


def activity_import(request: HttpRequest, slug: str) -> HttpResponse:
    here = _import_scope(request, slug)
    staff = here.can(Action.ACTIVITY_IMPORT_ANY)
    if request.method != "POST":
        return _page(request, here, ImportForm(staff=staff))
    form = ImportForm(request.POST, request.FILES, staff=staff)
    if not form.is_valid():
        return _page(request, here, form)
    upload = form.cleaned_data["file"]
    options = {
        "dry_run": form.cleaned_data["dry_run"],
        "create_organizations": staff and form.cleaned_data.get("create_organizations", False),
    }
    return _import(request, here, form, upload.name, upload, options, token=None)


def activity_import_mapped(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The refused file again, with what each column holds as the person chose it."""
    here = _import_scope(request, slug)
    if request.method != "POST":
        return redirect("activity_import", slug=slug)
    entry = request.session.get(SESSION_KEY, {}).get(token)
    path = rejected.find(token, "upload")
    if entry is None or path is None:
        raise Http404
    staff = here.can(Action.ACTIVITY_IMPORT_ANY)
    options = {
        "dry_run": bool(entry.get("dry_run")),
        "create_organizations": staff and bool(entry.get("create_organizations")),
    }
    with path.open("rb") as stream:
        columns = mapping.columns_of(entry["name"], stream, mapping.Layout())
        try:
            answer = mapping.answer_from(request.POST, columns, dict(role_choices()[1:]))
        except KeyError:
            raise Http404 from None  # not a choice the form offered
        if answer.problems:
            return _mapping_page(
                request, here, token, entry["name"], columns, answer.chosen, answer.problems
            )
        options["mapping"] = {role: f"column {index + 1}" for role, index in answer.mapping.items()}
        options["ignored"] = [f"column {index + 1}" for index in answer.ignored]
        return _import(
            request, here, ImportForm(staff=staff), entry["name"], stream, options, token=token
        )


def _import(request, here, form, name: str, stream, options: dict, *, token) -> HttpResponse:
    try:
        result = import_activities(
            collective=here.collective,
            user=request.user,
            file_name=name,
            stream=stream,
            **options,
        )
    except ActivitiesRefused as refusal:
        if refusal.columns:
            if token is None:
                token = rejected.keep(
                    name=name, stream=stream, problems=refusal.problems, for_mapping=True
                ).token
                entries = request.session.setdefault(SESSION_KEY, {})
                entries[token] = {
                    "name": name,
                    "dry_run": options["dry_run"],
                    "create_organizations": options["create_organizations"],
                }
                for stale in list(entries)[:-10]:
                    del entries[stale]
                request.session.modified = True
            columns = mapping.columns_of(name, stream, mapping.Layout())
            return _mapping_page(
                request, here, token, name, columns, _guess(name, stream), refusal.problems
            )
        return _page(request, here, form, refusal=refusal, file_name=name)
    if not result.dry_run and result.duplicate_of is None:
        messages.success(request, _("The file %s is imported.") % name)
    return _page(request, here, ImportForm(staff=here.can(Action.ACTIVITY_IMPORT_ANY)),
                 result=result, file_name=name)  # fmt: skip


def _guess(name: str, stream) -> dict[int, str]:
    """What the importer recognised in each column by its header or hashtag."""
    try:
        stream.seek(0)
        table = read_table(name, stream)
    except UnreadableFile:
        return {}
    roles, _parts, _problems = find_roles(table, {}, [])
    return {index: role for role, found in roles.items() if role != "key" for index in found}


def _mapping_page(request, here, token, name, columns, chosen: dict, problems) -> HttpResponse:
    for column in columns:
        column["role"] = chosen.get(column["index"], "")
    return _page(
        request,
        here,
        ImportForm(staff=here.can(Action.ACTIVITY_IMPORT_ANY)),
        refusal=ActivitiesRefused(list(problems), columns=True),
        file_name=name,
        token=token,
        columns=columns,
        choices=role_choices(),
    )
