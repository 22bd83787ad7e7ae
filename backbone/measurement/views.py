"""Web views of shared measurement: dashboard, indicator and equity pages, submissions."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backbone.interchange import mapping, periods, rejected, writers
from backbone.lib.forms import add_service_errors, translated_initial
from backbone.lib.permissions import can, require
from backbone.measurement import exports, replacements, selectors, services, workflow
from backbone.measurement.checks import collective_dimensions, guess_columns
from backbone.measurement.forms import (
    AdjustmentForm,
    DefinitionForm,
    GridChoiceForm,
    IndicatorForm,
    ReturnForm,
    TargetForm,
    UploadForm,
    organizations_for,
)
from backbone.measurement.grids import build_grids, grid_entries, prefill_grids
from backbone.measurement.imports import (
    ImportRefused,
    import_values,
    rows_from_grid,
    store_rows,
)
from backbone.measurement.models import Indicator, Source, Submission, SubmissionStatus, Value
from backbone.measurement.permissions import Action
from backbone.network.access import collective_for_user
from backbone.network.models import Place

VALUES_PER_PAGE = 500


def _indicator(collective, code: str) -> Indicator:
    try:
        return (
            Indicator.objects.for_collective(collective)
            .select_related("numerator", "denominator", "owner")
            .get(code=code)
        )
    except Indicator.DoesNotExist:
        raise Http404 from None


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=writers.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.INDICATOR_VIEW)
    context = {
        "collective": collective,
        "rows": selectors.dashboard(collective),
        "can_submit": can(request.user, Action.SUBMISSION_LIST, collective),
        "can_see_completeness": can(request.user, Action.COMPLETENESS_VIEW, collective),
        "can_edit": can(request.user, Action.INDICATOR_EDIT, collective),
    }
    return render(request, "measurement/dashboard.html", context)


def indicator_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.INDICATOR_VIEW)
    indicator = _indicator(collective, code)
    ctx = selectors.context()
    series = selectors.indicator_series(indicator, collective, ctx)
    places = selectors.place_breakdown(indicator, collective, 1, ctx)
    breakdowns = selectors.dimension_breakdowns(indicator, collective, ctx)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        table = request.GET.get("table", "series")
        sheet = _shown_sheet(table, series, places, breakdowns)
        return _download(writers.write(sheet, fmt), f"{indicator.code}-{table}.{fmt}", fmt)
    chart = {
        "labels": [p["period"] for p in series.points],
        "values": [p["value"] for p in series.points],
        "partial": [p["partial"] for p in series.points],
        "claimed": [p["claimed"] for p in series.points] if series.deduplicated else None,
        "baseline": series.baseline,
        "target": series.target,
        "definitions": series.definitions,
        "label": indicator.localized_name,
        "labels_text": {
            "value": _("Value"),
            "claimed": _("Sum of partner claims"),
            "baseline": _("Baseline"),
            "target": _("Target"),
            "definition": _("Definition v%s"),
            "partial": _("still coming in"),
        },
    }
    context = {
        "collective": collective,
        "indicator": indicator,
        "definition": indicator.current_definition(),
        "versions": indicator.versions.order_by("-number"),
        "series": series,
        "places": places,
        "breakdowns": breakdowns,
        "chart": chart,
        "can_edit": can(request.user, Action.INDICATOR_EDIT, collective),
        "adjustments": indicator.adjustments.filter(collective_id__in=collective.tree_ids())
        .select_related("place", "by")
        .order_by("-period")[:50],
        "adjustment_form": AdjustmentForm()
        if can(request.user, Action.MEASUREMENT_MANAGE, collective)
        and indicator.aggregation == "sum"
        else None,
    }
    return render(request, "measurement/indicator_detail.html", context)


def _shown_sheet(table: str, series, places, breakdowns) -> writers.Sheet:
    """Exactly the table shown under a chart."""
    if table == "places":
        return writers.Sheet(
            headers=["place", "name", "period", "value"],
            rows=[[r["place"], r["name"], places["period"], r["value"]] for r in places["rows"]],
        )
    for breakdown in breakdowns:
        if table == f"dim-{breakdown['dimension'].code}":
            return writers.Sheet(
                headers=[
                    "period",
                    *(c.code for c in breakdown["categories"]),
                    "definition_version",
                ],
                rows=[[r["period"], *r["values"], r["definition"]] for r in breakdown["rows"]],
            )
    headers = ["period", "value"]
    if series.deduplicated:
        headers.append("sum_of_partner_claims")
    headers.append("definition_version")  # a download crossing a definition change marks it
    rows = [
        [
            p["period"],
            p["value"],
            *([p["claimed"]] if series.deduplicated else []),
            p["definition"],
        ]
        for p in series.points
    ]
    return writers.Sheet(headers=headers, rows=rows)


def indicator_create(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.INDICATOR_EDIT)
    form = IndicatorForm(request.POST or None, collective=collective)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                collective=collective, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator “%s” created.") % indicator.code)
            return redirect("indicator_detail", slug=slug, code=indicator.code)
    return render(
        request,
        "measurement/indicator_form.html",
        {"collective": collective, "form": form, "title": _("New indicator")},
    )


def indicator_redefine(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.INDICATOR_EDIT)
    indicator = _indicator(collective, code)
    if indicator.collective_id != collective.pk:
        raise PermissionDenied  # an inherited indicator is defined where it belongs
    current = indicator.current_definition()
    initial = {"based_on": current.number if current else 0}
    if current:
        initial.update(translated_initial(current, "counting_rule", "inclusion", "exclusion"))
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_redefine(
                indicator=indicator, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("New definition recorded; charts mark the change."))
            return redirect("indicator_detail", slug=slug, code=code)
    title = _("Change the definition of %s") % indicator.localized_name
    context = {"collective": collective, "form": form, "title": title, "indicator": indicator}
    return render(request, "measurement/indicator_form.html", context)


def target_set(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.INDICATOR_EDIT)
    indicator = _indicator(collective, code)
    form = TargetForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(indicator=indicator, collective=collective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("indicator_detail", slug=slug, code=code)
    title = _("Baseline or target for %s") % indicator.localized_name
    context = {"collective": collective, "form": form, "title": title, "indicator": indicator}
    return render(request, "measurement/indicator_form.html", context)


@require_POST
def adjustment_add(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.MEASUREMENT_MANAGE)
    indicator = _indicator(collective, code)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjustment_set(
                collective=collective, indicator=indicator, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Overlap recorded; the de-duplicated figure changed."))
    else:
        problems = [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
        messages.error(request, " ".join(problems))
    return redirect(reverse("indicator_detail", args=[slug, code]) + "#adjustments")


def equity(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.INDICATOR_VIEW)
    indicator = _indicator(collective, code)
    views = selectors.equity_view(indicator, collective)
    return render(
        request,
        "measurement/equity.html",
        {"collective": collective, "indicator": indicator, "views": views},
    )


def completeness(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.COMPLETENESS_VIEW)
    parsed = periods.parse(request.GET.get("period", ""))
    period = (
        parsed.start
        if parsed and parsed.frequency == periods.MONTHLY
        else periods.current_month() - 1
    )
    can_remind = can(request.user, Action.MEASUREMENT_MANAGE, collective)
    if request.method == "POST":
        if not can_remind:
            raise PermissionDenied
        sent = workflow.reminders_send(collective=collective, period=period, by=request.user)
        messages.success(
            request,
            ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", sent) % {"n": sent},
        )
        return redirect(f"{request.path}?period={periods.code_of(period, periods.MONTHLY)}")
    rows = selectors.completeness_table(collective, period)
    context = {
        "collective": collective,
        "rows": rows,
        "period": periods.code_of(period, periods.MONTHLY),
        "previous": periods.code_of(period - 1, periods.MONTHLY),
        "next": periods.code_of(period + 1, periods.MONTHLY)
        if period + 1 < periods.current_month()
        else None,
        "any_late": any(row["late"] for row in rows),
        "can_remind": can_remind,
    }
    return render(request, "measurement/completeness.html", context)


def submission_list(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    can_review = can(request.user, Action.SUBMISSION_REVIEW, collective)
    submissions = selectors.submissions_for(request.user, collective, can_review=can_review)
    form = UploadForm(user=request.user, collective=collective)
    context = {
        "collective": collective,
        "submissions": submissions[:200],
        "form": form,
        "can_review": can_review,
    }
    return render(request, "measurement/submission_list.html", context)


@require_POST
def submission_upload(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    form = UploadForm(request.POST, request.FILES, user=request.user, collective=collective)
    if not form.is_valid():
        return _upload_page(request, collective, form)
    upload = form.cleaned_data["file"]
    # The upload is read as a stream (large ones wait in a temporary file), never whole.
    return _import_upload(
        request, collective, form, form.cleaned_data["organization"], upload.name, upload
    )


@require_POST
def submission_upload_mapped(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A refused file again, with what each column holds as the person chose it."""
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    entry = request.session.get("rejected_uploads", {}).get(token)
    path = rejected.find(token, "upload")
    if entry is None or path is None or not entry.get("organization"):
        raise Http404
    organization = get_object_or_404(
        organizations_for(request.user, collective), pk=entry["organization"]
    )
    with path.open("rb") as stream:
        return _import_mapped(request, collective, token, entry, organization, stream)


