"""The demo's meetings: eighteen months of the national steering committee's and its four
working groups' monthly meetings, with their attendance, minutes, decisions and action items,
through the ordinary services (backbone.meetings.services), each acted by whoever runs the
body: the chair the steering committee, the facilitator the foster-care group, staff the other
three groups (their facilitators have no account in the demo).

The story a newcomer should see: attendance in the case-management group falling over the
last six months (from nine in ten to four in ten), until its last meeting had no quorum for
its decision; the foster-care group's last meeting parked an item, which opens the draft
agenda of its next one; a steering decision taken with people with lived experience speaking
last (the turns and their lengths recorded); the national standard on closing institutions
ratified by Lviv and Odesa oblasts, Kharkiv's answer awaited; an allowance recommendation due
for review; an asynchronous decision open for another week; and the demo users' own actions,
some done, some open, some overdue.

The services refuse what is past (a closing time, a deadline for comments), and stamp what
they write with the moment it is written. So each step is taken through the service at build
time and then dated when it happened (`_Moment`): its history rows, its own timestamps and the
events it recorded, by queryset ``update()``. An event of more than a week ago is marked told
at its time: the demo sends no e-mail for a meeting of last year; the week's events (the
invitations to the steering committee's next meeting, the minutes out for comment, the open
decision) are delivered when the build drains its events, as they would have been (and the
dispatch task of an event told is marked run at its time, so the drain does not sweep for
each).

Drawn from a generator of its own, so that adding meetings shifts no other part of the demo.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from backbone.events.models import Event
from backbone.governance.models import Body, BodyKind, BodyMembership
from backbone.lib.audit import acting_as
from backbone.meetings import services as meetings
from backbone.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Choice,
    Decision,
    ItemStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MinutesComment,
    MinutesVersion,
    Procedure,
    Ratification,
    RatificationRule,
    RatificationStatus,
    SpeakingTurn,
    Vote,
)
from backbone.meetings.permissions import VOTES
from backbone.network.models import Organization, Person

ZONE = "Europe/Kyiv"
MONTHS_BACK = 18
TOLD_WITHIN = dt.timedelta(days=7)  # older events are marked told at their time, not sent
# The models whose history the audit log reads; each step's rows are dated when it happened.
HISTORIES = (MeetingSeries, Meeting, AgendaItem, Attendance, Decision, Vote, Ratification)
HISTORIES += (ActionItem,)

STEERING, WORKFORCE, CASE, FOSTER, FINANCING = "steering", "workforce", "case", "foster", "money"
FADING = CASE  # attendance falls over its last six meetings

ONLINE = "online"
KYIV_MINISTRY = "Kyiv, Ministry of Social Policy, 8/10 Esplanadna St, conference hall 3"
KYIV_UNICEF = "Kyiv, UNICEF Ukraine office, 1 Klovskyi Uzviz, 4th floor"
LVIV = "Lviv, Regional Centre of Social Services, 4 Tershakovtsiv St, hall 2"
ODESA = "Odesa, Children's Service of the Oblast Administration, 83 Shevchenka Ave"


@dataclass(frozen=True)
class Spec:
    key: str
    word: str  # a word of the body's English name (the steering committee: its kind)
    runner: str  # the demo account that runs its meetings
    shift: int  # days from today of its meeting this month (negative: held already)
    places: tuple[str, ...]  # the venue each month in turn (ONLINE: online only)
    items: tuple[str, ...]
    hybrid: bool = False  # an online link for in-person meetings too
    access_note: str = ""


SPECS = [
    Spec(
        STEERING,
        "",
        "chair",
        -9,
        (KYIV_MINISTRY, ONLINE, KYIV_UNICEF, ONLINE, KYIV_MINISTRY, LVIV),
        (
            "Progress on the common agenda's indicators",
            "Reports from the working groups",
            "Oblast updates: Lviv, Kharkiv, Odesa",
            "The community council's advice",
            "Budget and donors' pooled fund",
            "Risks: local budgets and foster carers' burnout",
            "Planning the next readiness round",
            "Communication with the Ministry and the Verkhovna Rada",
        ),
        hybrid=True,
        access_note="Step-free entrance from the courtyard; the lift goes to every floor. "
        "Travel costs of members from the oblasts are refunded.",
    ),
    Spec(
        WORKFORCE,
        "workforce",
        "staff",
        6,
        (ONLINE, ONLINE, KYIV_MINISTRY),
        (
            "Vacancies of social workers by oblast",
            "Supervision for case managers",
            "The caseload standard",
            "Training of trainers: first cohort",
            "Salaries in hromada social services",
        ),
    ),
    Spec(
        CASE,
        "case management",
        "staff",
        -5,
        (ONLINE, ONLINE, ONLINE, LVIV),
        (
            "The common assessment form",
            "The electronic case register",
            "Cases of displaced families",
            "Case conferences with schools and health services",
            "Figures on families kept together",
        ),
    ),
    Spec(
        FOSTER,
        "foster",
        "facilitator",
        -16,
        (LVIV, ONLINE, ODESA, ONLINE),
        (
            "Recruitment campaigns in the oblasts",
            "PRIDE training: cohorts and waiting lists",
            "Support groups and respite for foster carers",
            "Emergency foster care",
            "Foster carers' allowance",
            "Matching children with disabilities with families",
        ),
        hybrid=True,
        access_note="Childcare in the room next door; tell us the children's ages a week ahead.",
    ),
    Spec(
        FINANCING,
        "financing",
        "staff",
        -23,
        (ONLINE, KYIV_UNICEF, ONLINE),
        (
            "The state budget: subvention for family-based care",
            "Oblast budgets for family services",
            "The donors' pooled fund",
            "Costing the closure plans",
            "Money follows the child",
        ),
    ),
]

# The common agenda's strategies (backbone/demo/agenda.py); the other keys are its goals.
STRATEGIES = {"foster-recruitment", "case-management", "closure-plans"}

PARKED_ITEM = "Kinship carers' allowance: the Ministry's draft regulation"

# Decisions taken in meetings: body, month (0: this month's meeting, -1 the month before…),
# motion, procedure, how the votes fall, agenda keys, and extras.
DECISIONS = [
    (STEERING, -16, "Adopt the collective's work plan for the second half of 2025: each of "
     "the common agenda's three strategies with a working group that owns it.",
     Procedure.CONSENSUS, "all", ["family-care", "prevention", "fewer-in-institutions"], {}),
    (WORKFORCE, -14, "Recommend a national caseload standard of no more than 25 families per "
     "case manager in hromada social services.", Procedure.MAJORITY, "majority",
     ["case-management", "workforce"], {}),
    (FOSTER, -11, "Recommend a national minimum allowance for foster carers of 2.5 subsistence "
     "minimums a month per child, indexed every January.", Procedure.MAJORITY, "majority",
     ["foster-recruitment"], {"review": True}),
    (FINANCING, -9, "Ask the Ministry of Finance to ring-fence the subvention for "
     "family-based care in the 2026 state budget.", Procedure.CONSENSUS, "all",
     ["family-care"], {}),
    (CASE, -8, "Adopt version 2 of the common case-management assessment form for hromadas.",
     Procedure.CONSENT, "reservations", ["case-management"], {}),
    (WORKFORCE, -6, "Ask for a licence for every residential care provider from 2027.",
     Procedure.QUALIFIED, "split", ["closure-plans"],
     {"statement": "Not adopted: members asked first for what licensing would cost small "
      "providers, and will come back to it."}),
    (STEERING, -5, "Publish the collective's annual report for 2025, with the figures of each "
     "oblast.", Procedure.CONSENT, "reservations", ["community-voice"],
     {"rule_note": "The only member with lived experience present asked to speak first: "
      "she had to leave early."}),
    (STEERING, -3, "Pay members with lived experience of care for their time: UAH 1,500 for "
     "each meeting they attend, and their travel.", Procedure.CONSENT, "reservations",
     ["community-voice"], {"turns": True}),
    (STEERING, -2, "Adopt the national standard on closing residential institutions: no child "
     "leaves an institution until a family-based placement or a supported-living plan, agreed "
     "with the child, is ready.", Procedure.CONSENT, "reservations",
     ["fewer-in-institutions", "closure-plans"], {"ratify": True}),
    (FOSTER, -1, "Pilot emergency foster care in four hromadas of Odesa oblast from February, "
     "with the oblast's children's service.", Procedure.CONSENT, "reservations",
     ["foster-recruitment"], {}),
    (CASE, 0, "Move every case file of the hromadas in the pilot to the electronic case "
     "register by 1 March.", Procedure.CONSENT, "all", ["case-management"],
     {"quorum": 10, "statement": "No quorum: too few members present. The facilitator puts "
      "the motion to the group again online."}),
]  # fmt: skip

ASYNC_MOTION = (
    "Sign the collective's joint letter to the Verkhovna Rada's committee on social policy "
    "on the draft law on guardianship and custody."
)
RATIFYING = {
    # oblast: procedure, motion, days after the national decision
    "ua-46": (Procedure.CONSENSUS, 16),
    "ua-51": (Procedure.MAJORITY, 23),
}

# Actions: the decision (its body and month) or meeting they come from, what, whose (a demo
# account, "member": a member present, or an organization's English name), due (days after
# the meeting; "overdue"/"soon": days from today), done (days after the meeting), or open.
ACTIONS = [
    (STEERING, -16, "Send each working group its strategy and ask for a first work plan",
     "staff", 21, 12),
    (STEERING, -12, "Invite the Ombudsperson's office to send an observer to the committee",
     "chair", 30, 18),
    (WORKFORCE, -14, "Write to the National Social Service with the caseload recommendation",
     "member", 14, 9),
    (FOSTER, -11, "Cost the foster carers' allowance with the Ministry of Social Policy",
     "facilitator", 45, 40),
    (FOSTER, -11, "Collect foster carers' accounts of the allowance for its review",
     "facilitator", ("overdue", -12), None),
    (FINANCING, -9, "Draft the letter to the Ministry of Finance", "member", 10, 6),
    (FINANCING, -9, "Brief the secretariat of the Verkhovna Rada's budget committee", "member",
     30, 27),
    (CASE, -8, "Write the assessment form's guide for families in plain language", "member", 30,
     34),
    (CASE, -8, "Train hromada case managers in Lviv oblast on the new form",
     "Lviv Regional Centre of Social Services", ("soon", 45), None),
    (FOSTER, -4, "Map the foster-carer trainings in Odesa oblast for the overlap review",
     "facilitator", 20, 15),
    (WORKFORCE, -6, "Estimate what licensing would cost small residential providers", "member",
     ("overdue", -30), None),
    (STEERING, -5, "Lay out the annual report and publish it on the website", "staff2", 21, 19),
    (STEERING, -3, "Set up payments to members with lived experience through the backbone's "
     "accounts", "staff", 21, 16),
    (STEERING, -3, "Write a one-page guide for members with lived experience on claiming their "
     "payment and travel", "community", ("soon", 10), None),
    (FINANCING, -3, "Cost the pooled-fund proposal with the donors", "member", ("overdue", -8),
     None),
    (STEERING, -2, "Send the closure standard to the three oblast coordination groups", "staff",
     7, 2),
    (STEERING, -2, "Present the closure standard to the community council", "community", 30,
     24),
    (STEERING, -2, "Follow up with the Kharkiv oblast coordination group on ratification",
     "chair", ("soon", 14), None),
    (WORKFORCE, -2, "Collect vacancy figures for social workers from the oblasts", "member", 21,
     20),
    (FOSTER, -1, "Agree the pilot hromadas with the Odesa oblast children's service",
     "facilitator", ("soon", 21), None),
    (FOSTER, -1, "Recruit and train the first ten emergency foster families",
     "Foster Families Network of Ukraine", ("soon", 80), None),
    (STEERING, -1, "Draft the 2027 work plan for the committee", "chair", ("overdue", -3), None),
    (CASE, 0, "Ask members whether the meeting time still suits them and propose another",
     "member", ("soon", 6), None),
    (CASE, 0, "Put the case-register motion to the group online", "member", ("soon", 3), None),
]  # fmt: skip

ITEM_NOTES = (
    "Discussed; the group will come back to it with the oblasts' figures.",
    "Noted. Members asked for the paper a week before the next meeting.",
    "Discussed; agreed as presented.",
    "Discussed; two members will send written comments.",
)
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass
class Held:
    """A meeting as the demo builds it."""

    spec: Spec
    body: Body
    month: int
    meeting: Meeting
    present: list[Person] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)


class _Moment:
    """Steps taken now through the services, dated when they happened (see the module's
    docstring): the history rows the step wrote and the events it recorded."""

    def __init__(self) -> None:
        self.now = timezone.now()

    @contextmanager
    def at(self, when: dt.datetime, user, models=HISTORIES):
        """``models``: those whose history the step writes (fewer queries for the build)."""
        began = timezone.now()
        with acting_as(user):
            yield
        when = min(when, self.now - dt.timedelta(hours=1))
        for model in models:
            model.history.filter(history_date__gte=began).update(history_date=when)
        told = when if when < self.now - TOLD_WITHIN else None
        Event.objects.filter(created_at__gte=began).update(created_at=when, dispatched_at=told)
        if told is not None:
            # Its dispatch ran then too: the build's drain does not run a sweep for each.
            tasks = DBTaskResult.objects.filter(
                enqueued_at__gte=began, status=TaskResultStatus.READY
            )
            tasks.update(
                status=TaskResultStatus.SUCCESSFUL,
                enqueued_at=when,
                run_after=when,
                started_at=when,
                finished_at=when,
            )


def build_meetings(*, collectives, organizations, users, national_slug, **_later) -> dict:
    rng = random.Random("meetings")  # noqa: S311 — demo data, not security
    national = collectives[national_slug]
    today = timezone.localdate()
    moment = _Moment()
    bodies = list(
        Body.objects.filter(
            collective=national, kind__in=[BodyKind.STEERING, BodyKind.WORKING_GROUP]
        )
    )
    by_name = {o.name_en: o for o in Organization.objects.filter(name_en__in=_organizations())}
    held: dict[tuple[str, int], Held] = {}
    for spec in SPECS:
        body = next(
            b
            for b in bodies
            if (b.kind == BodyKind.STEERING if not spec.word else spec.word in b.name_en.lower())
        )
        held.update(_series(rng, moment, spec, body, users, today))
    for decision in DECISIONS:
        _decide(rng, moment, held, users, decision)
    for key, month, title, owner, due, done in ACTIONS:
        _act(rng, moment, held[(key, month)], users, by_name, title, owner, due, done, today)
    national_decision = next(d for h in held.values() for d in h.decisions if d.ratification)
    _ratify(rng, moment, national_decision, collectives, users)
    for entry in sorted(held.values(), key=lambda h: h.meeting.starts_at):
        _minutes(moment, entry, users, today)
    _open_decision(rng, moment, held, users)
    _ranked_forum(moment, held, users)
    _scored_modules(moment, held, users)
    _invite(moment, held, users)
    return held


def _organizations() -> set[str]:
    return {owner for *_rest, owner, _due, _done in ACTIONS if owner[0].isupper()}


def _runner(spec: Spec, users):
    return users[spec.runner]


def _day(today: dt.date, spec: Spec, month: int) -> dt.date:
    """The body's meeting ``month`` months from the one ``shift`` days from today: on a
    Tuesday, Wednesday or Thursday of the same calendar month (one meeting a month), never
    today itself."""
    day = today + dt.timedelta(days=spec.shift) + relativedelta(months=month)
    step = dt.timedelta(days=1)
    moved = day
    while moved.weekday() not in (1, 2, 3):
        moved += step
    if moved.month != day.month:
        moved = day
        while moved.weekday() not in (1, 2, 3):
            moved -= step
    return moved - dt.timedelta(days=7) if moved == today else moved


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of that day in Kyiv."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(ZONE))


def _series(rng, moment, spec: Spec, body: Body, users, today: dt.date) -> dict:
    """Its monthly meetings, oldest first: the past ones held (attendance recorded, items
    discussed), the last of the foster-care group's parking an item its next one carries."""
    by = _runner(spec, users)
    seats = {
        s.person_id: s.role
        for s in BodyMembership.objects.current().filter(body=body).select_related("person")
    }
    # The member who left the steering committee came until they left.
    former = list(BodyMembership.objects.past().filter(body=body).select_related("person"))
    first = _day(today, spec, -MONTHS_BACK)
    name = f"Monthly meeting of the {body.name_en[0].lower()}{body.name_en[1:]}"
    # No service makes a series (it is a name and a rhythm): written as a row.
    with moment.at(_local(first, 9) - dt.timedelta(days=35), by, (MeetingSeries,)):
        series = MeetingSeries.objects.create(body=body, name=name)
    result = {}
    previous_end = None
    cancelled = -7 if spec.key == WORKFORCE else None
    for index, month in enumerate(range(-MONTHS_BACK, 2)):
        day = _day(today, spec, month)
        starts, ends = meetings.local_times(day, dt.time(10), dt.time(12), ZONE)
        place = spec.places[index % len(spec.places)]
        online = place == ONLINE
        url = f"https://meet.example.org/{spec.key}-{day:%Y-%m}"
        fields = dict(
            title=f"{body.name_en} — {MONTH_NAMES[day.month - 1]} {day.year}",
            location="" if online else place,
            online_url=url if online or spec.hybrid else "",
            step_free=not online,
            interpretation="Ukrainian ↔ English" if spec.key in (STEERING, FINANCING) else "",
            sign_language=spec.key == STEERING and index % 4 == 1,
            childcare=not online and spec.key in (STEERING, FOSTER),
            breaks=True,
            travel_support=not online and spec.key in (STEERING, FOSTER),
            access_note="" if online else spec.access_note,
            lived_experience_last=spec.key == STEERING,
        )
        items = [
            {"title": title, "minutes": rng.choice((15, 20, 30, 40))}
            for title in rng.sample(spec.items, k=rng.randint(2, 4))
        ]
        if spec.key == FOSTER and month == 0:
            items.append({"title": PARKED_ITEM, "minutes": 20})
        # Scheduled three weeks ahead, and after the meeting before (whose parked item it
        # carries).
        created = _local(day, 11) - dt.timedelta(days=21)
        if previous_end is not None:
            created = max(created, previous_end + dt.timedelta(days=1))
        created = min(created, moment.now - dt.timedelta(hours=3))
        with moment.at(created, by, (Meeting, AgendaItem, Attendance)):
            meeting = meetings.meeting_create(
                body=body, by=by, starts_at=starts, ends_at=ends, series=series, items=items,
                **fields,
            )  # fmt: skip
        # Invitations of past meetings are not sent again (the demo would mail every member
        # each month): the meeting says when they went.
        Meeting.objects.filter(pk=meeting.pk).update(
            created_at=created, invited_at=created if ends < moment.now else None
        )
        previous_end = ends
        entry = Held(spec, body, month, meeting)
        result[(spec.key, month)] = entry
        if ends >= moment.now:
            continue
        if month == cancelled:
            with moment.at(starts - dt.timedelta(days=2), by, (Meeting,)):
                meetings.meeting_update(
                    meeting=meeting,
                    by=by,
                    status=MeetingStatus.CANCELLED,
                    access_note="Cancelled: most members were at the Ministry's consultation "
                    "on the closure plans that day.",
                )
            continue
        _attend(rng, moment, entry, seats, former, users, day, ends)
    return result


