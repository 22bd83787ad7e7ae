"""The common agenda of a collective: one document, published as numbered versions (vision,
problem, goals, strategies, assumptions, risks), endorsed by member organizations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.documents.models import DocumentVersion, Items, Text


class Agenda(models.Model):
    """The document a collective's agenda versions belong to (one per collective)."""

    collective = models.OneToOneField(
        "network.Collective", on_delete=models.PROTECT, related_name="agenda"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("common agenda")
        verbose_name_plural = _("common agendas")

    def __str__(self) -> str:
        return str(_("Common agenda of %s") % self.collective)

    def current(self) -> AgendaVersion | None:
        return self.versions.order_by("-number").first()


class AgendaVersion(DocumentVersion):
    agenda = models.ForeignKey(Agenda, on_delete=models.PROTECT, related_name="versions")
    vision = models.TextField(_("vision"))
    problem = models.TextField(_("problem"), blank=True)
    # Lists of items, each with a stable "key" from one version to the next.
    goals = models.JSONField(_("goals"), default=list)
    strategies = models.JSONField(_("strategies"), default=list)
    assumptions = models.JSONField(_("assumptions"), default=list)
    risks = models.JSONField(_("risks"), default=list)

    document_field = "agenda"
    compared = (
        Text("vision"),
        Text("problem"),
        Items("goals"),
        Items("strategies"),
        Items("assumptions", title="text"),
        Items("risks", title="risk"),
    )

    class Meta:
        ordering = ["agenda", "-number"]
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "number"], name="agenda_version_number")
        ]

    def __str__(self) -> str:
        return str(_("Common agenda, version %d") % self.number)
