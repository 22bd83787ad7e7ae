"""The common agenda of a collective: one document, published as numbered versions (vision,
problem, goals, strategies, assumptions, risks), endorsed by member organizations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class AdoptionQuerySet(models.QuerySet["Adoption"]):
    def in_force_of(self, collective) -> Adoption | None:
        """The collective's adoption in force: the latest; the earlier ones are its history."""
        return (
            self.filter(collective=collective)
            .select_related("version__agenda__collective")
            .order_by("-adopted_on", "-pk")
            .first()
        )


class Adoption(models.Model):
    """A collective (an oblast's) adopts a version of its parent's agenda. Adopting a newer
    version adds a row that supersedes the last one: the history of adoptions is kept."""

    collective = models.ForeignKey(
        "network.Collective",
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("collective"),
    )
    version = models.ForeignKey(
        AgendaVersion,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("version"),
    )
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["collective", "-adopted_on", "-pk"]
        verbose_name = _("adoption of an agenda")
        verbose_name_plural = _("adoptions of an agenda")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "version"], name="agenda_adoption_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return str(
            _("%(collective)s adopts version %(number)d")
            % {"collective": self.collective, "number": self.version.number}
        )

    def superseded_by(self, version: AgendaVersion) -> bool:
        """Whether adopting `version` would replace this adoption: only a later version
        does (the same one is adopted already, an earlier one would go back)."""
        return version.number > self.version.number


class StrengthKindQuerySet(models.QuerySet["StrengthKind"]):
    def for_collective(self, collective) -> StrengthKindQuerySet:
        """The vocabulary a collective uses: the shipped defaults, its own kinds and those of
        the collectives above it."""
        return self.filter(
            Q(collective__isnull=True)
            | Q(collective_id__in=[collective.pk, *collective.ancestor_ids()])
        )


class StrengthKind(models.Model):
    """A kind of distinctive strength or resource an organization brings (case management,
    legal aid…). The defaults (no collective) ship with Backbone; a collective adds its own."""

    collective = models.ForeignKey(
        "network.Collective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strength_kinds",
        verbose_name=_("collective"),
    )
    key = models.SlugField(_("key"), max_length=40)
    # Per language (name_en, name_uk, name_he: see translation.py).
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=100)
    history = HistoricalRecords()

    objects = StrengthKindQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("kind of strength")
        verbose_name_plural = _("kinds of strength")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "key"], name="strength_kind_key_per_collective"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(collective__isnull=True),
                name="strength_kind_default_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationStrength(models.Model):
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="strengths",
        verbose_name=_("organization"),
    )
    kind = models.ForeignKey(
        StrengthKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("strength")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "kind__position", "kind__key"]
        verbose_name = _("strength of an organization")
        verbose_name_plural = _("strengths of organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"], name="organization_strength_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.kind}"