def _present_share(rng, spec: Spec, month: int) -> float:
    if spec.key == FADING and month > -6:
        return 0.9 - 0.1 * (month + 5)  # 0.9 six meetings ago, down to 0.4 at the last one
    return rng.uniform(0.78, 0.95)


def _attend(rng, moment, entry: Held, seats, former, users, day, ends) -> None:
    meeting, spec = entry.meeting, entry.spec
    by = _runner(spec, users)
    listed = list(meeting.attendance.select_related("person"))
    people = [a.person for a in listed]
    people += [s.person for s in former if s.end_date > day and s.person not in people]
    # Those who run the meeting, and the demo's community member, are always there.
    always = [p for p in people if p.user_id and p.user_id in {u.pk for u in users.values()}]
    others = [p for p in people if p not in always]
    wanted = round(len(people) * _present_share(rng, spec, entry.month)) - len(always)
    present = always + rng.sample(others, k=max(0, min(wanted, len(others))))
    statuses = {}
    for person in people:
        if person in present:
            statuses[person.pk] = AttendanceStatus.PRESENT
        else:
            statuses[person.pk] = (
                AttendanceStatus.APOLOGIES if rng.random() < 0.7 else AttendanceStatus.ABSENT
            )
    with moment.at(ends, by, (Meeting, Attendance, AgendaItem)):
        meetings.attendance_record(meeting=meeting, by=by, statuses=statuses)
        for item in meeting.items.all():
            status = ItemStatus.PARKED if item.title == PARKED_ITEM else ItemStatus.DISCUSSED
            meetings.item_set_status(item=item, by=by, status=status)
    entry.present = [p for p in present if seats.get(p.pk) in VOTES]


