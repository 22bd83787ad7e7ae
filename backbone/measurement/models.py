"""Shared measurement: indicators and their definitions, disaggregations, goals, submissions.

Values are stored once, per organization × place × period × category combination; every
total (across places, periods, categories, collectives) is derived from them, never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.interchange import periods


class Dimension(models.Model):
    """A way of disaggregating figures (sex, age band, disability, care setting…)."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)
    # The HXL hashtag (with attributes) that carries this dimension in tagged files.
    hxl_tag = models.CharField(_("HXL tag"), max_length=64, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["collective", "code"], name="dimension_code_unique")
        ]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        # ``name`` is per language (see translation.py): this reads the reader's language.
        return self.name


class Category(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension_id", "position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="category_code_unique")
        ]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        # ``name`` is per language (see translation.py): this reads the reader's language.
        return self.name


class Combination(models.Model):
    """One cell of a disaggregation grid: a set of categories, at most one per dimension.

    ``key`` is the sorted category ids joined by commas ("" is the undisaggregated cell), so a
    value row holds one small integer instead of one column per dimension.
    """

    key = models.CharField(max_length=200, unique=True)
    categories = models.ManyToManyField(Category, related_name="combinations")

    def __str__(self) -> str:
        return self.key or "—"

    @staticmethod
    def key_for(category_ids) -> str:
        return ",".join(str(pk) for pk in sorted(category_ids))


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    RATE = "rate", _("Rate per N")


class Aggregation(models.TextChoices):
    """How figures of several places and categories make one (at the same time)."""

    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    RATIO = "ratio", _("Ratio of two indicators")


class TimeAggregation(models.TextChoices):
    """How the months of a longer period make one figure: a flow (reunifications in the
    period) adds them up; a stock (children in care on the last day) is not added up over
    time: it is its last value in the period, or the average of the period's values."""

    SUM = "sum", _("Sum over the period (a flow)")
    LAST = "last", _("Last value in the period (a stock)")
    MEAN = "mean", _("Average over the period (a stock)")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")
    NEUTRAL = "neutral", _("Neither")


class Frequency(models.TextChoices):
    MONTHLY = periods.MONTHLY, _("Monthly")
    QUARTERLY = periods.QUARTERLY, _("Quarterly")
    ANNUAL = periods.ANNUAL, _("Annual")


class IndicatorKind(models.TextChoices):
    POPULATION = "population", _("Population result")
    HOW_MUCH = "how_much", _("How much did we do?")
    HOW_WELL = "how_well", _("How well did we do it?")
    BETTER_OFF = "better_off", _("Is anyone better off?")


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def for_collective(self, collective) -> IndicatorQuerySet:
        """Indicators a collective reports: its own and those inherited from above."""
        return self.filter(collective_id__in=[collective.pk, *collective.ancestor_ids()])


