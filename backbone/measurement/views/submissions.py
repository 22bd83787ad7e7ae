"""The submissions list, one submission (its values, paged and narrowed), a value's history,
and the actions on a submission (submit, approve, return)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.interchange import periods
from backbone.measurement.forms import ReturnForm, UploadForm
from backbone.measurement.models import Indicator, Submission, SubmissionStatus, Value
from backbone.measurement.permissions import Action
from backbone.measurement.selectors.submissions import submissions_for, submissions_reachable
from backbone.measurement.selectors.submissions import value_history as history_of
from backbone.measurement.submissions import replacements, workflow
from backbone.network.scope import request_scope, scope_for

VALUES_PER_PAGE = 500


def submission_list(request: HttpRequest, slug: str) -> HttpResponse:
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    can_review = request_scope(request).can(Action.SUBMISSION_REVIEW, collective)
    submissions = submissions_for(request.user, collective, can_review=can_review)
    form = UploadForm(user=request.user, collective=collective)
    context = {
        "collective": collective,
        "submissions": submissions[:200],
        "form": form,
        "can_review": can_review,
    }
    return render(request, "measurement/submission_list.html", context)


def _submission(request: HttpRequest, slug: str, pk: int, action: Action) -> Submission:
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    submission = get_object_or_404(
        submissions_reachable(
            collective,
            Submission.objects.select_related("collective", "organization", "created_by"),
        ),
        pk=pk,
    )
    if not request_scope(request).can(Action.SUBMISSION_VIEW, submission):
        raise Http404  # another organization's submission: not even its existence
    request_scope(request).require(action, submission)
    return submission


def submission_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    submission = _submission(request, slug, pk, Action.SUBMISSION_VIEW)
    values = Value.objects.filter(submission=submission)
    # A yearly file holds hundreds of thousands of values: they are shown a page at a time,
    # and can be narrowed to one indicator and to places whose code starts with some text.
    indicators = Indicator.objects.filter(pk__in=values.values("indicator_id").distinct()).order_by(
        "code"
    )
    chosen = request.GET.get("indicator", "")
    place = request.GET.get("place", "").strip()
    if chosen:
        values = values.filter(indicator__code=chosen)
    if place:
        values = values.filter(place__code__istartswith=place)
    values = (
        values.select_related("indicator", "place", "combination")
        .prefetch_related("combination__categories", "comments")
        .order_by("indicator__code", "period", "place__code", "combination_id")
    )
    page = Paginator(values, VALUES_PER_PAGE).get_page(request.GET.get("page"))
    can_review = request_scope(request).can(Action.SUBMISSION_REVIEW, submission)
    rows = [
        {
            "value": value,
            "period": periods.code_of(value.period, value.indicator.frequency),
            "categories": ", ".join(c.code for c in value.combination.categories.all()) or "—",
        }
        for value in page.object_list
    ]
    query = {key: value for key, value in (("indicator", chosen), ("place", place)) if value}
    # Whoever may see the submission sees what it replaces: the earlier ones are the same
    # organization's, in the same collective.
    replacement = replacements.replacement_of(submission, limit=replacements.SAMPLE)
    context = {
        "collective": submission.collective,
        "submission": submission,
        "replacement": replacement,
        "replacement_notices": (
            replacements.replacement_notices(submission, replacement.earlier) if replacement else []
        ),
        "rows": rows,
        "page": page,
        "indicators": indicators,
        "chosen": chosen,
        "place": place,
        "query": urlencode(query),
        "events": submission.events.select_related("by"),
        "can_review": can_review,
        "approval_refusal": (
            workflow.approval_refusal(submission=submission, by=request.user)
            if can_review and submission.status == SubmissionStatus.SUBMITTED
            else ""
        ),
        "can_edit": request_scope(request).can(Action.SUBMISSION_EDIT, submission),
        "return_form": ReturnForm() if can_review else None,
    }
    return render(request, "measurement/submission_detail.html", context)


def value_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every figure stored for one organization, indicator, place, period and cell: old → new,
    with the submission, who entered it and who reviewed it."""
    collective = scope_for(request, slug, Action.SUBMISSION_LIST).collective
    value = get_object_or_404(
        Value.objects.select_related("submission", "indicator", "place", "organization"),
        pk=pk,
        submission__in=submissions_reachable(collective),
    )
    if not request_scope(request).can(Action.SUBMISSION_VIEW, value.submission):
        raise Http404
    history = history_of(value)
    context = {
        "collective": collective,
        "value": value,
        "period": periods.code_of(value.period, value.indicator.frequency),
        "categories": ", ".join(c.code for c in value.combination.categories.all()) or "—",
        "history": history,
    }
    return render(request, "measurement/value_history.html", context)


@require_POST
def submission_action(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    actions = {
        "submit": Action.SUBMISSION_EDIT,
        "approve": Action.SUBMISSION_REVIEW,
        "return": Action.SUBMISSION_REVIEW,
    }
    if verb not in actions:
        raise Http404
    submission = _submission(request, slug, pk, actions[verb])
    try:
        if verb == "submit":
            workflow.submission_submit(submission=submission, by=request.user)
            messages.success(request, _("Submitted for review."))
        elif verb == "approve":
            workflow.submission_approve(submission=submission, by=request.user)
            messages.success(request, _("Approved: its values now count in shared figures."))
        else:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get("reason", [_("Say why.")])[0])
            comments = {
                int(key.removeprefix("comment-")): text
                for key, text in request.POST.items()
                if key.startswith("comment-") and key.removeprefix("comment-").isdigit()
            }
            workflow.submission_return(
                submission=submission,
                by=request.user,
                reason=form.cleaned_data["reason"],
                comments=comments,
            )
            messages.success(request, _("Returned to the organization with your reason."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    return redirect("submission_detail", slug=slug, pk=submission.pk)