def _import_mapped(request, collective, token, entry, organization, data) -> HttpResponse:
    """The kept file imported again as the person laid it out: the sheet, the header row, the
    period of every row, and what each column holds (by position)."""
    roles = dict(_column_choices(collective))
    layout, problems = mapping.layout_from(request.POST)
    answer = mapping.Answer()
    # Another sheet or header row is another table: its columns are read as their headers say.
    if request.POST.get("shown", layout.key()) == layout.key():
        columns = mapping.columns_of(entry["name"], data, layout)
        try:
            answer = mapping.answer_from(request.POST, columns, roles)
        except KeyError:
            raise Http404 from None  # not a choice the form offered
    problems += answer.problems
    form = UploadForm(
        user=request.user, collective=collective, initial={"organization": organization}
    )
    if problems:
        columns = mapping.columns_of(entry["name"], data, layout)
        for column in columns:  # the person's choices, as they made them
            column["role"] = answer.chosen.get(column["index"], "")
        return _upload_page(
            request,
            collective,
            form,
            problems=problems,
            rejected=token,
            columns=mapping.page(entry["name"], data, layout, columns),
        )
    return _import_upload(
        request, collective, form, organization, entry["name"], data, layout, answer
    )


def _import_upload(
    request, collective, form, organization, name: str, data, layout=None, answer=None
) -> HttpResponse:
    layout = layout or mapping.Layout()
    answer = answer or mapping.Answer()
    try:
        data.seek(0)
        result = import_values(
            collective=collective,
            organization=organization,
            user=request.user,
            file_name=name,
            stream=data,
            mapping=answer.mapping,
            ignored=answer.ignored,
            source=Source.UPLOAD,
            periods_across=answer.across or False,
            fixed={"period": layout.period} if layout.period else None,
            **layout.read_options(),
        )
    except ImportRefused as refusal:
        token = _keep_rejected(
            request,
            name,
            data,
            refusal.problems,
            organization,
            for_mapping=refusal.columns,
            read_options=layout.read_options(),
        )
        columns = None
        if refusal.columns:
            guess = partial(guess_columns, dimensions=collective_dimensions(collective))
            shown = mapping.guessed_columns(name, data, layout, guess)
            if answer.mapping is not None:  # the person's own choices stay chosen
                for column in shown:
                    column["role"] = answer.chosen.get(column["index"], "")
            columns = mapping.page(name, data, layout, shown)
        return _upload_page(
            request,
            collective,
            form,
            problems=refusal.problems,
            warnings=refusal.warnings,
            rejected=token,
            columns=columns,
        )
    if result.duplicate_of is not None:
        messages.info(
            request,
            _("This file was already uploaded as submission #%s; nothing was added.")
            % result.duplicate_of.pk,
        )
    else:
        messages.success(
            request,
            _("%(n)s values checked and saved as a draft. Review them, then submit.")
            % {"n": result.rows},
        )
        if result.no_figure:
            messages.info(
                request,
                ngettext(
                    "%(n)s cell held no figure (suppressed, not applicable or empty) and was "
                    "left out.",
                    "%(n)s cells held no figure (suppressed, not applicable or empty) and were "
                    "left out.",
                    result.no_figure,
                )
                % {"n": result.no_figure},
            )
    return redirect("submission_detail", slug=collective.slug, pk=result.submission.pk)


