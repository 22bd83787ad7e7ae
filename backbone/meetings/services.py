"""Writing meetings, decisions and action items: every rule of who may, what is valid and what
follows (invitations, outcomes, ratification) is here, for the pages, the API and the CLI.

Each function is one transaction; what it tells people it records as events in that same
transaction (backbone.events), so nothing is sent for a change that did not happen.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from backbone.documents.services import version_publish
from backbone.events.services import record
from backbone.governance.models import Body, BodyMembership
from backbone.lib.permissions import can, require
from backbone.meetings import counting
from backbone.meetings.models import (
    BALLOT_PROCEDURES,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Choice,
    Decision,
    DecisionOption,
    DecisionStatus,
    ItemStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
    Outcome,
    Procedure,
    Ratification,
    RatificationRule,
    RatificationStatus,
    SpeakingTurn,
    Vote,
)
from backbone.meetings.permissions import VOTES, Action
from backbone.network.models import Collective, Organization, Person

MEETING_FIELDS = (
    "title",
    "location",
    "online_url",
    "step_free",
    "interpretation",
    "sign_language",
    "childcare",
    "breaks",
    "travel_support",
    "access_note",
    "lived_experience_last",
)


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", kwargs={"slug": meeting.collective.slug, "pk": meeting.pk})


def decision_url(decision: Decision) -> str:
    return reverse("decision_detail", kwargs={"slug": decision.collective.slug, "pk": decision.pk})


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": _("“%s” is not a time zone; write one such as Europe/Kyiv.") % name}
        ) from None


def local_times(
    day: dt.date, start: dt.time, end: dt.time, zone_name: str
) -> tuple[dt.datetime, dt.datetime]:
    """A meeting's start and end, given as wall-clock times in its time zone, as aware times.
    An end at or before the start is refused (a meeting cannot end before it starts)."""
    zone = _zone(zone_name)
    starts = dt.datetime.combine(day, start, tzinfo=zone)
    ends = dt.datetime.combine(day, end, tzinfo=zone)
    if ends <= starts:
        raise ValidationError({"ends": _("The meeting must end after it starts.")})
    return starts, ends


def _members(bodies: Iterable[Body]) -> list[BodyMembership]:
    return list(
        BodyMembership.objects.current()
        .filter(body__in=list(bodies))
        .select_related("person", "person__user")
        .order_by("person_id")
    )


def _organizations_of(person_ids: Iterable[int]) -> dict[int, int]:
    """person id → the organization of their latest current affiliation (one query)."""
    from backbone.network.models import Affiliation

    rows = (
        Affiliation.objects.filter(person_id__in=list(person_ids), end_date__isnull=True)
        .order_by("person_id", "start_date", "-pk")
        .values_list("person_id", "organization_id")
    )
    return dict(rows)  # the last row of each person wins: their latest affiliation


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    by,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "Europe/Kyiv",
    joint_with: Iterable[Body] = (),
    series: MeetingSeries | None = None,
    items: Iterable[dict] = (),
    **fields,
) -> Meeting:
    """Schedule a meeting of ``body`` (and of ``joint_with``): every current member of those
    bodies is on its attendance list as invited; the items parked in the series' last meeting
    open its draft agenda, then ``items`` ({"title", "minutes", "presenter"})."""
    require(by, Action.MEETING_MANAGE, body)
    _zone(time_zone)
    if ends_at <= starts_at:
        raise ValidationError({"ends": _("The meeting must end after it starts.")})
    joint = [b for b in joint_with if b.pk != body.pk]
    for other in joint:
        if other.collective_id != body.collective_id:
            raise ValidationError(
                {"joint_with": _("A joint meeting brings together bodies of one collective.")}
            )
    if series is not None and series.body_id != body.pk:
        raise ValidationError({"series": _("This series belongs to another body.")})
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {', '.join(sorted(unknown))}")
    meeting = Meeting(
        collective=body.collective,
        body=body,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        created_by=by if getattr(by, "pk", None) else None,
        **fields,
    )
    if not meeting.title:
        meeting.title = body.name
    meeting.full_clean(exclude=["collective", "body", "series", "created_by"])
    meeting.save()
    meeting.joint_with.set(joint)
    people = list(dict.fromkeys(seat.person_id for seat in _members([body, *joint])))
    organization = _organizations_of(people)
    bulk_create_with_history(
        [
            Attendance(meeting=meeting, person_id=p, organization_id=organization.get(p))
            for p in people
        ],
        Attendance,
        default_user=by if getattr(by, "pk", None) else None,
    )
    position = 0
    for parked in parked_items(series, before=meeting) if series else []:
        position += 1
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=parked.title,
            presenter=parked.presenter,
            minutes=parked.minutes,
            paper=parked.paper,
            carried_from=parked,
        )
    for item in items:
        position += 1
        AgendaItem.objects.create(meeting=meeting, position=position, **item)
    return meeting


def parked_items(series: MeetingSeries, *, before: Meeting) -> list[AgendaItem]:
    """The items parked in the series' meetings before this one and not yet carried over."""
    return list(
        AgendaItem.objects.filter(
            meeting__series=series,
            meeting__starts_at__lt=before.starts_at,
            status=ItemStatus.PARKED,
            carried_to__isnull=True,
        )
        .exclude(meeting=before)
        .select_related("presenter")
        .order_by("meeting__starts_at", "position")
    )


