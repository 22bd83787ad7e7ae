from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from backbone.events import jobs
from backbone.events.models import Job


def _job(request: HttpRequest, pk: int) -> Job:
    """Only whoever started a job sees it (and platform admins)."""
    job = get_object_or_404(Job.objects.select_related("collective"), pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's page: how far it is (polled while it runs), then what it found."""
    job = _job(request, pk)
    context = {
        "job": job,
        "back": job.params.get("back", ""),
        "download": jobs.output_of(job) is not None,
    }
    return render(request, "events/job.html", context)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished job made (an export)."""
    path = jobs.output_of(_job(request, pk))
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
