"""Answering a round (as a member, or through an invitation's link without an account), and
running rounds: open, invite, close."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backbone.lib.forms import add_service_errors
from backbone.network.models import Person
from backbone.network.scope import scope_for
from backbone.readiness import selectors, services
from backbone.readiness.forms import AnswerForm, InviteForm, OpenRoundForm
from backbone.readiness.models import Participation
from backbone.readiness.permissions import Action
from backbone.readiness.selectors import latest_versions, person_of


def round_answer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_ANSWER)
    round = selectors.round_of(here.collective, number)
    person = person_of(request.user, here.collective)
    context = {"collective": here.collective, "round": round, "person": person}
    if person is None:
        context["refusal"] = _(
            "You are not recorded as a person of this collective, so Backbone cannot make "
            "sure you answer once. Ask the backbone staff to add you, or to invite you by link."
        )
    elif Participation.objects.filter(round=round, person=person).exists():
        context["refusal"] = _("You have already answered this round. Thank you.")
    elif not round.is_open:
        context["refusal"] = _("Round %d is closed: it takes no more answers.") % round.number
    if "refusal" in context:
        return render(request, "readiness/answer.html", context)
    form = AnswerForm(
        request.POST or None, round=round, initial={"kind": services.suggested_kind(person)}
    )
    if request.method == "POST" and form.is_valid():
        anonymous = form.cleaned_data.get("anonymous", False)
        try:
            services.response_submit(
                round=round,
                kind=form.cleaned_data["kind"],
                scores=form.scores(),
                person=person,
                organization_kind="" if anonymous else services.organization_kind(person),
                anonymous=anonymous,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers are recorded."))
            return redirect("readiness_rounds", slug=slug)
    context["form"] = form
    return render(request, "readiness/answer.html", context, status=400 if form.errors else 200)


def answer_invited(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: no account needed; the link itself says who may answer."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    round = invitation.round
    context = {"collective": round.collective, "round": round, "invited": True}
    if invitation.answered:
        context["refusal"] = _("This link was already used to answer. Thank you.")
    elif not round.is_open:
        context["refusal"] = _("Round %d is closed: it takes no more answers.") % round.number
    if "refusal" in context:
        return render(request, "readiness/answer.html", context)
    named = invitation.person is not None
    form = AnswerForm(
        request.POST or None,
        round=round,
        named=named,
        initial={"kind": services.suggested_kind(invitation.person)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_invited(
                invitation=invitation,
                kind=form.cleaned_data["kind"],
                scores=form.scores(),
                anonymous=form.cleaned_data.get("anonymous", not named),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context["refusal"] = _("Thank you: your answers are recorded.")
            return render(request, "readiness/answer.html", context)
    context["form"] = form
    return render(request, "readiness/answer.html", context, status=400 if form.errors else 200)


@require_POST
def round_open(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_RUN)
    form = OpenRoundForm(request.POST, versions=latest_versions(here.collective))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("readiness_rounds", slug=slug)
    try:
        round = services.round_open(collective=here.collective, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("readiness_rounds", slug=slug)
    messages.success(request, _("Round %d is open; invite people to answer it.") % round.number)
    return redirect("readiness_invite", slug=slug, number=round.number)


@require_POST
def round_close(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_RUN)
    round = selectors.round_of(here.collective, number)
    services.round_close(round=round)
    messages.success(request, _("Round %d is closed; its report is final.") % round.number)
    return redirect("readiness_report", slug=slug, number=number)


def round_invite(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    here = scope_for(request, slug, Action.READINESS_RUN)
    round = selectors.round_of(here.collective, number)
    people = Person.objects.filter(collective_id__in=here.tree_ids, archived_at=None).exclude(
        email=""
    )
    form = InviteForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.invitations_send(
                round=round,
                emails=form.cleaned_data["emails"].splitlines(),
                people=form.cleaned_data["people"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%d invitation sent.", "%d invitations sent.", len(made))
                % len(made),  # fmt: skip
            )
            return redirect("readiness_invite", slug=slug, number=number)
    context = {
        "collective": here.collective,
        "round": round,
        "form": form,
        "invitations": round.invitations.select_related("person").order_by("-invited_at"),
    }
    return render(request, "readiness/invite.html", context, status=400 if form.errors else 200)
