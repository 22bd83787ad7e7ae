"""Staff pages of a collective's webhooks. Nothing here posts: posting is the worker's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backbone.lib.forms import add_service_errors
from backbone.network.scope import scope_for
from backbone.webhooks import services
from backbone.webhooks.forms import WebhookForm
from backbone.webhooks.models import Webhook
from backbone.webhooks.permissions import Action


def _collective(request: HttpRequest, slug: str):
    return scope_for(request, slug, Action.WEBHOOK_MANAGE).collective


def _webhook(collective, pk: int) -> Webhook:
    return get_object_or_404(Webhook.objects.filter(collective=collective), pk=pk)


def _secret_page(request: HttpRequest, collective, webhook: Webhook, secret: str, *, new: bool):
    """The secret, shown this once (never stored in a message, a cookie or a cache)."""
    context = {"collective": collective, "webhook": webhook, "secret": secret, "new": new}
    return render(request, "webhooks/secret.html", context)


@login_required
def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(request, slug)
    context = {
        "collective": collective,
        "webhooks": services.webhooks_of(collective),
    }
    return render(request, "webhooks/webhooks.html", context)


@never_cache
@login_required
def webhook_add(request: HttpRequest, slug: str) -> HttpResponse:
    collective = _collective(request, slug)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook, secret = services.webhook_create(
                collective=collective, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _secret_page(request, collective, webhook, secret, new=True)
    return render(request, "webhooks/webhook_form.html", {"collective": collective, "form": form})


@never_cache
@login_required
@require_POST
def webhook_secret_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collective = _collective(request, slug)
    webhook = _webhook(collective, pk)
    secret = services.webhook_new_secret(webhook=webhook, by=request.user)
    return _secret_page(request, collective, webhook, secret, new=False)


@login_required
@require_POST
def webhook_disable_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collective = _collective(request, slug)
    webhook = services.webhook_disable(webhook=_webhook(collective, pk), by=request.user)
    messages.success(
        request, _("%(name)s is disabled: nothing is posted to it.") % {"name": webhook.name}
    )
    return redirect("webhooks", collective.slug)


@login_required
@require_POST
def webhook_enable_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collective = _collective(request, slug)
    try:
        webhook = services.webhook_enable(webhook=_webhook(collective, pk), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is enabled again.") % {"name": webhook.name})
    return redirect("webhooks", collective.slug)


@login_required
@require_POST
def delivery_send_again_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    collective = _collective(request, slug)
    delivery = get_object_or_404(services.deliveries_of(collective), pk=pk)
    try:
        services.delivery_send_again(delivery=delivery, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("It will be posted again in a moment."))
    return redirect("webhooks", collective.slug)
