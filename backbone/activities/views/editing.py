"""Recording an activity by hand, and correcting one: the activity's fields and one row per
place it is done in (people targeted and reached there). A reporter records for the
organizations they report for; staff for any of the collective's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backbone.activities import services
from backbone.activities.forms import ActivityForm, PlaceFormSet, place_label
from backbone.activities.models import Activity, OrganizationRole
from backbone.activities.permissions import Action
from backbone.activities.selectors import strategies_of
from backbone.activities.services import ActivityInput, PlaceFigures
from backbone.activities.views.common import activities_scope, lead_choices, place_subtree
from backbone.activities.views.records import _activity
from backbone.lib.forms import add_service_errors

# The service's keys that are about the places rather than one field of the form.
PLACE_KEYS = ("places", "reached")


def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    leads = lead_choices(here)
    if not leads.exists():
        here.require(Action.ACTIVITY_IMPORT_ANY)  # a 403 for whoever records for nobody
    return _edit(request, here, None, leads)


def activity_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = activities_scope(request, slug)
    activity = _activity(here, pk)
    here.require(Action.ACTIVITY_EDIT, activity)
    return _edit(request, here, activity, lead_choices(here))


def _initial(activity: Activity) -> tuple[dict, list[dict]]:
    roles = list(activity.roles.all())
    initial = {
        name: getattr(activity, name)
        for name in (
            "title", "kind", "description", "strategy", "working_group", "status", "start",
            "end", "budget", "currency", "funding_source", "note",
        )
    }  # fmt: skip
    initial["lead"] = next((r.organization for r in roles if r.role == OrganizationRole.LEAD), None)
    initial["implementing"] = [
        r.organization for r in roles if r.role == OrganizationRole.IMPLEMENTING
    ]
    initial["funders"] = [r.organization for r in roles if r.role == OrganizationRole.FUNDING]
    initial["groups"] = list(activity.groups.all())
    initial["indicators"] = list(activity.indicators.all())
    rows = [
        {"place": place_label(p.place), "targeted": p.targeted, "reached": p.reached}
        for p in activity.places.all()
    ]
    return initial, rows


def _edit(request, here, activity: Activity | None, leads) -> HttpResponse:
    places = place_subtree(here)
    by_code = {p.code.casefold(): p for p in places}
    initial, rows = _initial(activity) if activity is not None else ({}, [])
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(
        data,
        initial=initial,
        collective=here.collective,
        leads=leads,
        strategies=strategies_of(here.collective),
    )
    formset = PlaceFormSet(data, initial=rows, prefix="places", form_kwargs={"places": by_code})
    place_errors: list[str] = []
    if data is not None and form.is_valid() & formset.is_valid():
        chosen = form.cleaned_data
        figures = [
            PlaceFigures(row["place"], row.get("targeted"), row.get("reached"))
            for row in formset.cleaned_data
            if row.get("place") is not None
        ]
        given = ActivityInput(
            kind=chosen["kind"],
            title=chosen["title"],
            lead=chosen["lead"],
            places=figures,
            partners=form.partners(),
            description=chosen["description"],
            strategy=chosen["strategy"],
            working_group=chosen["working_group"],
            start=chosen["start"],
            end=chosen["end"],
            status=chosen["status"],
            budget=chosen["budget"],
            currency=chosen["currency"],
            funding_source=chosen["funding_source"],
            groups=list(chosen["groups"]),
            indicators=list(chosen["indicators"]),
            note=chosen["note"],
        )
        try:
            if activity is None:
                activity = services.activity_create(
                    collective=here.collective, data=given, by=request.user
                )
                messages.success(request, _("The activity “%s” is recorded.") % activity.title)
            else:
                services.activity_update(activity=activity, data=given)
                messages.success(request, _("The activity “%s” is saved.") % activity.title)
        except ValidationError as error:
            place_errors = _split_errors(form, error)
        else:
            return redirect("activity_detail", slug=here.collective.slug, pk=activity.pk)
    context = {
        "collective": here.collective,
        "activity": activity,
        "form": form,
        "formset": formset,
        "place_errors": place_errors,
        "places": places,
    }
    return render(request, "activities/form.html", context)


def _split_errors(form, error: ValidationError) -> list[str]:
    """The service's problems about the places for the places' rows; the others beside their
    field."""
    place_errors = []
    rest = {}
    for key, errors in error.message_dict.items():
        if key in PLACE_KEYS:
            place_errors.extend(errors)
        else:
            rest[key] = errors
    if rest:
        add_service_errors(form, ValidationError(rest))
    return place_errors