class Indicator(models.Model):
    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.COUNT)
    rate_per = models.PositiveIntegerField(_("rate per"), null=True, blank=True)
    aggregation = models.CharField(
        _("across places and categories"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    time_aggregation = models.CharField(
        _("over time"), max_length=16, choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    # Shown as a rate per this many of the place's population (children: 10,000) where the
    # collective has recorded one; empty: counts only.
    population_rate_per = models.PositiveIntegerField(
        _("rate per N of the population"), null=True, blank=True
    )
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    direction = models.CharField(
        _("desired direction"), max_length=8, choices=Direction.choices, default=Direction.UP
    )
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    owner = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("owner"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.POPULATION
    )
    dimensions = models.ManyToManyField(
        Dimension, blank=True, related_name="indicators", verbose_name=_("reported by")
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[dimensions])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["collective", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=~Q(aggregation="ratio")
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_ratio_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.localized_name}"

    @property
    def localized_name(self) -> str:
        # ``name`` is per language (see translation.py): this reads the reader's language.
        return self.name

    @property
    def localized_description(self) -> str:
        return self.description

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    @property
    def is_stock(self) -> bool:
        return self.time_aggregation != TimeAggregation.SUM

    @property
    def scale(self) -> float:
        """What a ratio is multiplied by: 100 for a percentage, N for a rate per N."""
        if self.unit == Unit.PERCENTAGE:
            return 100.0
        if self.unit == Unit.RATE:
            return float(self.rate_per or 1)
        return 1.0

    def current_definition(self) -> IndicatorVersion | None:
        return self.versions.order_by("-number").first()


class IndicatorVersion(models.Model):
    """The exact counting rule from a date on. Changing the rule adds a version; none is edited."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    counting_rule = models.TextField(_("counting rule"))
    inclusion = models.TextField(_("who is counted"), blank=True)
    exclusion = models.TextField(_("who is not counted"), blank=True)
    effective_from = models.DateField(_("in force from"))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["indicator_id", "number"]
        verbose_name = _("indicator definition")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="indicator_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.number}"

    @property
    def effective_month(self) -> int:
        return periods.month_index(self.effective_from.year, self.effective_from.month)


class TargetKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    TARGET = "target", _("Target")


class Target(models.Model):
    """A baseline or a target for an indicator and period, for everyone or for one subgroup."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    collective = models.ForeignKey(
        "network.Collective", on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    period_start = models.IntegerField()
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("subgroup"),
    )
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Baselines and targets are what progress is judged against: every change is audited.
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "kind", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "collective", "kind", "period_start", "frequency", "category"],
                name="target_unique_subgroup",
            ),
            models.UniqueConstraint(
                fields=["indicator", "collective", "kind", "period_start", "frequency"],
                condition=Q(category__isnull=True),
                name="target_unique_everyone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period.code}: {self.value}"

    @property
    def period(self) -> periods.Period:
        return periods.Period(self.period_start, self.frequency)


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


class Adjustment(models.Model):
    """A de-duplication adjustment: partners' claims overlap by this much here, then."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="adjustments"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="adjustments")
    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="+")
    period = models.IntegerField()
    amount = models.FloatField(_("overlap to subtract"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "indicator", "place", "period"], name="adjustment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"−{self.amount} {self.indicator_id}/{self.place_id}/{self.period}"


class Population(models.Model):
    """How many people (children, for a care-reform collective) live in a place in a year,
    for one category combination (the undisaggregated cell for everyone): the denominator of
    rates. Recorded or imported by a collective with its source; a collective reads its own
    and, where it has none for a place and year, its ancestors'."""

    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="populations"
    )
    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    combination = models.ForeignKey(Combination, on_delete=models.PROTECT, related_name="+")
    value = models.FloatField(_("population"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["place_id", "year", "combination_id"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "place", "year", "combination"], name="population_unique"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="population_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id}/{self.year}/{self.combination_id}: {self.value}"


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

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.indicator_id}"


class PeriodClosure(models.Model):
    """Periods ending on or before ``closed_through`` take no more values in this collective."""

    collective = models.OneToOneField(
        "network.Collective", on_delete=models.CASCADE, related_name="period_closure"
    )
    closed_through = models.DateField(_("closed through"))

    def __str__(self) -> str:
        return str(self.closed_through)


class RollupState(models.Model):
    """One row: the place tree the approved totals follow (a fingerprint of every place's
    parent and level) and the place levels they are kept for. Without this row, or when the
    tree has changed since, roll-ups read the values themselves."""

    tree = models.CharField(max_length=64)
    levels = models.PositiveSmallIntegerField()  # totals exist for place levels 0 … levels - 1
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.levels} levels, tree {self.tree[:8]}"


class RollupPlace(models.Model):
    """The place tree as the approved totals see it: each place's ancestor at each level."""

    place_id = models.BigIntegerField()
    level = models.PositiveSmallIntegerField()
    ancestor_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place_id", "level"], name="rollup_place_unique")
        ]

    def __str__(self) -> str:
        return f"{self.place_id}@{self.level} → {self.ancestor_id}"


class ApprovedTotal(models.Model):
    """The sum and number of approved values per collective, indicator, place at one level
    of the tree, month and category combination (0: all combinations together).

    Derived, never typed: each row is recomputed from the values whenever the approved
    values of its indicator and period change (see rollups.refresh_totals)."""

    indicator_id = models.BigIntegerField()
    level = models.PositiveSmallIntegerField()
    combination = models.BigIntegerField()
    collective_id = models.BigIntegerField()
    place_id = models.BigIntegerField()
    period = models.IntegerField()
    total = models.FloatField()
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator_id",
                    "level",
                    "combination",
                    "collective_id",
                    "place_id",
                    "period",
                ],
                name="approved_total_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.level}/{self.place_id}/{self.period}: {self.total}"


class ApprovedStock(models.Model):
    """A stock's figure at the end of a quarter or a year, per collective, indicator, place
    at one level of the tree and category combination (0: all together): the sum, over every
    series (organization × place × combination) under that place, of the series' last
    approved value in the period. Kept beside ``ApprovedTotal`` for indicators whose time
    aggregation is "last", recomputed with it (see rollups.refresh_totals)."""

    indicator_id = models.BigIntegerField()
    level = models.PositiveSmallIntegerField()
    combination = models.BigIntegerField()
    collective_id = models.BigIntegerField()
    place_id = models.BigIntegerField()
    grain = models.CharField(max_length=16)  # periods.QUARTERLY or periods.ANNUAL
    period = models.IntegerField()  # month index of the period's start
    total = models.FloatField()
    n = models.BigIntegerField()  # series counted
    early = models.BigIntegerField(default=0)  # of which the last value is before the end

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator_id",
                    "grain",
                    "level",
                    "combination",
                    "collective_id",
                    "place_id",
                    "period",
                ],
                name="approved_stock_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.grain}/{self.place_id}/{self.period}: {self.total}"
