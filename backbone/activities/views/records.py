"""The collective's activities: the list with its filters, one activity (its organizations,
places, progress, comments and history), a comment and a progress review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.activities import services
from backbone.activities.forms import ActivityFilterForm, CommentForm, ProgressReviewForm
from backbone.activities.models import (
    Activity,
    ActivityComment,
    ActivityOrganization,
    ActivityPlace,
    OrganizationRole,
    ProgressReport,
)
from backbone.activities.permissions import Action
from backbone.activities.selectors import strategies_of
from backbone.activities.views.common import activities_scope, descendants, may_record
from backbone.activities.views.common import place_subtree as subtree
from backbone.interchange import periods
from backbone.lib.forms import add_service_errors
from backbone.network.models import Place

PER_PAGE = 50


def _with_relations(activities):
    return activities.select_related("kind", "working_group").prefetch_related(
        Prefetch(
            "roles",
            # The lead first, then the partners.
            queryset=ActivityOrganization.objects.select_related("organization").order_by(
                Case(When(role=OrganizationRole.LEAD, then=0), default=1), "role"
            ),
        ),
        Prefetch(
            "places", queryset=ActivityPlace.objects.select_related("place").order_by("place__code")
        ),
        "groups",
    )


def activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    here = activities_scope(request, slug)
    places = subtree(here)
    # Filter by the coarser places only: a hromada is found through its raion or oblast.
    levels = sorted({p.level for p in places})[:3]
    form = ActivityFilterForm(
        request.GET or None,
        collective=here.collective,
        places=Place.objects.filter(pk__in=[p.pk for p in places if p.level in levels]).order_by(
            "level", "code"
        ),
    )
    activities = Activity.objects.filter(collective_id__in=here.tree_ids)
    if form.is_valid():
        chosen = form.cleaned_data
        if chosen["kind"]:
            activities = activities.filter(kind=chosen["kind"])
        if chosen["status"]:
            activities = activities.filter(status=chosen["status"])
        if chosen["organization"]:
            activities = activities.filter(roles__organization=chosen["organization"])
        if chosen["place"]:
            activities = activities.filter(
                places__place_id__in=descendants(places, chosen["place"].pk)
            )
        if chosen["group"]:
            activities = activities.filter(groups=chosen["group"])
        if chosen["working_group"]:
            activities = activities.filter(working_group=chosen["working_group"])
    page = Paginator(_with_relations(activities.distinct()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for activity in page:
        figures = [p.reached for p in activity.places.all() if p.reached is not None]
        activity.reached_total = sum(figures) if figures else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "collective": here.collective,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": may_record(here),
    }
    return render(request, "activities/list.html", context)


def _activity(here, pk: int) -> Activity:
    return here.get_or_404(_with_relations(Activity.objects.all()), pk)


def activity_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = activities_scope(request, slug)
    activity = _activity(here, pk)
    return _detail_page(request, here, activity)


def _detail_page(request, here, activity, *, comment_form=None) -> HttpResponse:
    reports = list(
        ProgressReport.objects.filter(activity=activity)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related("figures__place", "figures__combination")
        .order_by("-period")
    )
    for report in reports:
        report.period_code = periods.code_of(report.period, "monthly")
        # The total of a place is its figure for the empty combination (not split).
        report.total = sum(f.reached for f in report.figures.all() if not f.combination.key)
    history = list(activity.history.select_related("history_user").order_by("-history_date")[:10])
    can_comment = here.can(Action.ACTIVITY_COMMENT, activity)
    titles = {s["key"]: s.get("title") for s in strategies_of(here.collective)}
    context = {
        "collective": here.collective,
        "activity": activity,
        "strategy_title": titles.get(activity.strategy_key) or "",
        "roles": list(activity.roles.all()),
        "places": list(activity.places.all()),
        "indicators": list(activity.indicators.all()),
        "reports": reports,
        "comments": list(
            ActivityComment.objects.filter(activity=activity).select_related("author")
        ),
        "history": history,
        "can_edit": here.can(Action.ACTIVITY_EDIT, activity),
        "can_comment": can_comment,
        "can_review": here.can(Action.PROGRESS_REVIEW),
        "can_report": here.can(Action.ACTIVITY_EDIT, activity),
        "this_month": periods.code_of(periods.current_month(), "monthly"),
        "can_audit": here.can("audit.view"),
        "comment_form": comment_form or (CommentForm() if can_comment else None),
        "targeted": sum(p.targeted or 0 for p in activity.places.all()),
        "reached": sum(p.reached or 0 for p in activity.places.all()),
    }
    return render(request, "activities/detail.html", context)


@require_POST
def activity_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = activities_scope(request, slug)
    activity = _activity(here, pk)
    here.require(Action.ACTIVITY_COMMENT, activity)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.activity_comment(
                activity=activity, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(f"{reverse('activity_detail', args=[slug, pk])}#comments")
    return _detail_page(request, here, activity, comment_form=form)


@require_POST
def progress_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    here = activities_scope(request, slug)
    here.require(Action.PROGRESS_REVIEW)
    report = _report(here, pk)
    form = ProgressReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to return the report."))
    else:
        try:
            services.progress_review(
                report=report,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The progress report is reviewed."))
    return redirect(f"{reverse('activity_detail', args=[slug, report.activity_id])}#progress")


def _report(here, pk: int) -> ProgressReport:
    try:
        return ProgressReport.objects.select_related("activity").get(
            pk=pk, activity__collective_id__in=here.tree_ids
        )
    except ProgressReport.DoesNotExist:
        raise Http404 from None


@require_POST
def progress_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """People reached in a month, per place of the activity: its lead's reporters and staff."""
    from backbone.measurement.services import combination_for

    here = activities_scope(request, slug)
    activity = _activity(here, pk)
    here.require(Action.ACTIVITY_EDIT, activity)
    period = periods.parse(request.POST.get("period", "").strip())
    back = f"{reverse('activity_detail', args=[slug, pk])}#progress"
    if period is None or period.frequency != "monthly":
        messages.error(request, _("Write the month as 2026-05."))
        return redirect(back)
    total = combination_for([])
    figures = []
    for place in activity.places.all():
        text = request.POST.get(f"reached-{place.place_id}", "").strip()
        if not text:
            continue
        if not text.isdigit():
            messages.error(
                request,
                _("“%(text)s” for %(place)s is not a number of people (0 or more, whole).")
                % {"text": text, "place": place.place},
            )
            return redirect(back)
        figures.append((place.place_id, total, int(text)))
    try:
        services.progress_submit(
            activity=activity, period=period.start, figures=figures, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Progress for %s is submitted for review.") % period.code)
    return redirect(back)
