"""The population page: which denominators a collective has, and a file to add or correct
them (the same importer as `backbone import population`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.events.jobs import job_start
from backbone.interchange import writers
from backbone.lib.forms import TextForm
from backbone.measurement.forms import MAX_UPLOAD_BYTES
from backbone.measurement.models import Population
from backbone.measurement.permissions import Action
from backbone.measurement.populations.files import (
    PopulationRefused,
    export_population,
    import_population,
)
from backbone.measurement.populations.table import PopulationTable
from backbone.measurement.rollups.keys import PlaceTree, combination_categories
from backbone.network.models import Place
from backbone.network.scope import request_scope, scope_for


class PopulationUploadForm(TextForm):
    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX or HXL-tagged CSV)"),
        help_text=gettext_lazy(
            "A row per place and year (and subgroup, with a column per dimension: sex, age "
            "band, disability; “all” for everyone), with the population in a column headed "
            "population or value."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Where the figures come from, if the file does not say."),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Only check, save nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB; split it."))
        return upload


def population(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.INDICATOR_VIEW).collective
    can_manage = request_scope(request).can(Action.MEASUREMENT_MANAGE, collective)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx", "hxl"):
        extension = "xlsx" if fmt == "xlsx" else "csv"
        return _download(export_population(collective, fmt), f"population.{extension}", fmt)
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            # Checked and recorded by the worker; its page shows how far it is.
            upload = form.cleaned_data["file"]
            job = job_start(
                "population.import",
                collective=collective,
                by=request.user,
                params={
                    "source": form.cleaned_data["source"],
                    "dry_run": form.cleaned_data["dry_run"],
                    "language": translation.get_language(),
                    "back": request.path,
                },
                upload=upload.file,
                file_name=upload.name,
            )
            return redirect("job", job.pk)
    context = {
        "collective": collective,
        "form": form if can_manage else None,
        "problems": problems,
        **population_overview(collective),
    }
    return render(request, "measurement/population.html", context)


def population_overview(collective) -> dict:
    """Everyone's population per place (the places with a figure, in tree order) and year,
    as a roll-up would read it, with the subgroups and sources recorded."""
    tree = PlaceTree()
    table = PopulationTable.for_collective(collective, tree, combination_categories())
    years = sorted({year for place in table.years.values() for year in place})
    places = Place.objects.filter(pk__in=table.figures.keys()).order_by("level", "code")
    rows = [
        {
            "place": place,
            "figures": [
                table.figures[place.pk].get(year, {}).get(frozenset())
                if year in table.figures[place.pk]
                else None
                for year in years
            ],
            "everyone": [
                table.population(place.pk, year, {}) if year in table.figures[place.pk] else None
                for year in years
            ],
        }
        for place in places
    ]
    own = Population.objects.filter(collective=collective)
    return {
        "years": years,
        "rows": rows,
        "sources": list(own.values_list("source", flat=True).distinct().order_by("source")[:20]),
        "count": own.count(),
    }


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    content_type = writers.CONTENT_TYPES["xlsx" if fmt == "xlsx" else "csv"]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def run_population_import(job, progress) -> dict:
    """The worker's half of a population upload (registered as "population.import")."""
    from backbone.events.jobs import JobRefused
    from backbone.network.models import Collective

    collective = Collective.objects.get(pk=job.collective_id)
    with translation.override(job.params.get("language") or None), open(job.path, "rb") as stream:
        try:
            result = import_population(
                collective=collective,
                user=job.created_by,
                file_name=job.file_name,
                stream=stream,
                source=job.params.get("source", ""),
                dry_run=job.params.get("dry_run", False),
                progress=progress,
            )
        except PopulationRefused as refusal:
            raise JobRefused(
                {
                    "summary": _("Nothing was saved: the file has problems."),
                    "problems": [problem.as_dict() for problem in refusal.problems],
                }
            ) from None
        summary = _(
            "%(new)s new, %(changed)s changed, %(unchanged)s unchanged; "
            "%(repeated)s repeated rows and %(missing)s without a figure passed over."
        ) % {
            "new": result.new,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "repeated": result.repeated,
            "missing": result.missing,
        }
        if result.dry_run:
            summary = _("Checked, nothing saved: %s") % summary
        else:
            summary = _("Population recorded: %s") % summary
    return {"summary": summary, "rows": result.rows}