def _upload_page(
    request, collective, form, *, problems=(), warnings=(), rejected=None, columns=None
) -> HttpResponse:
    context = {
        "collective": collective,
        "form": form,
        "problems": problems,
        "warnings": warnings,
        "rejected": rejected,
        "mapping": columns,
        "columns": columns["columns"] if columns is not None else None,
        "choices": _column_choices(collective) if columns is not None else None,
        "submissions": selectors.submissions_for(
            request.user,
            collective,
            can_review=can(request.user, Action.SUBMISSION_REVIEW, collective),
        )[:200],
    }
    status = 422 if problems or form.errors else 200
    return render(request, "measurement/submission_list.html", context, status=status)


def _column_choices(collective) -> list[tuple[str, str]]:
    """What a column may hold, as the mapping form offers it."""
    return [
        ("", _("not used")),
        ("indicator", _("indicator code")),
        ("place", _("place code")),
        ("period", _("period")),
        (mapping.PERIODS, _("a period's figures (its header is the period)")),
        ("organization", _("organization")),
        ("value", _("value")),
        *(
            (code, _("%s category") % dimension.localized_name)
            for code, dimension in collective_dimensions(collective).items()
        ),
    ]


def _keep_rejected(
    request, name: str, data, problems, organization=None, *, for_mapping: bool, read_options=None
) -> str:
    """Keep what the refused upload's page offers next (see `rejected`): the file itself for
    the column mapping, or its errors file for the download."""
    kept = rejected.keep(
        name=name,
        stream=data,
        problems=problems,
        for_mapping=for_mapping,
        read_options=read_options,
    )
    entries = request.session.setdefault("rejected_uploads", {})
    entries[kept.token] = {
        "name": name,
        "organization": organization.pk if organization is not None else None,
    }
    # Only the newest few stay reachable from the session; the files expire on their own.
    for stale in list(entries)[:-20]:
        del entries[stale]
    request.session.modified = True
    return kept.token