# What, once changed, the invitees are told of again (with the meeting's new .ics).
TOLD_AGAIN = ("starts_at", "ends_at", "time_zone", "location", "online_url", "status")


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **changes) -> Meeting:
    """Change a meeting; a cancelled one stays cancelled. Once invitations went out, a new
    time or place, or the cancellation, is sent to everyone invited, with the meeting's
    ``.ics`` (its SEQUENCE raised, so calendars replace the old entry)."""
    require(by, Action.MEETING_MANAGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("This meeting is cancelled; schedule a new one.")})
    before = {name: getattr(meeting, name) for name in TOLD_AGAIN}
    for name, value in changes.items():
        if name not in (*MEETING_FIELDS, "starts_at", "ends_at", "time_zone", "status"):
            raise TypeError(f"not a field to change: {name}")
        setattr(meeting, name, value)
    _zone(meeting.time_zone)
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends": _("The meeting must end after it starts.")})
    meeting.full_clean(exclude=["collective", "body", "series", "created_by"])
    moved = any(getattr(meeting, n) != before[n] for n in TOLD_AGAIN)
    if moved:
        meeting.sequence += 1
    meeting.save()
    if moved and meeting.invited_at:
        _tell_invitees(meeting, by)
    return meeting


def _tell_invitees(meeting: Meeting, by) -> None:
    rows = meeting.attendance.select_related("person__user")
    users = [a.person.user for a in rows if a.person.user_id and a.person.user.is_active]
    addresses = [
        {"address": a.person.email, "language": ""}
        for a in rows
        if not a.person.user_id and a.person.email
    ]
    cancelled = meeting.status == MeetingStatus.CANCELLED
    record(
        "meeting.cancelled" if cancelled else "meeting.changed",
        actor=by,
        collective=meeting.collective,
        target=meeting,
        audience=[u for u in users if u.pk != getattr(by, "pk", None)],
        addresses=addresses,
        subject=gettext_noop("Cancelled: %(meeting)s, %(when)s")
        if cancelled
        else gettext_noop("Changed: %(meeting)s, %(when)s"),
        message=gettext_noop("“%(meeting)s” on %(when)s (%(zone)s) is cancelled.")
        if cancelled
        else gettext_noop(
            "“%(meeting)s” has changed: it is now on %(when)s (%(zone)s), %(place)s."
        ),
        params={
            "meeting": meeting.title,
            "when": _wall_clock(meeting),
            "zone": meeting.time_zone,
            "place": meeting.location or meeting.online_url or "—",
        },
        url=meeting_url(meeting),
        attachments=[{"kind": "meeting.ics", "pk": meeting.pk}],
    )


@transaction.atomic
def item_add(
    *, meeting: Meeting, by, title: str, minutes: int | None = None, presenter=None
) -> AgendaItem:
    require(by, Action.MEETING_MANAGE, meeting)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Say what the item is.")})
    last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
    return AgendaItem.objects.create(
        meeting=meeting, position=last + 1, title=title, minutes=minutes, presenter=presenter
    )


@transaction.atomic
def item_set_status(*, item: AgendaItem, by, status: str) -> AgendaItem:
    """Mark an item discussed, or park it: the series' next meeting then opens with it."""
    require(by, Action.MEETING_MANAGE, item.meeting)
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Not a status of an agenda item.")})
    item.status = status
    item.save(update_fields=["status"])
    return item


# Invitations and attendance.


def _invitee_ids(meeting: Meeting) -> list[int]:
    return list(meeting.attendance.values_list("pk", flat=True))


@transaction.atomic
def meeting_invite(*, meeting: Meeting, by) -> int:
    """Send each person on the attendance list their invitation: by e-mail with the meeting
    as an ``.ics`` attachment and their own reply link, and in the app. Sent again (an update)
    when asked again. Returns how many were invited."""
    require(by, Action.MEETING_MANAGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("A cancelled meeting sends no invitations.")})
    count = 0
    rows = meeting.attendance.select_related("person", "person__user")
    for attendance in rows:
        person = attendance.person
        user = person.user if person.user_id and person.user.is_active else None
        address = person.email if user is None else ""
        if user is None and not address:
            continue
        reply = reverse("attendance_reply", kwargs={"token": attendance.reply_token})
        record(
            "meeting.invited",
            actor=by,
            collective=meeting.collective,
            target=attendance,
            audience=[user] if user else [],
            addresses=[{"address": address, "language": ""}] if address else [],
            subject=gettext_noop("Invitation: %(meeting)s, %(when)s"),
            message=gettext_noop(
                "You are invited to “%(meeting)s” on %(when)s (%(zone)s). Tell us whether you "
                "will come: %(reply)s"
            ),
            params={
                "meeting": meeting.title,
                "when": _wall_clock(meeting),
                "zone": meeting.time_zone,
                "reply": reply,
            },
            url=meeting_url(meeting),
            # The reply link answers for this person: never posted to a channel (webhooks),
            # and forgotten from the event once delivered.
            secret=["reply"],
            attachments=[{"kind": "meeting.ics", "pk": meeting.pk}],
        )
        count += 1
    meeting.invited_at = timezone.now()
    meeting.save(update_fields=["invited_at"])
    return count