def _choices(shape: str, count: int) -> list[str]:
    """How the votes fall, the first ones (the demo's accounts) always for."""
    if shape == "all":
        return [Choice.FOR] * count
    if shape == "reservations":
        tail = [Choice.AGAINST, Choice.ABSTAIN] if count > 4 else []
        return [Choice.FOR] * (count - len(tail)) + tail
    if shape == "majority":
        yes = -(-count * 3 // 5)
        return [Choice.FOR] * yes + [Choice.ABSTAIN] + [Choice.AGAINST] * (count - yes - 1)
    # "split": a majority, short of two thirds
    yes = count // 2 + 1
    return [Choice.FOR] * yes + [Choice.AGAINST] * (count - yes)


def _cast(decision: Decision, voters: list[Person], shape: str, when: dt.datetime) -> None:
    """The demo's accounts vote through the service; the other members have no account in
    the demo, so their hands, as the chair counted them, are written as rows (no service casts
    a vote for someone else)."""
    voters = sorted(voters, key=lambda p: not p.user_id)
    rows = []
    for person, choice in zip(voters, _choices(shape, len(voters)), strict=True):
        if person.user_id:
            meetings.vote_cast(decision=decision, by=person.user, choice=choice)
        else:
            reason = "Wants the costs for hromadas first." if choice == Choice.AGAINST else ""
            rows.append(
                Vote(decision=decision, person=person, choice=choice, reason=reason, cast_at=when)
            )
    Vote.objects.bulk_create(rows)
    Vote.objects.filter(decision=decision).update(cast_at=when)


def _decide(rng, moment, held, users, spec_row) -> None:
    key, month, motion, procedure, shape, keys, extra = spec_row
    entry = held[(key, month)]
    meeting, by = entry.meeting, _runner(entry.spec, users)
    proposed = meeting.starts_at + dt.timedelta(minutes=20 + 25 * len(entry.decisions))
    with moment.at(proposed, by, (Decision, Vote)):
        decision = meetings.decision_propose(
            body=entry.body,
            by=by,
            motion=motion,
            procedure=procedure,
            meeting=meeting,
            quorum=extra.get("quorum", 0),
            agenda_keys=keys,
            ratification=RatificationRule.ALL if extra.get("ratify") else RatificationRule.NONE,
        )
        if extra.get("turns"):
            _turns(rng, entry, decision, by, proposed)
        _cast(decision, entry.present, shape, proposed + dt.timedelta(minutes=15))
    closed = proposed + dt.timedelta(minutes=18)
    review = None
    if extra.get("review"):
        # Reviewed after a year, which is about now: the body is reminded.
        review = timezone.localdate() - dt.timedelta(days=10)
    with moment.at(closed, by, (Decision, Ratification)):
        decision = meetings.decision_close(
            decision=decision,
            by=by,
            statement=extra.get("statement", ""),
            review_on=review,
            rule_followed=None if not meeting.lived_experience_last else "rule_note" not in extra,
            rule_note=extra.get("rule_note", ""),
        )
    Decision.objects.filter(pk=decision.pk).update(created_at=proposed, closed_at=closed)
    decision.created_at, decision.closed_at = proposed, closed
    entry.decisions.append(decision)


def _turns(rng, entry: Held, decision: Decision, by, when: dt.datetime) -> None:
    """Who spoke before the vote: those with lived experience asked first and, as the rule
    asks, spoke last (the list shows them called after everyone else)."""
    lived = [p for p in entry.present if meetings.has_lived_experience(p)]
    others = [p for p in entry.present if not meetings.has_lived_experience(p)]
    speakers = lived[:2] + rng.sample(others, k=min(len(others), 5 - min(len(lived), 2)))
    asked = [
        meetings.turn_request(meeting=entry.meeting, by=by, person=person, decision=decision)
        for person in speakers
    ]
    start = when + dt.timedelta(minutes=2)
    for turn in meetings.speaking_order(asked, rule=True):
        seconds = rng.randint(70, 240)
        meetings.turn_stop(turn=turn, by=by, seconds=seconds)
        SpeakingTurn.objects.filter(pk=turn.pk).update(started_at=start)
        start += dt.timedelta(seconds=seconds + 20)


def _act(rng, moment, entry: Held, users, by_name, title, owner, due, done, today) -> None:
    meeting, by = entry.meeting, _runner(entry.spec, users)
    day = timezone.localtime(meeting.ends_at).date()
    person = organization = None
    if owner in users:
        person = users[owner].person
    elif owner == "member":
        person = rng.choice([p for p in entry.present if not p.user_id] or entry.present)
    else:
        organization = by_name[owner]
    if isinstance(due, tuple):
        due = today + dt.timedelta(days=due[1])
    else:
        due = day + dt.timedelta(days=due)
    decision = next(iter(entry.decisions), None)
    created = meeting.ends_at + dt.timedelta(minutes=30)
    with moment.at(created, by, (ActionItem,)):
        action = meetings.action_create(
            collective=meeting.collective,
            by=by,
            title=title,
            due=due,
            owner=person,
            owner_organization=organization,
            decision=decision,
            meeting=meeting,
            strategy=next(
                (k for k in (decision.agenda_keys if decision else []) if k in STRATEGIES), ""
            ),
        )
    ActionItem.objects.filter(pk=action.pk).update(created_at=created)
    if done is not None:
        finished = _local(day + dt.timedelta(days=done), 16, rng.randint(0, 59))
        doer = person.user if person is not None and person.user_id else by
        with moment.at(finished, doer, (ActionItem,)):
            meetings.action_set_status(action=action, by=doer, status=ActionStatus.DONE)
        ActionItem.objects.filter(pk=action.pk).update(done_at=finished)
    entry.actions.append(action)


def _ratify(rng, moment, decision: Decision, collectives, users) -> None:
    """Lviv and Odesa oblasts' coordination groups each decide on the national standard
    (asynchronously, under their own procedure) and their staff record the answer; Kharkiv's
    is awaited. The oblast groups' members have no account in the demo: their votes are rows."""
    staff = users["staff"]
    for slug, (procedure, after) in RATIFYING.items():
        collective = collectives[slug]
        body = Body.objects.get(collective=collective, kind=BodyKind.STEERING)
        ratification = Ratification.objects.get(decision=decision, collective=collective)
        proposed = decision.closed_at + dt.timedelta(days=after)
        closes = proposed + dt.timedelta(days=7)
        with moment.at(proposed, staff, (Decision, Ratification)):
            local = meetings.decision_propose(
                body=body,
                by=staff,
                motion=f"Ratify the decision of the national steering committee: {decision.motion}",
                procedure=procedure,
                closes_at=moment.now + dt.timedelta(days=1),
                agenda_keys=decision.agenda_keys,
                ratifies=ratification,
            )
        voters = [s.person for s in BodyMembership.objects.current().filter(body=body)]
        shape = "all" if procedure == Procedure.CONSENSUS else "majority"
        with moment.at(proposed + dt.timedelta(days=3), staff, (Vote,)):
            _cast(local, voters, shape, proposed + dt.timedelta(days=3))
        with moment.at(closes, staff, (Decision, Ratification)):
            meetings.decision_close(
                decision=local, by=staff, statement="Ratified for the oblast's institutions."
            )
            meetings.ratification_record(
                ratification=ratification,
                by=staff,
                status=RatificationStatus.RATIFIED,
                reason=f"Decided by the {body.name_en} on {closes:%Y-%m-%d}.",
            )
        Decision.objects.filter(pk=local.pk).update(
            created_at=proposed, closes_at=closes, closed_at=closes
        )
        Ratification.objects.filter(pk=ratification.pk).update(decided_at=closes)


def _minutes(moment, entry: Held, users, today: dt.date) -> None:
    """Circulated four days after the meeting for ten days' comments, approved when they
    end; the last ones still out for comment (one comment on the steering committee's). A
    meeting of the last four days has no minutes yet."""
    meeting, by = entry.meeting, _runner(entry.spec, users)
    meeting.refresh_from_db()
    if meeting.status != MeetingStatus.HELD:
        return
    day = timezone.localtime(meeting.ends_at).date()
    circulated, until = day + dt.timedelta(days=4), day + dt.timedelta(days=14)
    if circulated > today:
        return
    with moment.at(_local(circulated, 15), by, (Meeting,)):
        version = meetings.minutes_circulate(
            meeting=meeting,
            by=by,
            text=_minutes_text(entry),
            comments_until=max(until, today),
        )
    MinutesVersion.objects.filter(pk=version.pk).update(published_at=_local(circulated, 15))
    Meeting.objects.filter(pk=meeting.pk).update(minutes_due=until)
    if until >= today:
        if entry.spec.key == STEERING:
            commenter = users["community"]
            when = _local(circulated + dt.timedelta(days=1), 19, 40)
            with moment.at(when, commenter, ()):
                comment = meetings.minutes_comment(
                    version=version,
                    by=commenter,
                    body="Item 2: please add that the community council asked for the "
                    "payment rule to be reviewed after six months.",
                )
            MinutesComment.objects.filter(pk=comment.pk).update(created_at=when)
        return
    approved = _local(until + dt.timedelta(days=1), 9, 30)
    with moment.at(approved, by, (Meeting,)):
        meetings.minutes_approve(meeting=meeting, by=by, public=entry.spec.key == STEERING)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=approved)


