"""The collective's vocabulary of activities: kinds of activity (each tied to a strategy of
the agenda, the strengths it needs, and the indicator its approved progress may feed) and
groups served (each tied to a category of shared measurement and to the figure of people in
need). Staff add and change them; every member reads them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backbone.activities import services
from backbone.activities.models import ActivityKind, Group
from backbone.activities.permissions import Action
from backbone.activities.selectors import strategies_of
from backbone.activities.views.common import activities_scope
from backbone.agenda.models import StrengthKind
from backbone.measurement.models import Category, Indicator


def _chosen(queryset, value: str):
    return queryset.filter(pk=int(value)).first() if value.isdigit() else None


def vocabulary(request: HttpRequest, slug: str) -> HttpResponse:
    scope = activities_scope(request, slug)
    collective = scope.collective
    may_edit = scope.can(Action.ACTIVITY_VOCABULARY)
    kinds = list(ActivityKind.objects.filter(collective=collective))
    groups = list(Group.objects.filter(collective=collective).select_related("category"))
    indicators = Indicator.objects.for_collective(collective)
    categories = Category.objects.filter(
        dimension__collective_id__in=[collective.pk, *collective.ancestor_ids()]
    ).select_related("dimension")
    errors: dict[str, list[str]] = {}
    posted = {}
    if request.method == "POST":
        scope.require(Action.ACTIVITY_VOCABULARY)
        what = request.POST.get("what")
        posted = request.POST
        names = {code: request.POST.get(f"name_{code}", "") for code in ("en", "uk", "he")}
        try:
            if what == "kind":
                current = _chosen(
                    ActivityKind.objects.filter(collective=collective), request.POST.get("pk", "")
                )
                saved = services.kind_save(
                    collective=collective,
                    kind=current,
                    code=request.POST.get("code", ""),
                    names=names,
                    strategy=request.POST.get("strategy", ""),
                    sector=request.POST.get("sector", ""),
                    strengths=request.POST.getlist("strengths"),
                    feeds=_chosen(indicators, request.POST.get("feeds", "")),
                )
            else:
                current = _chosen(
                    Group.objects.filter(collective=collective), request.POST.get("pk", "")
                )
                saved = services.group_save(
                    collective=collective,
                    group=current,
                    code=request.POST.get("code", ""),
                    names=names,
                    category=_chosen(categories, request.POST.get("category", "")),
                    need_indicator=_chosen(indicators, request.POST.get("need_indicator", "")),
                )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("“%s” is saved.") % saved.name)
            return redirect("activity_vocabulary", slug=slug)
    editing_kind = _chosen(
        ActivityKind.objects.filter(collective=collective), request.GET.get("kind", "")
    )
    editing_group = _chosen(
        Group.objects.filter(collective=collective), request.GET.get("group", "")
    )
    context = {
        "collective": collective,
        "may_edit": may_edit,
        "kinds": kinds,
        "groups": groups,
        "strategies": {s["key"]: s.get("title", s["key"]) for s in strategies_of(collective)},
        "strengths": list(StrengthKind.objects.for_collective(collective)),
        "indicators": list(indicators),
        "categories": list(categories),
        "editing_kind": editing_kind,
        "editing_group": editing_group,
        "errors": errors,
        "posted": posted,
    }
    return render(request, "activities/vocabulary.html", context, status=422 if errors else 200)
