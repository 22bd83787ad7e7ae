from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from backbone.events.models import Job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's page: how far it is (polled while it runs), then what it found.
    Only whoever started it sees it (and platform admins)."""
    job = get_object_or_404(Job.objects.select_related("collective"), pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return render(request, "events/job.html", {"job": job, "back": job.params.get("back", "")})