def _minutes_text(entry: Held) -> str:
    meeting = entry.meeting
    counts = {s: 0 for s in AttendanceStatus.values}
    for status in meeting.attendance.values_list("status", flat=True):
        counts[status] += 1
    lines = [
        f"Minutes: {meeting.title}, {timezone.localtime(meeting.starts_at):%d %B %Y}, "
        "10:00–12:00 (Kyiv).",
        "",
        f"Present: {counts['present']}. Apologies: {counts['apologies']}. "
        f"Absent: {counts['absent']}.",
        "",
    ]
    for number, item in enumerate(meeting.items.all(), start=1):
        note = (
            "Not reached; parked for the next meeting."
            if item.status == ItemStatus.PARKED
            else ITEM_NOTES[(number + meeting.pk) % len(ITEM_NOTES)]
        )
        lines.append(f"{number}. {item.title}. {note}")
    for decision in entry.decisions:
        lines += ["", f"Decision ({decision.get_outcome_display()}): {decision.motion}"]
    if entry.actions:
        lines += ["", "Actions:"]
        lines += [
            f"- {a.title} ({a.owner or a.owner_organization}, by {a.due})" for a in entry.actions
        ]
    return "\n".join(lines)


def _open_decision(rng, moment, held, users) -> None:
    """The steering committee decides on a letter between meetings: open another week, the
    chair and the community member have voted (she objects, with her reason), two more
    members too."""
    chair, community = users["chair"], users["community"]
    entry = held[(STEERING, 0)]
    proposed = moment.now - dt.timedelta(days=2, hours=3)
    with moment.at(proposed, chair, (Decision,)):
        decision = meetings.decision_propose(
            body=entry.body,
            by=chair,
            motion=ASYNC_MOTION,
            procedure=Procedure.CONSENT,
            closes_at=moment.now + dt.timedelta(days=7),
            agenda_keys=["community-voice"],
        )
    Decision.objects.filter(pk=decision.pk).update(created_at=proposed)
    with moment.at(proposed + dt.timedelta(hours=2), chair, (Vote,)):
        meetings.vote_cast(decision=decision, by=chair, choice=Choice.FOR)
    with moment.at(proposed + dt.timedelta(hours=20), community, (Vote,)):
        meetings.vote_cast(
            decision=decision,
            by=community,
            choice=Choice.OBJECT,
            reason="The letter should say that care leavers were consulted on the draft law; "
            "please attach the community council's letter.",
        )
    others = [p for p in entry.present if not p.user_id][:2]
    Vote.objects.bulk_create(
        Vote(decision=decision, person=p, choice=c, cast_at=proposed + dt.timedelta(hours=26))
        for p, c in zip(others, (Choice.FOR, Choice.ABSTAIN), strict=False)
    )
    for user, hours in ((chair, 2), (community, 20)):
        Vote.objects.filter(decision=decision, person__user=user).update(
            cast_at=proposed + dt.timedelta(hours=hours)
        )


