"""The approved totals kept in step with approved values (see measurement.rollups.totals)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


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
    values of its indicator and period change (see rollups.totals.refresh_totals)."""

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
    aggregation is "last", recomputed with it (see rollups.totals.refresh_totals)."""

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
