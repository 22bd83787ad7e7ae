"""Endorsing a version and withdrawing an endorsement, for every kind of document: each page
of versions posts here, and is returned to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.documents import registry, services
from backbone.documents.forms import EndorseForm
from backbone.documents.models import Endorsement


def _version(request: HttpRequest, kind_name: str, pk: int):
    try:
        kind = registry.kind(kind_name)
    except LookupError:
        raise Http404 from None
    version = get_object_or_404(kind.model.objects.select_related(*kind.related), pk=pk)
    if not kind.can_view(request.user, version):
        raise Http404
    return kind, version


@require_POST
def endorse(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found, version = _version(request, kind, pk)
    spoken_for = services.organizations_spoken_for(request.user, found.collective(version))
    form = EndorseForm(request.POST, organizations=spoken_for)
    if form.is_valid():
        try:
            endorsement = services.endorsement_give(
                version=version,
                organization=form.cleaned_data["organization"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(org)s endorsed version %(n)d.")
                % {"org": endorsement.organization, "n": version.number},
            )
    else:
        messages.error(request, _("Nothing was endorsed: %s") % form.errors.as_text())
    return redirect(found.url(version))


@require_POST
def endorsement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    endorsement = get_object_or_404(Endorsement.objects.select_related("organization"), pk=pk)
    try:
        kind = registry.kind_of(endorsement.version)
    except LookupError:
        raise Http404 from None
    if endorsement.version is None or not kind.can_view(request.user, endorsement.version):
        raise Http404
    try:
        services.endorsement_withdraw(endorsement=endorsement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The endorsement of %s was withdrawn.") % endorsement.organization
        )
    return redirect(kind.url(endorsement.version))