FORUM_THEMES = (
    "Children with disabilities in family-based care",
    "Care leavers: the first years of independent life",
    "Kinship care: support for grandparents and relatives",
    "The hromada social services' workforce",
)
# How the steering committee's members ranked the forum's themes (indexes of FORUM_THEMES),
# in turn: no theme has a majority of first choices; the workforce and kinship themes go out
# and their ballots decide it.
FORUM_BALLOTS = (
    (0, 1),
    (1, 0, 2),
    (0, 2),
    (1, 3),
    (2, 0, 1),
    (3, 0),
    (0,),
    (1, 2),
    (2, 1),
    (3, 2, 0),
    (0, 3, 1),
)


def _ballot_rows(decision: Decision, voters: list[Person], marks: list[dict], when) -> None:
    """Ballots of members without a demo account, as the chair collected them on paper."""
    Vote.objects.bulk_create(
        Vote(decision=decision, person=p, choice=Choice.BALLOT, marks=m, cast_at=when)
        for p, m in zip(voters, marks, strict=False)
    )


def _ranked_forum(moment, held, users) -> None:
    """Four months ago the steering committee chose, by ranked choice, the theme of the
    annual learning forum: the count runs over several rounds."""
    entry, chair = held[(STEERING, -4)], users["chair"]
    proposed = entry.meeting.starts_at + dt.timedelta(minutes=80)
    with moment.at(proposed, chair, (Decision,)):
        decision = meetings.decision_propose(
            body=entry.body,
            by=chair,
            meeting=entry.meeting,
            motion="Choose the theme of the collective's 2026 annual learning forum.",
            procedure=Procedure.RANKED,
            options=FORUM_THEMES,
            agenda_keys=["community-voice"],
        )
    options = [str(o.pk) for o in decision.options.all()]
    ballots = [
        {options[i]: rank for rank, i in enumerate(order, 1)}
        for order in FORUM_BALLOTS[: len(entry.present)]
    ]
    voters = sorted(entry.present, key=lambda p: not p.user_id)
    with moment.at(proposed + dt.timedelta(minutes=10), chair, (Vote,)):
        for person, marks in zip(voters, ballots, strict=False):
            if person.user_id:
                meetings.vote_cast(decision=decision, by=person.user, choice="ballot", marks=marks)
        paper = [(p, m) for p, m in zip(voters, ballots, strict=False) if not p.user_id]
        _ballot_rows(decision, [p for p, _m in paper], [m for _p, m in paper], proposed)
    closed = proposed + dt.timedelta(minutes=15)
    with moment.at(closed, chair, (Decision,)):
        decision = meetings.decision_close(
            decision=decision,
            by=chair,
            statement="The backbone team prepares the forum on the theme chosen; each working "
            "group proposes two speakers, one of them with lived experience.",
            rule_followed=None if not entry.meeting.lived_experience_last else True,
        )
    Decision.objects.filter(pk=decision.pk).update(created_at=proposed, closed_at=closed)


