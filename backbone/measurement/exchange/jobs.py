"""Exports of a whole collective, run by the worker as jobs ("values.export", "iati.export";
registered by MeasurementConfig.ready): the page that starts one follows its progress and
then offers the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.events.jobs import output_path
from backbone.events.models import Job
from backbone.interchange import writers
from backbone.measurement.exchange import exports
from backbone.network.models import Collective

EXTENSION = {"csv": "csv", "xlsx": "xlsx", "hxl": "csv"}


def run_values_export(job: Job, progress: Callable[..., None]) -> dict:
    collective = Collective.objects.get(pk=job.collective_id)
    fmt, status = job.params["format"], job.params.get("status") or None
    sheet = exports.values_sheet(collective, status=status)
    rows = 0

    def counted() -> Iterator:
        nonlocal rows
        for rows, row in enumerate(sheet.rows, 1):  # noqa: B007 — the count is read after
            progress(rows, "writing")
            yield row

    data = writers.write(writers.Sheet(sheet.headers, counted(), sheet.tags), fmt)
    stamp = timezone.localdate().isoformat()
    name = f"{collective.slug}-values-{status or 'all'}-{stamp}.{EXTENSION[fmt]}"
    output_path(job, name).write_bytes(data)
    summary = _("%(n)s values exported.") % {"n": f"{rows:,}"}
    return {"summary": summary, "download": name, "rows": rows}


def run_iati_export(job: Job, progress: Callable[..., None]) -> dict:
    from backbone.measurement.exchange.iati import iati_activities

    collective = Collective.objects.get(pk=job.collective_id)
    progress(0, "writing", force=True)
    data = iati_activities(collective=collective)
    name = f"{collective.slug}-iati-{timezone.localdate().isoformat()}.xml"
    output_path(job, name).write_bytes(data)
    return {"summary": _("The IATI 2.03 activity file is ready."), "download": name}
