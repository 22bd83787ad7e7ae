"""Meetings of bodies, their agendas and attendance; decisions taken there or asynchronously,
with their votes, speaking order and, for a collective of collectives, ratification by each
collective below; and the action items that come out of both.

Times are stored aware (UTC) with the meeting's own time zone, so a meeting in Kyiv at 10:00
stays 10:00 in Kyiv across daylight saving and each attendee sees it in their own zone.
Minutes are a versioned document (`MinutesVersion`): drafted, circulated, approved, published.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.documents.models import DocumentVersion, Text
from backbone.governance.models import Body
from backbone.network.models import Collective, Organization, Person

DEFAULT_TIME_ZONE = "Europe/Kyiv"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    FORTNIGHTLY = "fortnightly", _("every two weeks")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class MeetingSeries(models.Model):
    """Meetings of one body at a rhythm: what one parks, the next one's draft agenda shows."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="series", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    cadence = models.CharField(
        _("cadence"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CIRCULATED = "circulated", _("circulated for comment")
    APPROVED = "approved", _("approved")


class Meeting(models.Model):
    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("collective")
    )
    # The body that convenes it; a joint meeting adds the others.
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    joint_with = models.ManyToManyField(
        Body, blank=True, related_name="joint_meetings", verbose_name=_("jointly with")
    )
    series = models.ForeignKey(
        MeetingSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # Accessibility: what the meeting offers, so that nobody is kept away by the room.
    step_free = models.BooleanField(_("step-free access"), default=False)
    interpretation = models.CharField(
        _("interpretation into"),
        max_length=200,
        blank=True,
        help_text=_("The languages interpreted, e.g. “Ukrainian ↔ English”."),
    )
    sign_language = models.BooleanField(_("sign language"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    breaks = models.BooleanField(_("regular breaks"), default=False)
    travel_support = models.BooleanField(_("travel support"), default=False)
    access_note = models.TextField(_("more on access"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # Members with lived experience speak last before a vote (the collective's rule, on or off
    # per meeting); whether it was followed, and why not, is recorded on each decision.
    lived_experience_last = models.BooleanField(
        _("people with lived experience speak last"), default=False
    )
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    # The iCalendar SEQUENCE: raised when its time, place or status changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The minutes: circulated to the attendees with a deadline for comments, then approved
    # (by the body at its next meeting, or when the deadline passes without objection).
    minutes_status = models.CharField(
        _("minutes"), max_length=12, choices=MinutesStatus.choices, blank=True
    )
    minutes_due = models.DateField(_("comments on the minutes until"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_public = models.BooleanField(_("minutes public"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def bodies(self) -> list[Body]:
        return [self.body, *self.joint_with.all()]


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DISCUSSED = "discussed", _("discussed")
    PARKED = "parked", _("parked for the next meeting")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    presenter = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presenter"),
    )
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), null=True, blank=True)
    paper = models.URLField(_("paper"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    # An item carried over from a parked one in an earlier meeting of the series.
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ATTENDING = "attending", _("will attend")
    APOLOGIES = "apologies", _("apologies")
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")


def _token() -> str:
    return secrets.token_urlsafe(24)


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("person")
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.INVITED,
    )
    # On whose behalf they came.
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("for the organization"),
    )
    # The reply link in the invitation: who holds it may answer for this one seat only.
    reply_token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["reply_token"])

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class MinutesVersion(DocumentVersion):
    """The minutes of a meeting, one numbered version at a time, never edited once published:
    a correction is a new version. Where the minutes stand (circulated, approved, public) is
    the meeting's (`Meeting.minutes_status`)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    text = models.TextField(_("minutes"))

    document_field = "meeting"
    compared = (Text("text"),)

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — v{self.number}"


class MinutesComment(models.Model):
    version = models.ForeignKey(
        MinutesVersion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("minutes")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")

    def __str__(self) -> str:
        return self.body[:60]


class Procedure(models.TextChoices):
    CONSENSUS = "consensus", _("consensus (everyone agrees)")
    CONSENT = "consent", _("consent (no reasoned objection)")
    MAJORITY = "majority", _("simple majority")
    QUALIFIED = "qualified", _("two-thirds majority")
    SCORE = "score", _("score (each option scored; the highest total wins)")
    RANKED = "ranked", _("ranked choice (instant run-off)")


# Procedures that choose among options: a vote is a ballot that marks them.
BALLOT_PROCEDURES = (Procedure.SCORE, Procedure.RANKED)


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("not adopted")
    NO_QUORUM = "no_quorum", _("no quorum")
    # Adopted by the body, waiting for the collectives below to ratify it.
    PENDING_RATIFICATION = "pending_ratification", _("adopted, awaiting ratification")
    NOT_RATIFIED = "not_ratified", _("not ratified")
    # Score or ranked choice: two or more options came out level; the body decides again.
    TIE = "tie", _("tied: no option won")


class RatificationRule(models.TextChoices):
    NONE = "", _("no ratification")
    ALL = "all", _("every collective below")
    MAJORITY = "majority", _("a majority of the collectives below")
    COUNT = "count", _("a stated number of collectives below")


class Decision(models.Model):
    """A proposal put to a body, and — once closed — its outcome."""

    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("collective")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    motion = models.TextField(_("motion"))
    procedure = models.CharField(_("procedure"), max_length=12, choices=Procedure.choices)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), default=0, help_text=_("How many members must take part; 0: no quorum.")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    statement = models.TextField(_("outcome statement"), blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    reviewed_reminded_on = models.DateField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The speaking-order rule for this decision: None when it was off; else whether it was
    # followed, and in words why not when it was not.
    lived_experience_last = models.BooleanField(_("lived experience last"), null=True, blank=True)
    rule_note = models.CharField(_("why the rule was not followed"), max_length=300, blank=True)
    # Goals and strategies of the common agenda it serves (their keys).
    agenda_keys = models.JSONField(_("agenda goals and strategies"), default=list, blank=True)
    ratification = models.CharField(
        _("ratification"),
        max_length=10,
        choices=RatificationRule.choices,
        default=RatificationRule.NONE,
        blank=True,
    )
    ratification_count = models.PositiveSmallIntegerField(
        _("collectives needed"), null=True, blank=True
    )
    # Score: each option gets 0 … score_max. Score and ranked choice: the option chosen.
    score_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    chosen = models.ForeignKey(
        "DecisionOption",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("option chosen"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["reviewed_reminded_on"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.motion[:80]

    @property
    def by_ballot(self) -> bool:
        return self.procedure in BALLOT_PROCEDURES


class DecisionOption(models.Model):
    """One of the options a score or ranked-choice decision chooses among; fixed once put."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="options", verbose_name=_("decision")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("option"), max_length=200)

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["decision", "position"], name="option_position_once")
        ]

    def __str__(self) -> str:
        return self.text


class Choice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")
    OBJECT = "object", _("object")
    # Score or ranked choice: the vote marks the options (Vote.marks).
    BALLOT = "ballot", _("marked the options")


class Vote(models.Model):
    """One member's position; changed until the decision closes, then fixed."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="votes", verbose_name=_("decision")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="votes", verbose_name=_("person")
    )
    choice = models.CharField(_("position"), max_length=8, choices=Choice.choices)
    reason = models.TextField(_("reason"), blank=True)
    # A ballot's marks, by option id (as text, the JSON key): its score, or its rank (1 first).
    marks = models.JSONField(_("marks"), default=dict, blank=True)
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "cast_at"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["decision", "person"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class RatificationStatus(models.TextChoices):
    PENDING = "pending", _("not yet decided")
    RATIFIED = "ratified", _("ratified")
    OBJECTED = "objected", _("objected")


class Ratification(models.Model):
    """A collective below's answer to a decision of the collective above: taken by its own
    body under its own procedure (``local``: that collective's decision)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="ratifications", verbose_name=_("decision")
    )
    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="+", verbose_name=_("collective")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RatificationStatus.choices,
        default=RatificationStatus.PENDING,
    )
    local = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratifies",
        verbose_name=_("its own decision"),
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "collective__name"]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")
        constraints = [
            models.UniqueConstraint(fields=["decision", "collective"], name="ratification_once")
        ]

    def __str__(self) -> str:
        return f"{self.collective} — {self.get_status_display()}"


class SpeakingTurn(models.Model):
    """Who spoke, in which order and for how long, on a decision (or an item) of a meeting.
    Whether the speaker has lived experience is not copied here: it is read from the person
    under the platform's privacy rules, and shown only in aggregate."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="turns", verbose_name=_("meeting")
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="turns",
        verbose_name=_("decision"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("speaker")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    seconds = models.PositiveIntegerField(_("seconds spoken"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "decision", "position"]
        verbose_name = _("speaking turn")
        verbose_name_plural = _("speaking turns")

    def __str__(self) -> str:
        return f"{self.position}. {self.person}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class ActionItem(models.Model):
    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="actions", verbose_name=_("collective")
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("owner"),
    )
    owner_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("owning organization"),
    )
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("decision"),
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("meeting"),
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("body"),
    )
    strategy = models.CharField(_("strategy"), max_length=64, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # The due date an overdue reminder was last sent for: never twice for the same one.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["reminded_for"])

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(owner_organization__isnull=False),
                name="action_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due < timezone.localdate()

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        return ActionStatus.choices


class CalendarToken(models.Model):
    """The secret in a person's private calendar feed URL; revoked by making a new one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_one_live"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'live'})"
