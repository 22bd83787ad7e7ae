"""Submissions: what an organization reports (its values, coverage and events), who is
expected to report what, and the months closed to reporting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.measurement.models.catalogue import Combination, Indicator


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    REPLACED = "replaced", _("Replaced")


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    UPLOAD = "upload", _("Spreadsheet upload")
    API = "api", _("API")
    COMMAND = "command", _("Command line")


LIVE_STATUSES = (
    SubmissionStatus.DRAFT,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.RETURNED,
    SubmissionStatus.APPROVED,
)


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def live(self) -> SubmissionQuerySet:
        return self.filter(status__in=LIVE_STATUSES)


class Submission(models.Model):
    """One organization's values, entered or uploaded together, reviewed together."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="submissions"
    )
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default="draft"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    # SHA-256 of the uploaded bytes: the same file uploaded twice is recognised.
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    row_count = models.PositiveIntegerField(default=0)
    replaces = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    warnings = models.JSONField(default=list, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"#{self.pk} {self.organization} ({self.get_status_display()})"

    @property
    def editable(self) -> bool:
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class SubmissionEvent(models.Model):
    """The workflow history of a submission: who did what, when, and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")
        REPLACED = "replaced", _("replaced")
        EDITED = "edited", _("edited")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.submission_id} {self.action}"


class Coverage(models.Model):
    """Which indicator and period a submission holds values for: a few rows per submission,
    against the thousands of values behind them. Completeness, the complete period and the
    overlap check of a new upload read these instead of the values themselves. Written by
    the import pipeline (the one way values come in) with the values, in one transaction."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="coverage")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.IntegerField()  # month index of the period's start

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "period"], name="coverage_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="coverage_indicator_idx")]

    def __str__(self) -> str:
        return f"#{self.submission_id} {self.indicator_id}/{self.period}"


class Value(models.Model):
    """One reported figure. ``approved`` marks the values that count in shared figures now:
    their submission is approved and no later approved submission replaced them."""

    # Index choices (an upload writes a million rows here, and every index it must keep up
    # costs time): the unique constraint below starts with submission, so its own index would
    # be a second copy; collective and organization are the submission's own, so their
    # lookups go through the submission (or, for approved values, the partial indexes below);
    # which organizations reported an indicator for a period is read from Coverage, so the
    # indicator needs no index of its own beyond the approved values' one;
    # place and combination are only looked up the other way round when someone deletes one,
    # rare enough to afford a scan. Partial indexes on approved values cost an upload nothing:
    # they are kept up when a submission is approved. Measured in the benchmark: see README.
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    collective = models.ForeignKey(
        "network.Collective",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="values",
        db_index=False,
        db_constraint=False,
    )
    place = models.ForeignKey(
        "network.Place",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    period = models.IntegerField()  # month index of the period's start
    combination = models.ForeignKey(
        Combination, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    value = models.FloatField()
    approved = models.BooleanField(default=False)
    # References: the six columns above point where their names say, and collective and
    # organization are always their submission's. On SQLite these are the table's own
    # foreign keys. On PostgreSQL, whose per-row foreign key checks were four fifths of a
    # million-row upload, one check per statement does the same work (migration 0011): it
    # locks the rows a statement's values refer to (FOR KEY SHARE, as a foreign key check
    # does) and refuses the statement if one is missing or a value disagrees with its
    # submission; the referenced tables refuse to delete rows values still refer to.
    # test_integrity.py holds both databases to this.

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "place", "period", "combination"],
                name="value_unique_in_submission",
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "period"],
                condition=Q(approved=True),
                name="value_approved_idx",
            ),
            models.Index(
                fields=["organization", "indicator", "combination"],
                condition=Q(approved=True),
                name="value_approved_org_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.place_id}/{self.period}: {self.value}"


class ValueComment(models.Model):
    """A reviewer's remark on one value when returning a submission."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.text


class Assignment(models.Model):
    """An organization is expected to report an indicator (optionally for one place);
    with a user, that user is the one who fills it in and sees only their assignments."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.CASCADE, related_name="assignments"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")
    place = models.ForeignKey(
        "network.Place", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.indicator_id}"


class PeriodClosure(models.Model):
    """Periods ending on or before ``closed_through`` take no more values in this collective."""

    collective = models.OneToOneField(
        "network.Collective", on_delete=models.CASCADE, related_name="period_closure"
    )
    closed_through = models.DateField(_("closed through"))
    history = HistoricalRecords()

    def __str__(self) -> str:
        return str(self.closed_through)
