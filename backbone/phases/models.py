"""Where a collective stands in the three phases: milestones ticked by hand, and the
decisions that moved it from one phase to another. Milestones ticked automatically are not
stored: they are read from what exists (see milestones.py and each app's milestones)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.network.models import Collective, Phase


class MilestoneTick(models.Model):
    """A milestone ticked by hand, with a note saying how it was met. Unticking keeps the
    row (its `unticked_at` is set): the history of who said what stays."""

    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="milestone_ticks"
    )
    key = models.CharField(_("milestone"), max_length=64)
    note = models.CharField(_("note"), max_length=500)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    ticked_at = models.DateTimeField(_("ticked"), default=timezone.now)
    unticked_at = models.DateTimeField(_("unticked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-ticked_at"]
        verbose_name = _("milestone ticked by hand")
        verbose_name_plural = _("milestones ticked by hand")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "key"],
                condition=Q(unticked_at__isnull=True),
                name="milestone_tick_one_standing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.collective} — {self.key}"


class PhaseMove(models.Model):
    """A decision to move a collective from one phase to another, with who and when."""

    collective = models.ForeignKey(Collective, on_delete=models.PROTECT, related_name="phase_moves")
    from_phase = models.CharField(_("from"), max_length=16, choices=Phase.choices)
    to_phase = models.CharField(_("to"), max_length=16, choices=Phase.choices)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    note = models.CharField(_("decision"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("move to another phase")
        verbose_name_plural = _("moves to another phase")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_phase=models.F("to_phase")), name="phase_move_changes_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collective}: {self.from_phase} → {self.to_phase}"