def _wall_clock(meeting: Meeting) -> str:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    return local.strftime("%Y-%m-%d %H:%M")


REPLIES = (AttendanceStatus.ATTENDING, AttendanceStatus.APOLOGIES)


@transaction.atomic
def attendance_reply(*, attendance: Attendance, status: str, by=None) -> Attendance:
    """The invited person answers (from the page, logged in, or from their e-mail's link:
    ``by`` None, the token having found the row). Only before the meeting ends."""
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("meeting", "person")
        .get(pk=attendance.pk)
    )
    if by is not None and attendance.person.user_id != by.pk:
        raise PermissionDenied("attendance.reply")
    if status not in REPLIES:
        raise ValidationError({"status": _("Reply that you will attend, or send apologies.")})
    if attendance.meeting.ends_at <= timezone.now():
        raise ValidationError({"status": _("This meeting is over; the chair records attendance.")})
    attendance.status = status
    attendance.replied_at = timezone.now()
    attendance.save(update_fields=["status", "replied_at"])
    return attendance


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    by,
    statuses: dict[int, str],
    organizations: dict[int, int | None] | None = None,
) -> Meeting:
    """Who was there, per person on the list (present, apologies, absent), and for which
    organization; a person not on the list is added. The meeting is then held."""
    organizations = organizations or {}
    require(by, Action.MEETING_MANAGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    allowed = {AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT}
    people = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in=statuses, collective_id__in=meeting.collective.tree_ids()
        )
    }
    for person_id, status in statuses.items():
        if status not in allowed:
            raise ValidationError(
                {"attendance": _("Present, apologies or absent, for each person.")}
            )
        if person_id not in people:
            raise ValidationError(
                {"attendance": _("Person #%d is not in this collective.") % person_id}
            )
    listed = {a.person_id: a for a in meeting.attendance.all()}
    _check_on_behalf(organizations, listed)
    actor = by if getattr(by, "pk", None) else None
    added = [
        Attendance(meeting=meeting, person_id=p, status=statuses[p], organization_id=o)
        for p, o in _organizations_of([p for p in statuses if p not in listed]).items()
    ]
    missing = [p for p in statuses if p not in listed and p not in {a.person_id for a in added}]
    added += [Attendance(meeting=meeting, person_id=p, status=statuses[p]) for p in missing]
    changed = []
    for person_id, row in listed.items():
        status = statuses.get(person_id, row.status)
        organization = organizations.get(person_id, row.organization_id)
        if (status, organization) != (row.status, row.organization_id):
            row.status, row.organization_id = status, organization
            changed.append(row)
    if added:
        bulk_create_with_history(added, Attendance, default_user=actor)
    if changed:
        bulk_update_with_history(
            changed, Attendance, ["status", "organization"], default_user=actor
        )
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return meeting


def _check_on_behalf(organizations: dict[int, int | None], listed: dict[int, Attendance]) -> None:
    """A person comes for an organization they currently work with (or for the one already
    recorded), or for none."""
    from backbone.network.models import Affiliation

    asked = {p: o for p, o in organizations.items() if o is not None}
    if not asked:
        return
    allowed = set(
        Affiliation.objects.filter(person_id__in=asked, end_date__isnull=True).values_list(
            "person_id", "organization_id"
        )
    )
    allowed |= {(p, a.organization_id) for p, a in listed.items() if a.organization_id}
    for person_id, organization_id in asked.items():
        if (person_id, organization_id) not in allowed:
            raise ValidationError(
                {
                    "attendance": _(
                        "Person #%(person)d does not work with organization #%(organization)d: "
                        "they come for one of their own organizations, or for none."
                    )
                    % {"person": person_id, "organization": organization_id}
                }
            )


# Minutes.


@transaction.atomic
def minutes_circulate(
    *,
    meeting: Meeting,
    by,
    text: str,
    comments_until: dt.date,
    based_on: int | None = None,
    change_note: str = "",
) -> MinutesVersion:
    """Publish a version of the minutes and circulate it to those present for comment until
    ``comments_until``; a corrected text is the next version, circulated again."""
    require(by, Action.MEETING_MANAGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError({"text": _("These minutes are approved; they are not changed.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the minutes.")})
    if comments_until < timezone.localdate():
        raise ValidationError({"comments_until": _("The deadline for comments cannot be past.")})
    version = version_publish(
        version=MinutesVersion(meeting=meeting, text=text, change_note=change_note),
        by=by,
        based_on=based_on,
    )
    meeting.minutes_status = MinutesStatus.CIRCULATED
    meeting.minutes_due = comments_until
    meeting.save(update_fields=["minutes_status", "minutes_due"])
    present = meeting.attendance.filter(
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.ATTENDING]
    ).select_related("person__user")
    record(
        "meeting.minutes_circulated",
        actor=by,
        collective=meeting.collective,
        target=version,
        audience=[a.person.user for a in present if a.person.user_id and a.person.user_id != by.pk],
        message=gettext_noop(
            "The minutes of “%(meeting)s” (version %(number)s) are ready for your comments "
            "until %(until)s."
        ),
        params={
            "meeting": meeting.title,
            "number": version.number,
            "until": comments_until.isoformat(),
        },
        url=meeting_url(meeting),
    )
    return version


