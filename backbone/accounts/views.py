from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backbone.accounts import services
from backbone.accounts.forms import AcceptInvitationForm, ApiTokenForm, InviteForm
from backbone.accounts.permissions import Action
from backbone.accounts.selectors import visible_roles
from backbone.lib.forms import add_service_errors
from backbone.network.scope import scope_for


def invite(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.MEMBER_INVITE).collective
    form = InviteForm(request.POST or None, collective=collective)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _raw = services.invitation_create(
                collective=collective,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %s.") % invitation.email)
            return redirect("invite", slug=collective.slug)
    pending = collective.invitations.filter(accepted_at__isnull=True).order_by("-created_at")[:20]
    context = {"collective": collective, "form": form, "pending": pending}
    return render(request, "accounts/invite.html", context)


def login_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """What django-axes answers a locked account or address (AXES_LOCKOUT_CALLABLE): the log-in
    page again, saying why and for how long, with 429 Too Many Requests."""
    # Each refused attempt starts the cool-off again, so the wait is the whole of it.
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    notice = ngettext(
        "Too many failed log-ins for this account or from this address. Log-in is paused: "
        "try again in %(minutes)d minute.",
        "Too many failed log-ins for this account or from this address. Log-in is paused: "
        "try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    context = {
        "form": AuthenticationForm(
            request, initial={"username": (credentials or {}).get("username", "")}
        ),
        "locked_out": notice,
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                invitation=invitation,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %s.") % invitation.collective)
            return redirect("collective_home", slug=invitation.collective.slug)
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    context = {
        "roles": visible_roles(request.user),
        # The person record, where one is linked: its page holds the contact details and the
        # choice of who sees them.
        "person": getattr(request.user, "person", None),
        "tokens": request.user.api_tokens.order_by("-created_at"),
        "form": form,
        "new_key": new_key,
    }
    return render(request, "accounts/account.html", context)
