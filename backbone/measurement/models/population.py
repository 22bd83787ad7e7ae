"""Populations: the denominators of rates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.measurement.models.catalogue import Combination


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
    # Written in bulk by the importer, with its history (bulk_create_with_history): one
    # moment, user and file for all the rows of an import, told as one entry in the audit.
    history = HistoricalRecords()

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