@transaction.atomic
def minutes_comment(*, version: MinutesVersion, by, body: str) -> MinutesComment:
    # Where the minutes stand is read now, not from the meeting the version was loaded with.
    meeting = Meeting.objects.select_for_update().get(pk=version.meeting_id)
    attended = meeting.attendance.filter(person__user=by).exists()
    if not (attended or can(by, Action.MEETING_MANAGE, meeting)):
        raise PermissionDenied("minutes.comment")
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise ValidationError({"body": _("The minutes are not open for comments.")})
    if not body.strip():
        raise ValidationError({"body": _("Write your comment.")})
    return MinutesComment.objects.create(version=version, author=by, body=body.strip())


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by=None, public: bool | None = None) -> Meeting:
    """Approve the latest version (by the body, recorded by its chair; or, with ``by`` None,
    by the deadline having passed). The members of the body are told; public minutes are
    then shown to everyone who may see the collective."""
    if by is not None:
        require(by, Action.MEETING_MANAGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise ValidationError({"minutes": _("Only circulated minutes are approved.")})
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.minutes_approved_at = timezone.now()
    if public is not None:
        meeting.minutes_public = public
    meeting.save(update_fields=["minutes_status", "minutes_approved_at", "minutes_public"])
    members = [s.person.user for s in _members(meeting.bodies()) if s.person.user_id]
    record(
        "meeting.minutes_approved",
        actor=by,
        collective=meeting.collective,
        target=meeting,
        audience=members,
        message=gettext_noop("The minutes of “%(meeting)s” are approved."),
        params={"meeting": meeting.title},
        url=meeting_url(meeting),
    )
    return meeting


def approve_due_minutes(today: dt.date | None = None) -> int:
    """Minutes whose deadline for comments has passed are approved (the sweep's part)."""
    today = today or timezone.localdate()
    done = 0
    due = Meeting.objects.filter(minutes_status=MinutesStatus.CIRCULATED, minutes_due__lt=today)
    for meeting in due.values_list("pk", flat=True)[:100]:
        try:
            minutes_approve(meeting=Meeting.objects.get(pk=meeting))
        except ValidationError:  # approved by hand meanwhile
            continue
        done += 1
    return done


# Decisions.


@transaction.atomic
def decision_propose(
    *,
    body: Body,
    by,
    motion: str,
    procedure: str,
    meeting: Meeting | None = None,
    quorum: int = 0,
    closes_at: dt.datetime | None = None,
    ratification: str = RatificationRule.NONE,
    ratification_count: int | None = None,
    agenda_keys: Iterable[str] = (),
    ratifies: Ratification | None = None,
    options: Sequence[str] = (),
    score_max: int = 5,
) -> Decision:
    """Put a motion to ``body``: in ``meeting``, or asynchronously until ``closes_at``. A
    national decision may ask each collective below to ratify it (``ratification``); an oblast
    body answering such a request proposes with ``ratifies``. Score and ranked choice choose
    among ``options`` (2 to MAX_OPTIONS, fixed once put); a score runs from 0 to
    ``score_max``."""
    require(by, Action.MEETING_MANAGE, body)
    motion = motion.strip()
    errors = {}
    if not motion:
        errors["motion"] = _("Write the motion: what the body is asked to decide.")
    if procedure not in Procedure.values:
        errors["procedure"] = _("Choose how the body decides.")
    options = [" ".join(o.split()) for o in options if o.strip()]
    if procedure in BALLOT_PROCEDURES:
        problem = _options_problem(options)
        if problem:
            errors["options"] = problem
        if not 1 <= score_max <= 10:
            errors["score_max"] = _("The highest score is a whole number from 1 to 10.")
    elif options:
        errors["options"] = _("Options are for score and ranked choice; this motion is voted on.")
    if meeting is not None and body.pk not in {b.pk for b in meeting.bodies()}:
        errors["meeting"] = _("This meeting is not one of this body's.")
    if meeting is None and closes_at is None:
        errors["closes_at"] = _("A decision taken outside a meeting needs a closing time.")
    if closes_at is not None and closes_at <= timezone.now():
        errors["closes_at"] = _("The closing time must be in the future.")
    seats = len(_voters(body))
    if quorum > seats:
        errors["quorum"] = _(
            "The quorum (%(quorum)d) is more than the body's %(seats)d voting seats."
        ) % {
            "quorum": quorum,
            "seats": seats,
        }
    below = list(body.collective.children.all())
    if ratification:
        if ratification not in RatificationRule.values:
            errors["ratification"] = _("Not a rule of ratification.")
        elif not below:
            errors["ratification"] = _("This collective has no collectives below it to ratify.")
        elif ratification == RatificationRule.COUNT and not (
            ratification_count and 1 <= ratification_count <= len(below)
        ):
            errors["ratification_count"] = _(
                "Say how many of the %d collectives below must ratify it."
            ) % len(below)
    keys = list(dict.fromkeys(agenda_keys))
    if keys:
        from backbone.agenda.selectors import goals_and_strategies

        known = {key for key, _title in goals_and_strategies(body.collective)}
        unknown = [key for key in keys if key not in known]
        if unknown:
            errors["agenda_keys"] = _("Not a goal or strategy of the agenda: %s.") % ", ".join(
                unknown
            )
    if ratifies is not None:
        if ratifies.collective_id != body.collective_id:
            errors["ratifies"] = _("Only a body of %s answers this request.") % ratifies.collective
        elif ratifies.local_id is not None:
            errors["ratifies"] = _("This collective has already put it to a decision.")
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        collective=body.collective,
        body=body,
        meeting=meeting,
        motion=motion,
        procedure=procedure,
        quorum=quorum,
        closes_at=closes_at,
        ratification=ratification or "",
        ratification_count=ratification_count if ratification == RatificationRule.COUNT else None,
        agenda_keys=keys,
        score_max=score_max if procedure == Procedure.SCORE else 5,
        proposed_by=by if getattr(by, "pk", None) else None,
        lived_experience_last=True
        if meeting is not None and meeting.lived_experience_last
        else None,
    )
    if procedure in BALLOT_PROCEDURES:
        DecisionOption.objects.bulk_create(
            DecisionOption(decision=decision, position=n, text=text)
            for n, text in enumerate(options, 1)
        )
    if ratifies is not None:
        ratifies.local = decision
        ratifies.save(update_fields=["local"])
    if meeting is None:
        voters = [s.person.user for s in _voters(body) if s.person.user_id]
        record(
            "decision.proposed",
            actor=by,
            collective=body.collective,
            target=decision,
            audience=[u for u in voters if u.pk != getattr(by, "pk", None)],
            message=gettext_noop("“%(body)s” is asked to decide, until %(closes)s: %(motion)s"),
            params={
                "body": body.name,
                "closes": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M"),
                "motion": motion[:200],
            },
            url=decision_url(decision),
        )
    return decision