def rejected_errors(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    collective_for_user(request.user, slug, Action.SUBMISSION_LIST)  # the permission check
    entry = request.session.get("rejected_uploads", {}).get(token)
    path = rejected.find(token, "errors")
    if entry is None or path is None:
        raise Http404
    fmt = rejected.errors_format(entry["name"])
    stem = Path(entry["name"]).stem
    return _download(path.read_bytes(), f"{stem}-errors.{fmt}", fmt)


def template_download(request: HttpRequest, slug: str) -> HttpResponse:
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    indicators = list(
        Indicator.objects.for_collective(collective)
        .exclude(aggregation="ratio")
        .prefetch_related("dimensions__categories")
    )
    places = _template_places(request.user, collective)
    assigned = request.user.assignments.filter(collective_id__in=collective.tree_ids())
    if assigned.exists() and not can(request.user, Action.SUBMISSION_REVIEW, collective):
        ids = set(assigned.values_list("indicator_id", flat=True))
        indicators = [i for i in indicators if i.pk in ids]
    period = periods.current_month() - 1
    sheet = exports.template_sheet(indicators=indicators, places=places, period=period)
    return _download(writers.write(sheet, fmt), f"{collective.slug}-template.{fmt}", fmt)


def submission_grid(request: HttpRequest, slug: str) -> HttpResponse:
    """The web form: one organization, one period, a grid per indicator and place, with the
    categories of the indicator's dimensions; empty cells are not reported."""
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    form = GridChoiceForm(request.GET or None, user=request.user, collective=collective)
    if not form.is_valid():
        return render(request, "measurement/grid.html", {"collective": collective, "form": form})
    organization = form.cleaned_data["organization"]
    period = form.cleaned_data["period"]
    indicators = form.cleaned_data["indicators"]
    places = _template_places(request.user, collective, organization)
    grids = build_grids(indicators, places, period)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    if request.method == "POST":
        entries, names = grid_entries(grids, request.POST)
        try:
            result = store_rows(
                collective=collective,
                organization=organization,
                user=request.user,
                table=rows_from_grid(entries),
                source=Source.WEB,
            )
        except ImportRefused as refusal:
            for problem in refusal.problems:
                if problem.row is None:
                    general.append(str(problem))
                else:
                    errors.setdefault(names[problem.row - 1], []).append(problem.message)
        else:
            messages.success(
                request,
                _("%(n)s values saved as a draft. Review them, then submit.") % {"n": result.rows},
            )
            return redirect("submission_detail", slug=collective.slug, pk=result.submission.pk)
    else:
        prefill_grids(grids, organization=organization, collective=collective)
    context = {
        "collective": collective,
        "form": form,
        "organization": organization,
        "period_code": periods.code_of(period, "monthly"),
        "grids": grids,
        "errors": errors,
        "general": general,
        "posted": request.POST if request.method == "POST" else None,
    }
    return render(
        request, "measurement/grid.html", context, status=422 if errors or general else 200
    )


def _template_places(user, collective, organization=None) -> list:
    """Where the person reports: the places their organizations serve, else the collective's
    own (a national collective's template lists its first-level places)."""
    if organization is not None:
        organizations = [organization]
    else:
        tree = set(collective.tree_ids())
        reporter_roles = user.roles.current().filter(kind="reporter").select_related("organization")
        organizations = [
            r.organization for r in reporter_roles if r.organization.collective_id in tree
        ]
    served = list(Place.objects.filter(organizations__in=organizations).distinct().order_by("code"))
    if served:
        return served
    if collective.place is None:
        return []
    if collective.level == "national":
        return list(collective.place.children.order_by("code")) or [collective.place]
    return [collective.place]


def _submission(request: HttpRequest, slug: str, pk: int, action: Action) -> Submission:
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    submission = get_object_or_404(
        selectors.submissions_reachable(
            collective,
            Submission.objects.select_related("collective", "organization", "created_by"),
        ),
        pk=pk,
    )
    if not can(request.user, Action.SUBMISSION_VIEW, submission):
        raise Http404  # another organization's submission: not even its existence
    require(request.user, action, submission)
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
    can_review = can(request.user, Action.SUBMISSION_REVIEW, submission)
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
        "can_edit": can(request.user, Action.SUBMISSION_EDIT, submission),
        "return_form": ReturnForm() if can_review else None,
    }
    return render(request, "measurement/submission_detail.html", context)


def value_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every figure stored for one organization, indicator, place, period and cell: old → new,
    with the submission, who entered it and who reviewed it."""
    collective = collective_for_user(request.user, slug, Action.SUBMISSION_LIST)
    value = get_object_or_404(
        Value.objects.select_related("submission", "indicator", "place", "organization"),
        pk=pk,
        submission__in=selectors.submissions_reachable(collective),
    )
    if not can(request.user, Action.SUBMISSION_VIEW, value.submission):
        raise Http404
    history = selectors.value_history(value)
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
