from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backbone.communication.services import notifications_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = request.user.notifications.all()[:100]
    return render(request, "communication/notifications.html", {"notifications": notes})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notifications")