MAX_OPTIONS = 12


def _options_problem(options: list[str]) -> str:
    if len(options) < 2:
        return _("Write at least two options, one per line.")
    if len(options) > MAX_OPTIONS:
        return _("At most %d options.") % MAX_OPTIONS
    long = [o for o in options if len(o) > 200]
    if long:
        return _("An option is at most 200 characters: “%s…”.") % long[0][:40]
    seen = set()
    for option in options:
        if option.casefold() in seen:
            return _("“%s” is written twice.") % option
        seen.add(option.casefold())
    return ""


def _voters(body: Body) -> list[BodyMembership]:
    return [s for s in _members([body]) if s.role in VOTES]


@transaction.atomic
def vote_cast(
    *,
    decision: Decision,
    by,
    choice: str,
    reason: str = "",
    marks: Mapping[int | str, int] | None = None,
) -> Vote:
    """A member's position, changed until the decision closes. An objection (under consent
    or consensus) carries its reason: it is what the body must answer. Under score or ranked
    choice the position is a ballot (``marks``: option id → score, or → rank from 1) or an
    abstention."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not can(by, Action.DECISION_VOTE, decision):
        raise PermissionDenied(Action.DECISION_VOTE)
    if decision.status != DecisionStatus.OPEN or (
        decision.closes_at is not None and decision.closes_at <= timezone.now()
    ):
        raise ValidationError({"choice": _("This decision is closed; votes are no longer taken.")})
    if decision.by_ballot:
        marks = _ballot_marks(decision, choice, marks or {})
    elif choice == Choice.BALLOT or marks:
        raise ValidationError({"choice": _("This motion is voted on: for, against or abstain.")})
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Choose for, against, abstain or object.")})
    if choice == Choice.OBJECT and decision.procedure in (Procedure.MAJORITY, Procedure.QUALIFIED):
        raise ValidationError({"choice": _("A vote by majority has no objection: vote against.")})
    if choice == Choice.OBJECT and not reason.strip():
        raise ValidationError({"reason": _("An objection says why: what would have to change.")})
    person = by.person
    vote, _created = Vote.objects.update_or_create(
        decision=decision,
        person=person,
        defaults={
            "choice": choice,
            "reason": reason.strip(),
            "marks": marks or {},
            "cast_at": timezone.now(),
        },
    )
    return vote


def _ballot_marks(decision: Decision, choice: str, marks: Mapping) -> dict[str, int]:
    """A ballot's marks, checked against the decision's options, keyed by option id as text."""
    if choice == Choice.ABSTAIN:
        return {}
    if choice != Choice.BALLOT:
        raise ValidationError({"choice": _("Mark the options, or abstain.")})
    options = {o.pk: o for o in decision.options.all()}
    clean: dict[str, int] = {}
    for key, value in marks.items():
        try:
            option, value = int(key), int(value)
        except (TypeError, ValueError):
            raise ValidationError({"marks": _("A mark is a whole number.")}) from None
        if option not in options:
            raise ValidationError({"marks": _("%s is not an option of this decision.") % key})
        clean[str(option)] = value
    if decision.procedure == Procedure.SCORE:
        missing = [o.text for pk, o in options.items() if str(pk) not in clean]
        if missing:
            raise ValidationError(
                {"marks": _("Give every option a score: “%s” has none.") % missing[0]}
            )
        wrong = [options[int(k)].text for k, v in clean.items() if not 0 <= v <= decision.score_max]
        if wrong:
            raise ValidationError(
                {
                    "marks": _("A score runs from 0 to %(max)d: “%(option)s”.")
                    % {"max": decision.score_max, "option": wrong[0]}
                }
            )
        return clean
    ranks = sorted(clean.values())
    if not ranks:
        raise ValidationError({"marks": _("Rank at least one option (1 is your first choice).")})
    if ranks != list(range(1, len(ranks) + 1)):
        raise ValidationError(
            {"marks": _("Rank the options 1, 2, 3 … each number once, without gaps.")}
        )
    return clean


def ballot_result(decision: Decision, votes: Iterable[Vote] | None = None):
    """The count of a score or ranked-choice decision: a counting.ScoreResult or RunoffResult
    over its ballots (abstentions are not ballots)."""
    votes = decision.votes.all() if votes is None else votes
    ballots = [v.marks for v in votes if v.choice == Choice.BALLOT]
    options = [o.pk for o in decision.options.all()]
    if decision.procedure == Procedure.SCORE:
        return counting.score(options, ({int(k): v for k, v in b.items()} for b in ballots))
    return counting.instant_runoff(options, (counting.ranking(b) for b in ballots))


def tally(decision: Decision, votes: Iterable[Vote] | None = None) -> dict[str, int]:
    counts = {c: 0 for c in Choice.values}
    for vote in decision.votes.all() if votes is None else votes:
        counts[vote.choice] += 1
    return counts


def outcome_of(decision: Decision, counts: dict[str, int]) -> str:
    """What the votes decide under the decision's procedure and quorum.

    - consensus: no one against and no objection, and someone for;
    - consent: no reasoned objection (against is a recorded reservation), and someone for;
    - simple majority: more for than against (abstentions do not count);
    - two-thirds: for at least two thirds of those for or against.
    - score and ranked choice: an option won (see ``ballot_result``); level options tie.
    Everyone who took part (abstaining too) counts toward the quorum."""
    taking_part = sum(counts.values())
    if decision.quorum and taking_part < decision.quorum:
        return Outcome.NO_QUORUM
    if decision.by_ballot:
        result = ballot_result(decision)
        if result.winner is not None:
            return Outcome.ADOPTED
        return Outcome.TIE if result.tied else Outcome.REJECTED
    yes, no, objections = counts[Choice.FOR], counts[Choice.AGAINST], counts[Choice.OBJECT]
    if decision.procedure == Procedure.CONSENSUS:
        adopted = yes > 0 and no == 0 and objections == 0
    elif decision.procedure == Procedure.CONSENT:
        adopted = yes > 0 and objections == 0
    elif decision.procedure == Procedure.MAJORITY:
        adopted = yes > no
    else:
        adopted = yes + no > 0 and Fraction(yes, yes + no) >= Fraction(2, 3)
    return Outcome.ADOPTED if adopted else Outcome.REJECTED


@transaction.atomic
def decision_close(
    *,
    decision: Decision,
    by=None,
    statement: str = "",
    review_on: dt.date | None = None,
    rule_followed: bool | None = None,
    rule_note: str = "",
) -> Decision:
    """Close the decision once and record its outcome. ``by`` None: the closing time passed
    (the sweep). Adopted with a ratification rule: each collective below is asked, and the
    decision takes effect when the rule is met."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body", "collective")
        .get(pk=decision.pk)
    )
    if by is not None:
        require(by, Action.MEETING_MANAGE, decision.body)
    if decision.status == DecisionStatus.CLOSED:
        raise ValidationError({"status": _("This decision is closed already.")})
    if decision.lived_experience_last is not None and by is None:
        # Closed by its closing time: nobody said whether the rule was kept (not followed,
        # with no reason: the page says "not recorded").
        decision.lived_experience_last = False
        decision.rule_note = ""
    elif decision.lived_experience_last is not None:
        if rule_followed is None:
            raise ValidationError(
                {"rule_followed": _("Say whether members with lived experience spoke last.")}
            )
        if not rule_followed and not rule_note.strip():
            raise ValidationError({"rule_note": _("Say why the rule was not followed.")})
        decision.lived_experience_last = rule_followed
        decision.rule_note = rule_note.strip()
    outcome = outcome_of(decision, tally(decision))
    if decision.by_ballot and outcome == Outcome.ADOPTED:
        decision.chosen_id = ballot_result(decision).winner
    ratifying = outcome == Outcome.ADOPTED and decision.ratification
    decision.outcome = Outcome.PENDING_RATIFICATION if ratifying else outcome
    decision.status = DecisionStatus.CLOSED
    decision.closed_at = timezone.now()
    decision.statement = statement.strip()
    decision.review_on = review_on
    decision.save()
    if ratifying:
        below = list(decision.collective.children.all())
        bulk_create_with_history(
            [Ratification(decision=decision, collective=c) for c in below],
            Ratification,
            default_user=by if getattr(by, "pk", None) else None,
        )
        from backbone.accounts.selectors import staff_of

        for collective in below:
            record(
                "decision.ratification_asked",
                actor=by,
                collective=collective,
                target=decision,
                audience=staff_of(collective),
                message=gettext_noop(
                    "%(collective)s is asked to ratify a decision of %(above)s: %(motion)s"
                ),
                params={
                    "collective": collective.name,
                    "above": decision.collective.name,
                    "motion": decision.motion[:200],
                },
                url=decision_url(decision),
            )
    members = [s.person.user for s in _members([decision.body]) if s.person.user_id]
    record(
        "decision.closed",
        actor=by,
        collective=decision.collective,
        target=decision,
        audience=members,
        message=gettext_noop("“%(body)s” decided (%(outcome)s): %(motion)s"),
        params={
            "body": decision.body.name,
            "outcome": decision.get_outcome_display(),
            "motion": decision.motion[:200],
        },
        url=decision_url(decision),
    )
    return decision


