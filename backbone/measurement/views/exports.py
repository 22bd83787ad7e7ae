"""Export everything a collective holds: started here, run by the worker, offered for
download on the job's page."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backbone.events.jobs import job_start
from backbone.lib.forms import TextForm
from backbone.measurement.permissions import Action
from backbone.network.scope import scope_for


class ExportForm(TextForm):
    what = forms.ChoiceField(
        label=_("What"),
        choices=[
            ("values", _("Values (every organization, every period)")),
            ("iati", _("Results as an IATI 2.03 activity file (XML)")),
        ],
    )
    format = forms.ChoiceField(
        label=_("File format (values)"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("hxl", _("HXL-tagged CSV"))],
    )
    status = forms.ChoiceField(
        label=_("Which values"),
        required=False,
        choices=[
            ("approved", _("Approved only (what the figures count)")),
            ("", _("All, with their status (drafts, submitted, returned, replaced)")),
        ],
    )


def export(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.MEASUREMENT_MANAGE).collective
    form = ExportForm(request.POST or None, initial={"status": "approved"})
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        job = job_start(
            f"{what}.export",
            collective=collective,
            by=request.user,
            params={
                "format": form.cleaned_data["format"],
                "status": form.cleaned_data["status"],
                "back": reverse("measurement_export", args=[slug]),
            },
            file_name=str(_("Export of %(collective)s") % {"collective": collective.name}),
        )
        return redirect("job", pk=job.pk)
    return render(request, "measurement/export.html", {"collective": collective, "form": form})
