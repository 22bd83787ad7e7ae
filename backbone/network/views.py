"""Web views of the network: collective home, organization and people directories."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.lib import privacy
from backbone.lib.forms import add_service_errors
from backbone.network import selectors, services
from backbone.network.forms import (
    AffiliationForm,
    OrganizationFilterForm,
    OrganizationForm,
    PersonFilterForm,
    PersonForm,
)
from backbone.network.models import Organization, Person
from backbone.network.permissions import Action
from backbone.network.scope import scope_for

# Actions of apps that build on network (home's audit log, governance's bodies), named by
# their registered value: network imports neither.
AUDIT_VIEW = "audit.view"
BODY_VIEW_MEMBERS = "body.view_members"

# Organizations ---------------------------------------------------------------------------


def organization_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.ORGANIZATION_VIEW)
    collective = scope.collective
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = selectors.organization_directory(collective=collective, **filters)
    context = {
        "collective": collective,
        "form": form,
        "organizations": organizations,
        "can_create": scope.can(Action.ORGANIZATION_CREATE, collective),
    }
    template = "network/organization_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, context)


def organization_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.ORGANIZATION_VIEW)
    collective = scope.collective
    organization = scope.get_or_404(
        Organization.objects.prefetch_related("sectors", "places_served"), pk
    )
    show_people = scope.can(Action.PERSON_VIEW, collective)
    context = {
        "collective": collective,
        "organization": organization,
        "affiliations": organization.affiliations.select_related("person").order_by(
            "end_date", "person__name"
        )
        if show_people
        else [],
        "show_people": show_people,
        "can_edit": scope.can(Action.ORGANIZATION_EDIT, organization),
        "can_archive": scope.can(Action.ORGANIZATION_ARCHIVE, organization),
        "can_audit": scope.can(AUDIT_VIEW, collective),
    }
    return render(request, "network/organization_detail.html", context)


def organization_create(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.ORGANIZATION_CREATE).collective
    form = OrganizationForm(request.POST or None, collective=collective)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(collective=collective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organization “%s” created.") % organization.name)
            return redirect("organization_detail", slug=collective.slug, pk=organization.pk)
    return render(
        request, "network/organization_form.html", {"collective": collective, "form": form}
    )


def organization_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.ORGANIZATION_VIEW)
    collective = scope.collective
    organization = scope.get_or_404(Organization.objects.all(), pk)
    scope.require(Action.ORGANIZATION_EDIT, organization)
    form = OrganizationForm(
        request.POST or None,
        initial=OrganizationForm.initial_from(organization),
        collective=organization.collective,
        organization=organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organization_detail", slug=collective.slug, pk=organization.pk)
    context = {"collective": collective, "form": form, "organization": organization}
    return render(request, "network/organization_form.html", context)


@require_POST
def organization_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.ORGANIZATION_VIEW)
    collective = scope.collective
    organization = scope.get_or_404(Organization.objects.all(), pk)
    scope.require(Action.ORGANIZATION_ARCHIVE, organization)
    if request.POST.get("restore"):
        services.organization_restore(organization=organization)
        messages.success(request, _("“%s” is active again.") % organization.name)
    else:
        services.organization_archive(organization=organization)
        messages.success(request, _("“%s” archived.") % organization.name)
    return redirect("organization_detail", slug=collective.slug, pk=organization.pk)


@require_POST
def organization_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.ORGANIZATION_VIEW)
    collective = scope.collective
    organization = scope.get_or_404(Organization.objects.all(), pk)
    scope.require(Action.ORGANIZATION_ARCHIVE, organization)
    name = organization.name
    try:
        services.organization_delete(organization=organization)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("organization_detail", slug=collective.slug, pk=pk)
    messages.success(request, _("“%s” deleted.") % name)
    return redirect("organization_list", slug=collective.slug)


# People ----------------------------------------------------------------------------------


def person_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.PERSON_VIEW)
    collective = scope.collective
    form = PersonFilterForm(request.GET or None, collective=collective)
    filters = form.cleaned_data if form.is_valid() else {}
    people = list(selectors.people_directory(collective=collective, viewer=request.user, **filters))
    context = {
        "collective": collective,
        "form": form,
        # As this reader may see them: an e-mail they may not see is not in the page at all.
        "people": privacy.redact_each(request.user, people),
        "can_create": scope.can(Action.PERSON_CREATE, collective),
    }
    template = "network/person_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, context)


def person_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.PERSON_VIEW)
    collective = scope.collective
    person = scope.get_or_404(Person.objects.select_related("collective"), pk)
    can_edit = scope.can(Action.PERSON_EDIT, person)
    affiliation_form = (
        AffiliationForm(collective=collective)
        if scope.can(Action.PERSON_CREATE, collective)
        else None
    )
    context = {
        "collective": collective,
        "person": privacy.redact(request.user, person),
        "affiliations": selectors.current_affiliations(person),
        # A seat in a body whose member list is private is not told to those it is kept from.
        "seats": [
            seat
            for seat in person.body_memberships.select_related("body__collective").order_by(
                "end_date"
            )
            if scope.can(BODY_VIEW_MEMBERS, seat.body)
        ],
        "can_edit": can_edit,
        "can_archive": scope.can(Action.PERSON_ARCHIVE, person),
        "affiliation_form": affiliation_form,
    }
    return render(request, "network/person_detail.html", context)


def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.PERSON_CREATE).collective
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(collective=collective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%s added.") % person.name)
            return redirect("person_detail", slug=collective.slug, pk=person.pk)
    return render(request, "network/person_form.html", {"collective": collective, "form": form})


def person_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.PERSON_VIEW)
    collective = scope.collective
    person = scope.get_or_404(Person.objects.all(), pk)
    scope.require(Action.PERSON_EDIT, person)
    form = PersonForm(
        request.POST or None,
        initial=PersonForm.initial_from(person),
        hidden=privacy.hidden(request.user, person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("person_detail", slug=collective.slug, pk=person.pk)
    context = {"collective": collective, "form": form, "person": person}
    return render(request, "network/person_form.html", context)


@require_POST
def person_affiliation_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.PERSON_CREATE)
    collective = scope.collective
    person = scope.get_or_404(Person.objects.all(), pk)
    form = AffiliationForm(request.POST, collective=collective)
    if form.is_valid():
        try:
            services.affiliation_start(person=person, **form.cleaned_data)
            messages.success(request, _("Affiliation added."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("The affiliation was not added: %s") % form.errors.as_text())
    return redirect("person_detail", slug=collective.slug, pk=person.pk)


@require_POST
def person_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.PERSON_ARCHIVE)
    collective = scope.collective
    person = scope.get_or_404(Person.objects.all(), pk)
    services.person_archive(person=person)
    messages.success(request, _("%s archived.") % person.name)
    return redirect("person_detail", slug=collective.slug, pk=person.pk)


@require_POST
def person_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.PERSON_ARCHIVE)
    collective = scope.collective
    person = scope.get_or_404(Person.objects.all(), pk)
    name = person.name
    try:
        services.person_delete(person=person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("person_detail", slug=collective.slug, pk=pk)
    messages.success(request, _("%s deleted.") % name)
    return redirect("person_list", slug=collective.slug)