def close_due_decisions(now: dt.datetime | None = None) -> int:
    """Decisions whose closing time passed are closed with what their votes say."""
    now = now or timezone.now()
    due = Decision.objects.filter(status=DecisionStatus.OPEN, closes_at__lte=now)
    done = 0
    for pk in due.values_list("pk", flat=True)[:100]:
        try:
            decision_close(decision=Decision.objects.get(pk=pk))
        except ValidationError:
            continue
        done += 1
    return done


def ratification_needed(decision: Decision, total: int) -> int:
    if decision.ratification == RatificationRule.ALL:
        return total
    if decision.ratification == RatificationRule.MAJORITY:
        return total // 2 + 1
    return min(decision.ratification_count or total, total)


@transaction.atomic
def ratification_record(
    *, ratification: Ratification, by, status: str, reason: str = ""
) -> Ratification:
    """A collective below says whether it ratified (its own body having decided under its
    own procedure) or objected, with reasons. The decision above takes effect once its rule
    is met, and fails once the rule can no longer be met."""
    ratification = (
        Ratification.objects.select_for_update(of=("self",))
        .select_related("decision", "collective", "local")
        .get(pk=ratification.pk)
    )
    require(by, Action.DECISION_RATIFY, ratification.collective)
    decision = Decision.objects.select_for_update().get(pk=ratification.decision_id)
    if decision.outcome != Outcome.PENDING_RATIFICATION:
        raise ValidationError({"status": _("This decision is no longer awaiting ratification.")})
    if ratification.status != RatificationStatus.PENDING:
        raise ValidationError({"status": _("%s has answered already.") % ratification.collective})
    if status not in (RatificationStatus.RATIFIED, RatificationStatus.OBJECTED):
        raise ValidationError({"status": _("Ratified or objected.")})
    if status == RatificationStatus.OBJECTED and not reason.strip():
        raise ValidationError({"reason": _("An objection gives its reasons.")})
    local = ratification.local
    if local is not None:
        if local.status != DecisionStatus.CLOSED:
            raise ValidationError({"status": _("Its own decision is still open.")})
        agrees = local.outcome == Outcome.ADOPTED
        if agrees != (status == RatificationStatus.RATIFIED):
            raise ValidationError(
                {
                    "status": _("Its own decision was “%s”; the answer must say the same.")
                    % local.get_outcome_display()
                }
            )
    ratification.status = status
    ratification.reason = reason.strip()
    ratification.decided_at = timezone.now()
    ratification.save()
    rows = list(decision.ratifications.values_list("status", flat=True))
    needed = ratification_needed(decision, len(rows))
    yes = rows.count(RatificationStatus.RATIFIED)
    open_ = rows.count(RatificationStatus.PENDING)
    if yes >= needed:
        decision.outcome = Outcome.ADOPTED
    elif yes + open_ < needed:
        decision.outcome = Outcome.NOT_RATIFIED
    if decision.outcome != Outcome.PENDING_RATIFICATION:
        decision.save(update_fields=["outcome"])
        from backbone.accounts.selectors import staff_of

        record(
            "decision.ratified" if decision.outcome == Outcome.ADOPTED else "decision.not_ratified",
            actor=by,
            collective=decision.collective,
            target=decision,
            audience=staff_of(decision.collective),
            message=gettext_noop("%(done)s of %(total)s collectives ratified: %(motion)s"),
            params={"done": yes, "total": len(rows), "motion": decision.motion[:200]},
            url=decision_url(decision),
        )
    return ratification