MODULES = (
    "Caring for a child who has lived in an institution",
    "Children with disabilities: everyday care and rehabilitation",
    "Contact with the birth family",
    "Teenagers in foster care",
)


def _scored_modules(moment, held, users) -> None:
    """The foster-care group scores the training modules it will write first, 0 to 5, until
    Friday week; the facilitator and four members have scored so far."""
    entry, facilitator = held[(FOSTER, 0)], users["facilitator"]
    proposed = moment.now - dt.timedelta(days=1, hours=5)
    with moment.at(proposed, facilitator, (Decision,)):
        decision = meetings.decision_propose(
            body=entry.body,
            by=facilitator,
            motion="Score the training modules for new foster carers: the two with the "
            "highest totals are written first.",
            procedure=Procedure.SCORE,
            options=MODULES,
            score_max=5,
            closes_at=moment.now + dt.timedelta(days=9),
            agenda_keys=["foster-recruitment"],
        )
    Decision.objects.filter(pk=decision.pk).update(created_at=proposed)
    options = [str(o.pk) for o in decision.options.all()]
    with moment.at(proposed + dt.timedelta(hours=1), facilitator, (Vote,)):
        meetings.vote_cast(
            decision=decision,
            by=facilitator,
            choice="ballot",
            marks=dict(zip(options, (4, 5, 2, 3), strict=True)),
        )
    scores = ((3, 5, 1, 4), (5, 4, 2, 2), (2, 5, 3, 3), (4, 3, 1, 5))
    others = [p for p in entry.present if not p.user_id][: len(scores)]
    _ballot_rows(
        decision,
        others,
        [dict(zip(options, row, strict=True)) for row in scores],
        proposed + dt.timedelta(hours=20),
    )


