"""Readiness assessment: versioned instruments, rounds, invitations, responses and answers."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.documents.models import DocumentVersion, Items, Text
from backbone.network.models import Collective, Person


class RespondentKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("NGO")
    COMMUNITY = "community", _("Community")
    LIVED_EXPERIENCE = "lived_experience", _("Lived experience")
    FUNDER = "funder", _("Funder")
    OTHER = "other", _("Other")


class Instrument(models.Model):
    """A collective's questionnaire; its conditions and statements live in its versions."""

    collective = models.ForeignKey(Collective, on_delete=models.PROTECT, related_name="instruments")
    name = models.CharField(_("name"), max_length=200)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    scale_labels = models.JSONField(_("labels of the scale"), default=dict, blank=True)
    copied_from = models.CharField(_("copied from"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "name"], name="instrument_unique_name"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="instrument_scale_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> InstrumentVersion | None:
        return self.versions.order_by("-number").first()


class InstrumentVersion(DocumentVersion):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    introduction = models.TextField(_("introduction"), blank=True)
    # [{key, title, group, description}] and [{key, condition, text}]: keys are stable.
    conditions = models.JSONField(_("conditions"), default=list)
    statements = models.JSONField(_("statements"), default=list)

    document_field = "instrument"
    compared = (Text("introduction"), Items("conditions"), Items("statements", title="text"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Recommendation(models.Model):
    """A rule for one condition and score band: a strength or a weakness and a next step."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("instrument"),
    )
    condition = models.CharField(_("condition"), max_length=64)
    band_min = models.DecimalField(_("from score"), max_digits=4, decimal_places=2)
    band_max = models.DecimalField(_("to score"), max_digits=4, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    next_step = models.TextField(_("next step"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["condition", "band_min"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band_min__lte=models.F("band_max")),
                name="recommendation_band_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.condition} {self.band_min}–{self.band_max}"


class Round(models.Model):
    collective = models.ForeignKey(Collective, on_delete=models.PROTECT, related_name="rounds")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField(_("round"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens"), default=timezone.localdate)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    allows_anonymous = models.BooleanField(_("anonymous answers allowed"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["collective", "number"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "number"], name="round_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Invitation(models.Model):
    """A link to answer a round, e-mailed to an address (and a person of the collective, when
    it names one). Only the token's hash is kept: the link is a credential."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered = models.BooleanField(_("answered"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="invitation_once_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.round} → {self.person or self.email}"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class Participation(models.Model):
    """That a person answered a round, kept apart from the answers: it stops a second answer
    (anonymous or not) without saying which answers were theirs."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} answered {self.round}"


class Response(models.Model):
    """One respondent's answers. Anonymous: no person, only the kind and the date — no
    invitation link and no time of day, so nothing leads back to who answered."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)
    respondent_kind = models.CharField(
        _("kind of respondent"), max_length=32, choices=RespondentKind.choices
    )
    organization_kind = models.CharField(_("kind of organization"), max_length=32, blank=True)
    submitted_on = models.DateField(_("submitted"), default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=models.Q(person__isnull=False),
                name="response_one_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_respondent_kind_display()}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.CharField(max_length=64)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # None: don't know

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="answer_one_per_statement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"
