"""The common agenda of a collective: one document, published as numbered versions (vision,
problem, goals, strategies, assumptions, risks), endorsed by member organizations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class AgendaDraft(models.Model):
    """The next version being written: saved as often as its authors like, published (and
    then cleared) in one step. One per agenda, shared by everyone who may edit it."""

    agenda = models.OneToOneField(Agenda, on_delete=models.CASCADE, related_name="draft")
    # vision, problem and the four lists, shaped as a version's content.
    content = models.JSONField(_("content"), default=dict)
    # The number of the version the draft was started from (0: none); publishing refuses the
    # draft when a later version was published meanwhile.
    based_on = models.PositiveIntegerField(_("based on version"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda draft")
        verbose_name_plural = _("agenda drafts")

    def __str__(self) -> str:
        return str(_("Draft of the common agenda of %s") % self.agenda.collective)
