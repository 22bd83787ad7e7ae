"""Governance bodies, their members over time and their versioned scopes of work."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backbone.documents.models import DocumentVersion, Text
from backbone.network.models import Collective, Person


class BodyKind(models.TextChoices):
    BACKBONE = "backbone", _("Backbone team")
    STEERING = "steering", _("Steering committee")
    WORKING_GROUP = "working_group", _("Thematic working group")
    COMMUNITY_COUNCIL = "community_council", _("Community council")
    COMMUNICATIONS = "communications", _("Communications team")
    OTHER = "other", _("Other body")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class BodyQuerySet(models.QuerySet["Body"]):
    def active(self) -> BodyQuerySet:
        return self.filter(archived_at__isnull=True)


class Body(models.Model):
    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("collective")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    government_role = models.TextField(
        _("role of government"),
        blank=True,
        help_text=_("In words: does government chair, sit as a member, observe, or stay out?"),
    )
    members_private = models.BooleanField(
        _("member list private"),
        default=False,
        help_text=_(
            "Only the body's own members and the backbone staff see who sits in it; others see "
            "how many. For bodies whose purpose reveals their members' lived experience."
        ),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["collective", "name"], name="body_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def current_scope(self) -> ScopeOfWorkVersion | None:
        return self.scope_versions.order_by("-number").first()


class MembershipQuerySet(models.QuerySet["BodyMembership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        # The end date is the day the seat ended: from then on it is a former seat.
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=today))

    def past(self) -> MembershipQuerySet:
        return self.filter(end_date__lte=timezone.localdate())


class BodyMembership(models.Model):
    """A seat in a body. A member who leaves gets an end date; the row is never removed."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="body_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(end_date__isnull=True),
                name="membership_one_open_seat",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.body})"


class ScopeOfWorkVersion(DocumentVersion):
    """One written version of a body's scope of work: a versioned document (its numbering,
    comparison and endorsements are backbone.documents')."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="scope_versions")
    text = models.TextField(_("scope of work"))

    document_field = "body"
    compared = (Text("text"),)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version of a scope of work")
        verbose_name_plural = _("versions of scopes of work")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="scope_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.body} v{self.number}"
