"""Versioned documents and their endorsements: one mechanism for every text or structure that
is drafted, published as numbered versions, compared side by side and endorsed.

A kind of document is a model of its own app that inherits `DocumentVersion` (a body's scope of
work, an indicator's definition; next the common agenda, logic models and the readiness
instrument). Its rows are versions of one document — the object its `document_field` points
to — numbered 1, 2, 3 and never edited once published. It declares which of its fields are
compared (`compared`), and how. Endorsements are this app's own model and point to the exact
version they were given to: a new version starts with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class Text:
    """A text compared line by line, and word by word within a changed line."""

    name: str


@dataclass(frozen=True)
class Value:
    """A single value (a date, a number, a choice) compared as a whole."""

    name: str


@dataclass(frozen=True)
class Items:
    """A list of items (JSON objects) compared item by item: added, removed, changed.

    ``key`` names what identifies an item from one version to the next, ``title`` what it is
    called on the page; the item's other fields are compared as values."""

    name: str
    key: str = "key"
    title: str = "title"


Compared = Text | Value | Items


class DocumentVersion(models.Model):
    """One published version of a document; versions are only ever added."""

    number = models.PositiveIntegerField(_("version"))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)

    # The foreign key to the document this is a version of, and the fields a comparison shows.
    document_field: ClassVar[str]
    compared: ClassVar[tuple[Compared, ...]]

    class Meta:
        abstract = True

    @property
    def document(self) -> Any:
        return getattr(self, self.document_field)

    @property
    def document_id(self) -> int:
        return getattr(self, f"{self.document_field}_id")

    def content(self) -> dict[str, Any]:
        """The compared fields' values (in the language being shown, for translated texts)."""
        return {spec.name: getattr(self, spec.name) for spec in self.compared}


class EndorsementQuerySet(models.QuerySet["Endorsement"]):
    def standing(self) -> EndorsementQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def of(self, versions) -> EndorsementQuerySet:
        versions = list(versions)
        if not versions:
            return self.none()
        kind = ContentType.objects.get_for_model(versions[0])
        return self.filter(version_type=kind, version_id__in=[v.pk for v in versions])


class Endorsement(models.Model):
    """An organization endorses one version of a document, through a person entitled to speak
    for it (a current affiliation that says so), on a date. It stays with that version."""

    version_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    version_id = models.PositiveBigIntegerField()
    version = GenericForeignKey("version_type", "version_id")
    collective = models.ForeignKey(
        "network.Collective", on_delete=models.PROTECT, related_name="+"
    )  # the document's, for scoping and the audit log
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("organization"),
    )
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("endorsed by"),
    )
    given_on = models.DateField(_("endorsed on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    history = HistoricalRecords()

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["version_type", "version_id", "organization"],
                condition=Q(withdrawn_at__isnull=True),
                name="endorsement_one_standing_per_organization",
            )
        ]
        indexes = [models.Index(fields=["version_type", "version_id"])]

    def __str__(self) -> str:
        return f"{self.organization} — {self.version}"
