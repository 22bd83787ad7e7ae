"""Web views of governance bodies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.documents.selectors import version_history
from backbone.governance import selectors, services
from backbone.governance.forms import BodyForm, MembershipForm, ScopeForm
from backbone.governance.models import Body, BodyMembership
from backbone.governance.permissions import Action
from backbone.lib import privacy
from backbone.lib.forms import add_service_errors
from backbone.network.scope import request_scope, scope_for


def _body(request: HttpRequest, slug: str, pk: int, action: Action) -> Body:
    here = scope_for(request, slug, Action.BODY_VIEW)
    body = here.get_or_404(Body.objects.select_related("collective"), pk)
    here.require(action, body)
    return body


def body_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(request, slug, pk, Action.BODY_VIEW)
    current, former = selectors.body_members(body)
    can_edit = request_scope(request).can(Action.BODY_EDIT, body)
    show_members = request_scope(request).can(Action.BODY_VIEW_MEMBERS, body)
    context = {
        "collective": body.collective,
        "body": body,
        "show_members": show_members,
        "member_count": len(current),
        # Each seat with its person as this reader may see them (backbone.lib.privacy).
        "current": [(m, privacy.redact(request.user, m.person)) for m in current]
        if show_members
        else [],
        "former": former if show_members else [],
        "scope": body.current_scope(),
        "can_edit": can_edit,
        "membership_form": MembershipForm(collective=body.collective) if can_edit else None,
    }
    return render(request, "governance/body_detail.html", context)


def body_create(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.BODY_CREATE).collective
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(collective=collective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%s” created.") % body.name)
            return redirect("body_detail", slug=collective.slug, pk=body.pk)
    return render(request, "governance/body_form.html", {"collective": collective, "form": form})


def body_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(request, slug, pk, Action.BODY_EDIT)
    form = BodyForm(request.POST or None, initial=BodyForm.initial_from(body))
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("body_detail", slug=slug, pk=body.pk)
    context = {"collective": body.collective, "form": form, "body": body}
    return render(request, "governance/body_form.html", context)


@require_POST
def membership_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(request, slug, pk, Action.BODY_EDIT)
    form = MembershipForm(request.POST, collective=body.collective)
    if form.is_valid():
        try:
            membership = services.membership_add(body=body, **form.cleaned_data)
            messages.success(request, _("%s joined the body.") % membership.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Nobody was added: %s") % form.errors.as_text())
    return redirect("body_detail", slug=slug, pk=body.pk)


@require_POST
def membership_end(request: HttpRequest, slug: str, pk: int, membership_pk: int) -> HttpResponse:
    body = _body(request, slug, pk, Action.BODY_EDIT)
    membership = get_object_or_404(BodyMembership, pk=membership_pk, body=body)
    try:
        services.membership_end(membership=membership)
        messages.success(request, _("%s left the body; their history is kept.") % membership.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("body_detail", slug=slug, pk=body.pk)


def scope_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(request, slug, pk, Action.BODY_EDIT)
    current = body.current_scope()
    initial = {
        "text": current.text if current else "",
        "based_on": current.number if current else 0,
    }
    form = ScopeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.scope_publish(
                body=body,
                text=form.cleaned_data["text"],
                change_note=form.cleaned_data["change_note"],
                by=request.user,
                based_on=form.cleaned_data["based_on"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %d published.") % version.number)
            return redirect("scope_versions", slug=slug, pk=body.pk)
    context = {"collective": body.collective, "body": body, "form": form, "current": current}
    return render(request, "governance/scope_form.html", context)


def scope_versions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(request, slug, pk, Action.BODY_VIEW)
    history = version_history(
        "scope", body, request.user, a=request.GET.get("a"), b=request.GET.get("b")
    )
    context = {
        "collective": body.collective,
        "body": body,
        "history": history,
        "can_edit": request_scope(request).can(Action.BODY_EDIT, body),
    }
    return render(request, "governance/scope_versions.html", context)
