from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.communication.models import DeliveryChannel, DeliveryStatus, How, Topic
from backbone.communication.permissions import Action
from backbone.communication.services import (
    deliveries_for,
    delivery_send_again,
    notifications_mark_read,
    preferences_of,
    preferences_save,
)
from backbone.network.scope import scope_for


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = request.user.notifications.all()[:100]
    return render(request, "communication/notifications.html", {"notifications": notes})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notifications")


@login_required
def delivery_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: what the collective's events told whom, and what did not get through."""
    collective = scope_for(request, slug, Action.DELIVERY_MANAGE).collective
    deliveries = deliveries_for(collective.tree_ids())
    counts = dict(
        deliveries.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    attention = deliveries.filter(
        status__in=[DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN]
    ) | deliveries.filter(status=DeliveryStatus.PENDING, attempts__gt=0)
    context = {
        "collective": collective,
        "counts": [(status, counts.get(status, 0)) for status in DeliveryStatus],
        "attention": attention[:200],
        "recent": deliveries.filter(channel=DeliveryChannel.EMAIL)[:50],
    }
    return render(request, "communication/deliveries.html", context)


@login_required
@require_POST
def delivery_send_again_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collective = scope_for(request, slug, Action.DELIVERY_MANAGE).collective
    delivery = get_object_or_404(deliveries_for(collective.tree_ids()), pk=pk)
    try:
        delivery_send_again(delivery=delivery, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The e-mail will be sent again in a moment."))
    return redirect("deliveries", collective.slug)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """How the person is told of each topic, the language they are written to in, and the
    time zone meeting times and digests follow."""
    from django.conf import settings

    user = request.user
    error = ""
    if request.method == "POST":
        choices = {topic: request.POST.get(f"topic-{topic}", "") for topic in Topic.values}
        language = request.POST.get("language", "")
        zone = request.POST.get("time_zone", "").strip()
        if language and language not in dict(settings.LANGUAGES):
            error = _("Choose one of the languages offered.")
        elif zone and not _is_zone(zone):
            error = _("“%s” is not a time zone; write one such as Europe/Kyiv.") % zone
        else:
            try:
                preferences_save(user=user, choices=choices)
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                user.language = language or user.language
                user.time_zone = zone
                user.save(update_fields=["language", "time_zone"])
                messages.success(request, _("Your choices are saved."))
                return redirect("preferences")
    chosen = preferences_of(user)
    context = {
        "topics": [(value, label, chosen[value]) for value, label in Topic.choices],
        "hows": How.choices,
        "language_choices": settings.LANGUAGES,
        "error": error,
    }
    return render(request, "communication/preferences.html", context, status=400 if error else 200)


def _is_zone(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
