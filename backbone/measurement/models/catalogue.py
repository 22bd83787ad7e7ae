"""The catalogue: dimensions and their categories, indicators and their definitions, targets
and de-duplication adjustments.

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

from backbone.documents import models as documents
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
    history = HistoricalRecords()

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
    history = HistoricalRecords()

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


class IndicatorVersion(documents.DocumentVersion):
    """The exact counting rule from a date on: a versioned document (backbone.documents).
    Changing the rule adds a version; none is edited."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    counting_rule = models.TextField(_("counting rule"))
    inclusion = models.TextField(_("who is counted"), blank=True)
    exclusion = models.TextField(_("who is not counted"), blank=True)
    effective_from = models.DateField(_("in force from"))

    document_field = "indicator"
    compared = (
        documents.Value("effective_from"),
        documents.Text("counting_rule"),
        documents.Text("inclusion"),
        documents.Text("exclusion"),
    )

    class Meta:
        ordering = ["indicator_id", "number"]
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
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