# Speaking order.


def has_lived_experience(person: Person) -> bool:
    return bool(person.lived_experience)


def speaking_order(turns: list[SpeakingTurn], *, rule: bool) -> list[SpeakingTurn]:
    """The list of speakers as the chair calls them: in the order they asked; with the rule
    on, those with lived experience after everyone else (still in the order they asked)."""
    if not rule:
        return sorted(turns, key=lambda t: t.position)
    return sorted(turns, key=lambda t: (has_lived_experience(t.person), t.position))


@transaction.atomic
def turn_request(
    *, meeting: Meeting, by, person: Person, decision: Decision | None = None
) -> SpeakingTurn:
    require(by, Action.MEETING_MANAGE, meeting)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": _("This decision is not taken in this meeting.")})
    if decision is not None and decision.status == DecisionStatus.CLOSED:
        raise ValidationError({"decision": _("This decision is closed; its list is too.")})
    if not meeting.attendance.filter(person=person).exists():
        raise ValidationError({"person": _("%s is not on this meeting's list.") % person})
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = (
        SpeakingTurn.objects.filter(meeting=meeting, decision=decision)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )
    return SpeakingTurn.objects.create(
        meeting=meeting, decision=decision, person=person, position=last + 1
    )


@transaction.atomic
def turn_start(*, turn: SpeakingTurn, by) -> SpeakingTurn:
    require(by, Action.MEETING_MANAGE, turn.meeting)
    turn = SpeakingTurn.objects.select_for_update().get(pk=turn.pk)
    if turn.seconds is not None:
        raise ValidationError({"turn": _("This person has spoken already.")})
    turn.started_at = timezone.now()
    turn.save(update_fields=["started_at"])
    return turn


