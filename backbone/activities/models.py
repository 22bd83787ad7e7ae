"""Mutually reinforcing activities: who does what, where, when and for whom (the 3W/4W).

An `Activity` is one piece of work of a kind from the collective's vocabulary
(`ActivityKind`, tied to a strategy of the common agenda), done by organizations in their
roles (`ActivityOrganization`: the lead, implementing partners, funders), in places at any
level of the place tree (`ActivityPlace`, each with the people targeted and reached there),
for groups of people (`Group`, from the collective's vocabulary, each optionally tied to a
category of a shared-measurement dimension and to the figure that says how many are in need).
Progress is reported per period (`ProgressReport`, its figures split like shared-measurement
values, `ProgressFigure`) through the same review as values: submitted, then approved or
returned. A file imported (`ActivityImport`) is kept in the history; a corrected file
replaces the activities of the earlier one. A duplicated cell the working group looked at and
found complementary is marked so (`OverlapReview`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActivityKindQuerySet(models.QuerySet["ActivityKind"]):
    def for_collective(self, collective) -> ActivityKindQuerySet:
        """The kinds a collective uses: its own and those of the collectives above it."""
        return self.filter(collective_id__in=[collective.pk, *collective.ancestor_ids()])


class ActivityKind(models.Model):
    """A kind of activity (a parenting programme, foster-carer training, case management…)."""

    collective = models.ForeignKey(
        "network.Collective",
        on_delete=models.PROTECT,
        related_name="activity_kinds",
        verbose_name=_("collective"),
    )
    code = models.SlugField(_("code"), max_length=40)
    # Per language (name_en, name_uk, name_he: see translation.py).
    name = models.CharField(_("name"), max_length=200)
    # The key of the agenda strategy this kind of activity carries out (may be empty).
    strategy = models.CharField(_("strategy"), max_length=64, blank=True)
    sector = models.CharField(_("sector"), max_length=32, blank=True)
    # The strengths (keys of agenda.StrengthKind) an organization needs to do this well: the
    # complementarity view suggests organizations that have them and are not active yet.
    strengths = models.JSONField(_("strengths it needs"), default=list, blank=True)
    # Where the collective says so, approved progress of activities of this kind counts in
    # this indicator (as the lead organization's values, reviewed once: when approved here).
    feeds = models.ForeignKey(
        "measurement.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator its approved progress feeds"),
    )
    position = models.PositiveSmallIntegerField(default=100)
    history = HistoricalRecords()

    objects = ActivityKindQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")
        constraints = [
            models.UniqueConstraint(fields=["collective", "code"], name="activity_kind_code")
        ]

    def __str__(self) -> str:
        return self.name


class GroupQuerySet(models.QuerySet["Group"]):
    def for_collective(self, collective) -> GroupQuerySet:
        return self.filter(collective_id__in=[collective.pk, *collective.ancestor_ids()])


class Group(models.Model):
    """A group of people an activity serves (children with disabilities, care leavers, foster
    families). Where shared measurement counts it, ``category`` says which category of a
    dimension it is, and ``need_indicator`` which indicator's figure per place says how many
    are in need (else the population figure of the category is used, if any)."""

    collective = models.ForeignKey(
        "network.Collective",
        on_delete=models.PROTECT,
        related_name="activity_groups",
        verbose_name=_("collective"),
    )
    code = models.SlugField(_("code"), max_length=40)
    # Per language (name_en, name_uk, name_he: see translation.py).
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        "measurement.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category in shared measurement"),
    )
    need_indicator = models.ForeignKey(
        "measurement.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator of people in need"),
    )
    position = models.PositiveSmallIntegerField(default=100)
    history = HistoricalRecords()

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("group served")
        verbose_name_plural = _("groups served")
        constraints = [
            models.UniqueConstraint(fields=["collective", "code"], name="activity_group_code")
        ]

    def __str__(self) -> str:
        return self.name


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


# The statuses of an activity that serves people now or is about to.
ACTIVE_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.ONGOING)


class ActivityImport(models.Model):
    """A file of activities as imported: who, when, which file (its digest: the same file
    twice is recognised), and how many rows and activities. A corrected file of the same
    name replaces the activities of the earlier import, which stays here, ``replaced_by``."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="activity_imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    digest = models.CharField(max_length=64)
    # The organization a reporter imported for (none: staff importing a 3W of many).
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("imported at"), default=timezone.now)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    activities = models.PositiveIntegerField(_("activities"), default=0)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced"
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("import of activities")
        verbose_name_plural = _("imports of activities")

    def __str__(self) -> str:
        return self.file_name


