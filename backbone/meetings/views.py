"""The meetings pages: the list, scheduling, a meeting's page (agenda, attendance, speakers,
decisions, actions, minutes), decisions with their votes and ratification, action items,
the reply link of an invitation, and the calendar feeds."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.agenda.selectors import goals_and_strategies
from backbone.governance.models import Body
from backbone.governance.permissions import Action as BodyAction
from backbone.lib.forms import add_service_errors
from backbone.lib.permissions import can
from backbone.meetings import calendar, exports, selectors, services
from backbone.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    BallotForm,
    CloseForm,
    CommentForm,
    DecisionForm,
    ItemForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    RatifyForm,
    VoteForm,
)
from backbone.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    Choice,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingSeries,
    MinutesStatus,
    Ratification,
    RatificationStatus,
    SpeakingTurn,
)
from backbone.meetings.permissions import Action
from backbone.network.models import Organization, Person
from backbone.network.scope import scope_for


def _fail(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _managed_bodies(request, collective) -> list[Body]:
    return [
        b
        for b in Body.objects.active().filter(collective=collective)
        if can(request.user, Action.MEETING_MANAGE, b)
    ]


def _viewer_zone(request) -> str:
    return getattr(request.user, "time_zone", "") or ""


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    body = None
    if request.GET.get("body", "").isdigit():
        body = get_object_or_404(Body, pk=request.GET["body"], collective=collective)
    upcoming, past = selectors.upcoming_and_past(collective, body=body)
    context = {
        "collective": collective,
        "body": body,
        "bodies": Body.objects.active().filter(collective=collective),
        "upcoming": upcoming,
        "past": past,
        "can_schedule": bool(_managed_bodies(request, collective)),
        "asks": selectors.ratification_asks(collective).filter(status=RatificationStatus.PENDING),
    }
    return render(request, "meetings/meeting_list.html", context)


def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    bodies = _managed_bodies(request, collective)
    if not bodies:
        raise PermissionDenied(Action.MEETING_MANAGE)
    initial = {"body": request.GET.get("body")} if request.GET.get("body") else {}
    form = MeetingForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = next(b for b in bodies if b.pk == data["body"])
        try:
            starts, ends = services.local_times(
                data["day"], data["start"], data["end"], data["time_zone"]
            )
            series = None
            if data["monthly"]:
                series = MeetingSeries.objects.filter(body=body).first() or MeetingSeries(
                    body=body, name=_("Monthly meeting of %s") % body.name
                )
                if series.pk is None:
                    series.save()
            meeting = services.meeting_create(
                body=body,
                by=request.user,
                starts_at=starts,
                ends_at=ends,
                time_zone=data["time_zone"],
                series=series,
                items=data["items"],
                title=data["title"],
                location=data["location"],
                online_url=data["online_url"],
                interpretation=data["interpretation"],
                access_note=data["access_note"],
                lived_experience_last=data["lived_experience_last"],
                **{
                    name: data[name]
                    for name in (
                        "step_free",
                        "sign_language",
                        "childcare",
                        "breaks",
                        "travel_support",
                    )
                },
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Meeting scheduled. Send the invitations when the agenda is ready.")
            )
            return redirect("meeting_detail", slug=slug, pk=meeting.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "meetings/meeting_form.html",
        {"collective": collective, "form": form},
        status=status,
    )


def _meeting(request, slug, pk, action=Action.MEETING_VIEW) -> Meeting:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    try:
        meeting = selectors.meeting_page(scope.collective, pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    if action != Action.MEETING_VIEW and not scope.can(action, meeting):
        raise PermissionDenied(action)
    return meeting


def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    collective = meeting.collective
    user = request.user
    can_manage = can(user, Action.MEETING_MANAGE, meeting)
    mine = next(
        (
            a
            for a in meeting.attendance.all()
            if user.is_authenticated and a.person.user_id == user.pk
        ),
        None,
    )
    zone = _viewer_zone(request)
    decisions = list(meeting.decisions.all())
    turns = list(SpeakingTurn.objects.filter(meeting=meeting).select_related("person", "decision"))
    speakers = []
    for decision in [None, *decisions]:
        of = [t for t in turns if t.decision_id == (decision.pk if decision else None)]
        # General discussion has its list from the start, for the chair to open.
        opens = can_manage if decision is None else decision.status == DecisionStatus.OPEN
        if of or opens:
            speakers.append(
                {
                    "decision": decision,
                    "turns": services.speaking_order(of, rule=meeting.lived_experience_last),
                }
            )
    minutes = list(meeting.minutes.all())
    latest = minutes[0] if minutes else None
    members_may_read = can_manage or mine or _reads_approved_minutes(user, meeting)
    context = {
        "collective": collective,
        "meeting": meeting,
        "local_start": _local(meeting.starts_at, meeting.time_zone),
        "local_end": _local(meeting.ends_at, meeting.time_zone),
        "viewer_start": _local(meeting.starts_at, zone)
        if zone and zone != meeting.time_zone
        else None,
        "viewer_zone": zone,
        "access": calendar.access_offered(meeting),
        "mine": mine,
        "can_reply": mine is not None and meeting.ends_at > timezone.now(),
        "can_manage": can_manage,
        # A body that keeps its member list private keeps its attendance and speakers so:
        # others see how many came, not who (governance's rule for its member list).
        "show_people": can_manage or can(user, BodyAction.BODY_VIEW_MEMBERS, meeting.body),
        "present_count": sum(
            a.status == AttendanceStatus.PRESENT for a in meeting.attendance.all()
        ),
        "items": list(meeting.items.all()),
        "attendance": _with_organizations(list(meeting.attendance.all()))
        if can_manage
        else list(meeting.attendance.all()),
        "statuses": [AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT],
        "decisions": [(d, selectors.counts(d)) for d in decisions],
        "speakers": speakers,
        "shares": selectors.speaking_shares([t for t in turns if t.seconds is not None]),
        "spoken": any(t.seconds is not None for t in turns),
        "ended": meeting.ends_at <= timezone.now(),
        "actions": list(selectors.actions(collective).filter(meeting=meeting)),
        "latest_minutes": latest if members_may_read else None,
        "minutes_comments": list(latest.comments.select_related("author"))
        if latest and members_may_read
        else [],
        "item_form": ItemForm() if can_manage else None,
        "decision_form": DecisionForm(
            below=collective.children.count(), agenda=goals_and_strategies(collective)
        )
        if can_manage
        else None,
        "action_form": _action_form(collective) if can_manage else None,
        "minutes_form": MinutesForm(
            initial={
                "text": latest.text if latest else "",
                "based_on": latest.number if latest else 0,
                "comments_until": timezone.localdate() + dt.timedelta(days=7),
            }
        )
        if can_manage and meeting.minutes_status != MinutesStatus.APPROVED
        else None,
        "comment_form": CommentForm()
        if latest and meeting.minutes_status == MinutesStatus.CIRCULATED and (mine or can_manage)
        else None,
    }
    return render(request, "meetings/meeting_detail.html", context)


def _reads_approved_minutes(user, meeting: Meeting) -> bool:
    """Approved minutes are published to the members of the meeting's bodies, or, where the
    body chose to make them public, to every member of the collective."""
    if meeting.minutes_status != MinutesStatus.APPROVED:
        return False
    if meeting.minutes_public:
        return True
    from backbone.governance.permissions import seats
    from backbone.lib.permissions import asker_of

    held = seats(asker_of(user))
    return any(body.pk in held for body in meeting.bodies())


def _action_form(collective, data=None) -> ActionForm:
    ids = collective.tree_ids()
    people = Person.objects.active().filter(collective_id__in=ids).order_by("name")
    organizations = Organization.objects.filter(collective_id__in=ids).order_by("name")
    return ActionForm(
        data,
        people=people,
        organizations=organizations,
        strategies=goals_and_strategies(collective),
    )


EDITED = (
    "title",
    "location",
    "online_url",
    "interpretation",
    "access_note",
    "lived_experience_last",
    "step_free",
    "sign_language",
    "childcare",
    "breaks",
    "travel_support",
)


def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a meeting's time, place or access, or cancel it: once invited, everyone on its
    list is told, with the new .ics."""
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    if request.method == "POST" and request.POST.get("cancel") == "1":
        try:
            services.meeting_update(meeting=meeting, by=request.user, status="cancelled")
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Meeting cancelled; those invited are told."))
        return redirect("meeting_detail", slug=slug, pk=pk)
    start = _local(meeting.starts_at, meeting.time_zone)
    initial = {name: getattr(meeting, name) for name in EDITED}
    initial |= {
        "day": start.date(),
        "start": start.time(),
        "end": _local(meeting.ends_at, meeting.time_zone).time(),
        "time_zone": meeting.time_zone,
    }
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            starts, ends = services.local_times(
                data["day"], data["start"], data["end"], data["time_zone"]
            )
            services.meeting_update(
                meeting=meeting,
                by=request.user,
                starts_at=starts,
                ends_at=ends,
                time_zone=data["time_zone"],
                **{name: data[name] for name in EDITED if name != "title"},
                title=data["title"] or meeting.title,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting changed."))
            return redirect("meeting_detail", slug=slug, pk=pk)
    return render(
        request,
        "meetings/meeting_edit.html",
        {"collective": meeting.collective, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def meeting_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    try:
        count = services.meeting_invite(meeting=meeting, by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("Invitations sent to %d people, with the meeting for their calendars.") % count,
        )
    return redirect("meeting_detail", slug=slug, pk=pk)


@require_POST
def item_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The item was not added: give it a title (and minutes as a number).")
        )
    else:
        services.item_add(meeting=meeting, by=request.user, **form.cleaned_data)
    return redirect(reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#agenda-heading")


@require_POST
def item_status(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    try:
        services.item_set_status(item=item, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        _fail(request, error)
    return redirect(reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#agenda-heading")


@require_POST
def meeting_reply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    attendance = get_object_or_404(Attendance, meeting=meeting, person__user=request.user)
    try:
        services.attendance_reply(
            attendance=attendance, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Thank you: your reply is recorded."))
    return redirect("meeting_detail", slug=slug, pk=pk)


def attendance_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: no log-in needed; a page with two buttons (a link scanner
    following the link changes nothing)."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("meeting", "person", "meeting__body"), reply_token=token
    )
    if request.method == "POST":
        try:
            services.attendance_reply(attendance=attendance, status=request.POST.get("status", ""))
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Thank you: your reply is recorded."))
        return redirect("attendance_reply", token=token)
    attendance.refresh_from_db()
    meeting = attendance.meeting
    return render(
        request,
        "meetings/reply.html",
        {
            "attendance": attendance,
            "meeting": meeting,
            "local_start": _local(meeting.starts_at, meeting.time_zone),
            "open": meeting.ends_at > timezone.now(),
        },
    )


@require_POST
def attendance_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    statuses, organizations = {}, {}
    for row in meeting.attendance.all():
        value = request.POST.get(f"status-{row.person_id}")
        if value:
            statuses[row.person_id] = value
        on_behalf = request.POST.get(f"organization-{row.person_id}")
        if on_behalf is not None:
            organizations[row.person_id] = int(on_behalf) if on_behalf.isdigit() else None
    try:
        services.attendance_record(
            meeting=meeting, by=request.user, statuses=statuses, organizations=organizations
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect(
        reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#attendance-heading"
    )


def _with_organizations(rows: list[Attendance]) -> list[Attendance]:
    """Each row with ``choices``: the organizations its person may come for (their current
    affiliations, and the one already recorded), for the chair's select."""
    from backbone.network.models import Affiliation

    current = Affiliation.objects.filter(
        person_id__in=[a.person_id for a in rows], end_date__isnull=True
    ).select_related("organization")
    by_person: dict[int, dict[int, Organization]] = {}
    for affiliation in current:
        by_person.setdefault(affiliation.person_id, {})[affiliation.organization_id] = (
            affiliation.organization
        )
    for row in rows:
        choices = by_person.get(row.person_id, {})
        if row.organization_id and row.organization_id not in choices:
            choices[row.organization_id] = row.organization
        row.choices = list(choices.values())
    return rows


@require_POST
def minutes_circulate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_circulate(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Minutes circulated to those who were there, for comment."))
    else:
        messages.error(
            request,
            _("The minutes were not circulated: write them and give a deadline for comments."),
        )
    return redirect(reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#minutes-heading")


@require_POST
def minutes_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    try:
        services.minutes_approve(
            meeting=meeting, by=request.user, public=request.POST.get("public") == "1"
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Minutes approved and shown to the body's members."))
    return redirect(reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#minutes-heading")


@require_POST
def minutes_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    version = meeting.minutes.order_by("-number").first()
    form = CommentForm(request.POST)
    if version is None or not form.is_valid():
        messages.error(request, _("Write your comment."))
    else:
        try:
            services.minutes_comment(
                version=version, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Comment added."))
    return redirect(reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#minutes-heading")


@require_POST
def turn_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    person = get_object_or_404(Person, pk=request.POST.get("person") or 0)
    decision = None
    if request.POST.get("decision"):
        decision = get_object_or_404(Decision, pk=request.POST["decision"], meeting=meeting)
    try:
        services.turn_request(meeting=meeting, by=request.user, person=person, decision=decision)
    except ValidationError as error:
        _fail(request, error)
    return redirect(
        reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#speakers-heading"
    )


@require_POST
def turn_step(request: HttpRequest, slug: str, pk: int, turn_pk: int, step: str) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    turn = get_object_or_404(SpeakingTurn, pk=turn_pk, meeting=meeting)
    try:
        if step == "start":
            services.turn_start(turn=turn, by=request.user)
        elif step == "stop":
            seconds = request.POST.get("seconds", "")
            services.turn_stop(
                turn=turn, by=request.user, seconds=int(seconds) if seconds.isdigit() else None
            )
        else:
            raise Http404("No such step")
    except ValidationError as error:
        _fail(request, error)
    return redirect(
        reverse("meeting_detail", kwargs={"slug": slug, "pk": pk}) + "#speakers-heading"
    )


def _propose(request, body, meeting, form, ratifies=None):
    data = form.cleaned_data
    return services.decision_propose(
        body=body,
        by=request.user,
        meeting=meeting,
        motion=data["motion"],
        procedure=data["procedure"],
        quorum=data.get("quorum") or 0,
        closes_at=data.get("closes_at"),
        ratification=data.get("ratification") or "",
        ratification_count=data.get("ratification_count"),
        agenda_keys=data.get("agenda_keys") or [],
        options=form.option_lines(),
        score_max=data.get("score_max") or 5,
        ratifies=ratifies,
    )


@require_POST
def decision_propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, Action.MEETING_MANAGE)
    form = DecisionForm(
        request.POST,
        below=meeting.collective.children.count(),
        agenda=goals_and_strategies(meeting.collective),
    )
    if not form.is_valid():
        messages.error(
            request, _("The motion was not put: write it and choose how the body decides.")
        )
        return redirect("meeting_detail", slug=slug, pk=pk)
    try:
        decision = _propose(request, meeting.body, meeting, form)
    except ValidationError as error:
        _fail(request, error)
        return redirect("meeting_detail", slug=slug, pk=pk)
    return redirect("decision_detail", slug=slug, pk=decision.pk)


def decision_propose_async(request: HttpRequest, slug: str) -> HttpResponse:
    """A motion put to a body outside a meeting, voted on until its closing time; or, with
    ``?ratifies=N``, a collective's own decision on a request to ratify one from above."""
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    bodies = _managed_bodies(request, collective)
    if not bodies:
        raise PermissionDenied(Action.MEETING_MANAGE)
    ratifies = None
    if request.GET.get("ratifies", "").isdigit():
        ratifies = get_object_or_404(
            Ratification, pk=request.GET["ratifies"], collective=collective
        )
    initial = {"motion": ratifies.decision.motion} if ratifies else {}
    form = DecisionForm(
        request.POST or None,
        below=0 if ratifies else collective.children.count(),
        agenda=goals_and_strategies(collective),
        initial=initial,
    )
    choices = [(b.pk, b.name) for b in bodies]
    body_pk = request.POST.get("body")
    if request.method == "POST" and form.is_valid():
        body = next((b for b in bodies if str(b.pk) == body_pk), None)
        if body is None:
            form.add_error(None, _("Choose the body that decides."))
        else:
            try:
                decision = _propose(request, body, None, form, ratifies)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("decision_detail", slug=slug, pk=decision.pk)
    return render(
        request,
        "meetings/decision_form.html",
        {"collective": collective, "form": form, "bodies": choices, "ratifies": ratifies},
        status=400 if form.errors else 200,
    )


def decision_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    query = request.GET.get("q", "").strip()[:200]
    rows = list(selectors.decisions(collective, query=query)[:200])
    return render(
        request,
        "meetings/decision_list.html",
        {
            "collective": collective,
            "query": query,
            "rows": [(d, selectors.counts(d)) for d in rows],
            "can_propose": bool(_managed_bodies(request, collective)),
        },
    )


def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    try:
        decision = selectors.decision_page(collective, pk)
    except Decision.DoesNotExist:
        raise Http404("No such decision") from None
    user = request.user
    is_open = decision.status == DecisionStatus.OPEN
    may_vote = is_open and can(user, Action.DECISION_VOTE, decision)
    mine = (
        next(
            (
                v
                for v in decision.votes.all()
                if getattr(user, "person", None) and v.person_id == user.person.pk
            ),
            None,
        )
        if user.is_authenticated and hasattr(user, "person")
        else None
    )
    can_manage = can(user, Action.MEETING_MANAGE, decision.body)
    ratifications = list(decision.ratifications.all())
    answerable = [
        r
        for r in ratifications
        if r.status == RatificationStatus.PENDING
        and can(user, Action.DECISION_RATIFY, r.collective)
    ]
    rule = decision.lived_experience_last is not None
    context = {
        "collective": collective,
        "decision": decision,
        "counts": selectors.counts(decision),
        "votes": selectors.votes_shown(decision)
        if can(user, BodyAction.BODY_VIEW_MEMBERS, decision.body)
        else None,
        "vote_form": _vote_form(decision, mine) if may_vote else None,
        "ballots": selectors.ballot_table(decision)
        if decision.status == DecisionStatus.CLOSED
        else None,
        "mine": mine,
        "close_form": CloseForm(rule=rule) if is_open and can_manage else None,
        "ratifications": ratifications,
        "ratified": sum(r.status == RatificationStatus.RATIFIED for r in ratifications),
        "needed": services.ratification_needed(decision, len(ratifications))
        if ratifications
        else 0,
        "answerable": answerable,
        "ratify_form": RatifyForm() if answerable else None,
        "actions": list(decision.actions.all()),
        "action_form": _action_form(decision.collective)
        if can_manage and decision.collective_id == collective.pk
        else None,
        "here": decision.collective_id == collective.pk,
        "serves": [
            title
            for key, title in goals_and_strategies(decision.collective)
            if key in (decision.agenda_keys or [])
        ],
    }
    return render(request, "meetings/decision_detail.html", context)


def _vote_form(decision: Decision, mine, data=None):
    """The form of a position: for, against … or, under score and ranked choice, a ballot."""
    if decision.by_ballot:
        initial = {f"option_{k}": v for k, v in (mine.marks if mine else {}).items()}
        return BallotForm(data, decision=decision, initial=initial)
    initial = {"choice": mine.choice, "reason": mine.reason} if mine else None
    return VoteForm(data, procedure=decision.procedure, initial=initial)


def _decision(request, slug, pk) -> Decision:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    try:
        return selectors.decision_page(scope.collective, pk)
    except Decision.DoesNotExist:
        raise Http404("No such decision") from None


@require_POST
def vote_cast(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, slug, pk)
    form = _vote_form(decision, None, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose your position."))
    else:
        if decision.by_ballot:
            abstain = request.POST.get("choice") == Choice.ABSTAIN
            position = {
                "choice": Choice.ABSTAIN if abstain else Choice.BALLOT,
                "marks": {} if abstain else form.marks(),
            }
        else:
            position = form.cleaned_data
        try:
            services.vote_cast(decision=decision, by=request.user, **position)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                _("Your position is recorded; you may change it until the decision closes."),
            )
    return redirect("decision_detail", slug=slug, pk=pk)


@require_POST
def decision_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, slug, pk)
    form = CloseForm(request.POST, rule=decision.lived_experience_last is not None)
    if not form.is_valid():
        messages.error(request, _("The decision was not closed: check the dates."))
        return redirect("decision_detail", slug=slug, pk=pk)
    try:
        closed = services.decision_close(
            decision=decision,
            by=request.user,
            statement=form.cleaned_data["statement"],
            review_on=form.cleaned_data["review_on"],
            rule_followed=form.rule() if "rule_followed" in form.fields else None,
            rule_note=form.cleaned_data.get("rule_note", ""),
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Decision closed: %s.") % closed.get_outcome_display())
    return redirect("decision_detail", slug=slug, pk=pk)


@require_POST
def ratification_record(
    request: HttpRequest, slug: str, pk: int, ratification_pk: int
) -> HttpResponse:
    decision = _decision(request, slug, pk)
    ratification = get_object_or_404(Ratification, pk=ratification_pk, decision=decision)
    form = RatifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether it was ratified or objected to."))
    else:
        try:
            services.ratification_record(
                ratification=ratification, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request, _("The answer of %s is recorded.") % ratification.collective.name
            )
    return redirect("decision_detail", slug=slug, pk=pk)


def decision_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    content, content_type = exports.decisions_file(scope.collective, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="decisions-{slug}.{fmt}"'
    return response


def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    mine = request.GET.get("mine") == "1" and person is not None
    rows = list(selectors.actions(collective, person=person if mine else None)[:500])
    context = {
        "collective": collective,
        "rows": [(a, can(request.user, Action.ACTION_UPDATE, a)) for a in rows],
        "mine": mine,
        "has_person": person is not None,
        "can_create": can(request.user, Action.ACTION_CREATE, collective),
        "action_form": _action_form(collective)
        if can(request.user, Action.ACTION_CREATE, collective)
        else None,
    }
    return render(request, "meetings/action_list.html", context)


@require_POST
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    collective = scope.collective
    form = _action_form(collective, request.POST)
    back = request.POST.get("back", "")
    decision = meeting = None
    if request.POST.get("decision", "").isdigit():
        decision = get_object_or_404(Decision, pk=request.POST["decision"], collective=collective)
    if request.POST.get("meeting", "").isdigit():
        meeting = get_object_or_404(Meeting, pk=request.POST["meeting"], collective=collective)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            services.action_create(
                collective=collective,
                by=request.user,
                title=data["title"],
                due=data["due"],
                owner=Person.objects.filter(pk=data["owner"]).first() if data["owner"] else None,
                owner_organization=Organization.objects.filter(
                    pk=data["owner_organization"]
                ).first()
                if data["owner_organization"]
                else None,
                decision=decision,
                meeting=meeting or (decision.meeting if decision else None),
                strategy=data.get("strategy") or "",
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Action added."))
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("action_list", slug=slug)


@require_POST
def action_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = scope_for(request, slug, Action.MEETING_VIEW)
    action = get_object_or_404(ActionItem, pk=pk, collective_id__in=scope.collective.tree_ids())
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(
                action=action, by=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Action updated."))
    back = request.POST.get("back", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("action_list", slug=slug)


# Calendar feeds.


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The person's private feed: its address, and a new secret that revokes the old one."""
    if request.method == "POST":
        from django.db import transaction

        with transaction.atomic():
            CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            CalendarToken.objects.create(user=request.user)
        messages.success(
            request, _("A new calendar address was made; the old one no longer works.")
        )
        return redirect("calendar_settings")
    token = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    collectives = []
    if hasattr(request.user, "roles"):
        from backbone.network.models import Collective

        ids = request.user.roles.filter(ended_at__isnull=True).values("collective_id")
        collectives = list(Collective.objects.filter(pk__in=ids))
    return render(
        request,
        "meetings/calendar_settings.html",
        {"token": token, "collectives": collectives, "site": request.build_absolute_uri("/")[:-1]},
    )


def _token_user(token: str):
    row = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        raise Http404("No such calendar")
    return row.user


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def feed_person(request: HttpRequest, token: str) -> HttpResponse:
    user = _token_user(token)
    person = getattr(user, "person", None)
    if person is None:
        raise Http404("No person")
    return _ics(
        calendar.feed(collective=person.collective, person=person, language=user.language), "me"
    )


def _feed_collective(token: str, slug: str):
    from backbone.network.models import Collective

    user = _token_user(token)
    collective = get_object_or_404(Collective, slug=slug)
    if not can(user, Action.MEETING_VIEW, collective):
        raise Http404("No such calendar")
    return user, collective


def feed_collective(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    user, collective = _feed_collective(token, slug)
    return _ics(calendar.feed(collective=collective, language=user.language), slug)


def feed_body(request: HttpRequest, token: str, slug: str, pk: int) -> HttpResponse:
    user, collective = _feed_collective(token, slug)
    body = get_object_or_404(Body, pk=pk, collective=collective)
    return _ics(
        calendar.feed(collective=collective, body=body, language=user.language), f"{slug}-{pk}"
    )