@transaction.atomic
def turn_stop(*, turn: SpeakingTurn, by, seconds: int | None = None) -> SpeakingTurn:
    """End a turn: its length from the timer (or as the chair writes it)."""
    require(by, Action.MEETING_MANAGE, turn.meeting)
    turn = SpeakingTurn.objects.select_for_update().get(pk=turn.pk)
    if seconds is None:
        if turn.started_at is None:
            raise ValidationError({"turn": _("Start the timer first, or write how long.")})
        seconds = max(int((timezone.now() - turn.started_at).total_seconds()), 0)
    if seconds < 0 or seconds > 6 * 3600:
        raise ValidationError({"seconds": _("A turn lasts between 0 seconds and six hours.")})
    turn.seconds = seconds
    turn.save(update_fields=["seconds"])
    return turn


# Action items.


@transaction.atomic
def action_create(
    *,
    collective: Collective,
    by,
    title: str,
    due: dt.date,
    owner: Person | None = None,
    owner_organization: Organization | None = None,
    decision: Decision | None = None,
    meeting: Meeting | None = None,
    body: Body | None = None,
    strategy: str = "",
) -> ActionItem:
    body = body or (decision.body if decision else None) or (meeting.body if meeting else None)
    require(by, Action.ACTION_CREATE, body or collective)
    errors = {}
    if not title.strip():
        errors["title"] = _("Say what is to be done.")
    if owner is None and owner_organization is None:
        errors["owner"] = _("Name who owns it: a person or an organization.")
    tree = set(collective.tree_ids()) | set(collective.ancestor_ids())
    if owner is not None and (owner.collective_id not in tree or owner.archived_at):
        errors["owner"] = _("%s is not a member of this collective.") % owner
    if owner_organization is not None and owner_organization.collective_id not in tree:
        errors["owner_organization"] = (
            _("%s is not a member of this collective.") % owner_organization
        )
    if strategy:
        from backbone.agenda.selectors import goals_and_strategies

        if strategy not in {key for key, _title in goals_and_strategies(collective)}:
            errors["strategy"] = _("Not a goal or strategy of the agenda: %s.") % strategy
    for linked in (decision, meeting, body):
        if linked is not None and linked.collective_id != collective.pk:
            errors["title"] = _("An action belongs to the collective of its decision or meeting.")
    if errors:
        raise ValidationError(errors)
    action = ActionItem.objects.create(
        collective=collective,
        title=title.strip(),
        due=due,
        owner=owner,
        owner_organization=owner_organization,
        decision=decision,
        meeting=meeting,
        body=body,
        strategy=strategy,
    )
    if owner is not None and owner.user_id and owner.user_id != getattr(by, "pk", None):
        record(
            "action.assigned",
            actor=by,
            collective=collective,
            target=action,
            audience=[owner.user],
            message=gettext_noop("An action is yours, due %(due)s: %(action)s"),
            params={"due": due.isoformat(), "action": action.title},
            url=reverse("action_list", kwargs={"slug": collective.slug}) + "?mine=1",
        )
    return action


@transaction.atomic
def action_set_status(*, action: ActionItem, by, status: str) -> ActionItem:
    require(by, Action.ACTION_UPDATE, action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Open, done or dropped.")})
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_at"])
    return action


@transaction.atomic
def action_reschedule(*, action: ActionItem, by, due: dt.date) -> ActionItem:
    """A new due date: an overdue reminder comes again for it, once."""
    require(by, Action.ACTION_UPDATE, action)
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    action.due = due
    action.save(update_fields=["due"])
    return action