class Activity(models.Model):
    collective = models.ForeignKey(
        "network.Collective",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("collective"),
    )
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # The agenda strategy's key; empty: the kind's.
    strategy = models.CharField(_("strategy"), max_length=64, blank=True)
    working_group = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("working group"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    groups = models.ManyToManyField(
        Group, blank=True, related_name="activities", verbose_name=_("groups served")
    )
    indicators = models.ManyToManyField(
        "measurement.Indicator",
        blank=True,
        related_name="activities",
        verbose_name=_("indicators it contributes to"),
    )
    # Why more people were reached than targeted, when they were.
    note = models.TextField(_("note"), blank=True)
    source_import = models.ForeignKey(
        ActivityImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_rows",
        verbose_name=_("imported from"),
    )
    # The activity's identity in a 3W file (its id, or lead, kind, title and dates).
    source_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[groups, indicators])

    class Meta:
        ordering = ["kind__position", "title", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def strategy_key(self) -> str:
        return self.strategy or self.kind.strategy


class OrganizationRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    IMPLEMENTING = "implementing", _("Implementing partner")
    FUNDING = "funding", _("Funder")
    PARTNER = "partner", _("Partner")


class ActivityOrganization(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="activity_roles",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=16, choices=OrganizationRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization of an activity")
        verbose_name_plural = _("organizations of activities")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization", "role"], name="activity_organization_role"
            ),
            models.UniqueConstraint(
                fields=["activity"], condition=Q(role="lead"), name="activity_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class ActivityPlace(models.Model):
    """Where an activity is done, with the people it targets and has reached there."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="places")
    place = models.ForeignKey(
        "network.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    targeted = models.PositiveIntegerField(_("people targeted"), null=True, blank=True)
    reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place of an activity")
        verbose_name_plural = _("places of activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "place"], name="activity_place_once")
        ]

    def __str__(self) -> str:
        return str(self.place)


class ProgressStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ProgressReport(models.Model):
    """The people an activity reached in one period (a month: ``period`` is its index, as
    shared measurement counts months), reviewed as values are."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="progress")
    period = models.IntegerField(_("period"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProgressStatus.choices, default=ProgressStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # The shared-measurement submission its approved figures became (see ActivityKind.feeds).
    submission = models.ForeignKey(
        "measurement.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("values in shared measurement"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "period"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["activity", "period"], name="progress_once_a_period")
        ]

    def __str__(self) -> str:
        from backbone.interchange import periods

        return f"{self.activity} — {periods.code_of(self.period, 'monthly')}"


class ProgressFigure(models.Model):
    """People reached in a place in the period, for one combination of categories (the total:
    the empty combination)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="figures")
    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="+")
    combination = models.ForeignKey(
        "measurement.Combination", on_delete=models.PROTECT, related_name="+"
    )
    reached = models.PositiveIntegerField(_("people reached"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "place", "combination"], name="progress_figure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.reached}"


class OverlapReview(models.Model):
    """The working group looked at a duplicated cell (several organizations doing the same
    kind of activity for the same group in the same place and year) and found it
    complementary, not a duplicate, for this reason."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="overlap_reviews"
    )
    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewed overlap")
        verbose_name_plural = _("reviewed overlaps")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "place", "kind", "group", "year"],
                condition=Q(group__isnull=False),
                name="overlap_reviewed_once",
            ),
            models.UniqueConstraint(
                fields=["collective", "place", "kind", "year"],
                condition=Q(group__isnull=True),
                name="overlap_reviewed_once_no_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.place} · {self.year}"


class ActivityComment(models.Model):
    """A remark on an activity by staff, a facilitator of its working group or one of its
    organizations' reporters (kept; never edited)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("comment on an activity")
        verbose_name_plural = _("comments on activities")

    def __str__(self) -> str:
        return f"{self.activity}: {self.body[:40]}"