def _invite(moment, held, users) -> None:
    """The steering committee's next meeting was sent out yesterday (e-mails with the .ics,
    and in the app); three members answered from their e-mail's link. The other bodies' next
    meetings are still to be sent."""
    sent = moment.now - dt.timedelta(days=1)
    for key in (STEERING,):
        upcoming = [
            h for (k, _m), h in held.items() if k == key and h.meeting.starts_at > moment.now
        ]
        entry = min(upcoming, key=lambda h: h.meeting.starts_at)
        by = _runner(entry.spec, users)
        with moment.at(sent, by, (Meeting, Attendance)):
            meetings.meeting_invite(meeting=entry.meeting, by=by)
            listed = entry.meeting.attendance.filter(person__user__isnull=True).order_by("pk")
            for attendance, status in zip(
                listed[:3],
                (
                    AttendanceStatus.ATTENDING,
                    AttendanceStatus.ATTENDING,
                    AttendanceStatus.APOLOGIES,
                ),
                strict=False,
            ):
                meetings.attendance_reply(attendance=attendance, status=status)
        Meeting.objects.filter(pk=entry.meeting.pk).update(invited_at=sent)
        Attendance.objects.filter(meeting=entry.meeting, replied_at__isnull=False).update(
            replied_at=sent + dt.timedelta(hours=5)
        )
