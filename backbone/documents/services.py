"""Publishing versions, and endorsing them. Each kind of document keeps its own service
(`scope_publish`, `indicator_redefine`) for what is particular to it, and calls these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.documents import diff, registry
from backbone.documents.models import DocumentVersion, Endorsement
from backbone.events.services import record
from backbone.lib.translation import LANGUAGE_CODES
from backbone.network.models import Affiliation, Organization, Person


class StaleVersionError(ValidationError):
    """Someone published a version while this one was being written."""


def versions_of(version_or_model, document):
    model = version_or_model if isinstance(version_or_model, type) else type(version_or_model)
    return model.objects.filter(**{model.document_field: document})


def _lock_latest(model, document) -> DocumentVersion | None:
    """The latest version, with the document's row locked so that two publishers (or a
    publisher and an endorser) take turns."""
    type(document).objects.select_for_update().filter(pk=document.pk).first()
    return versions_of(model, document).order_by("-number").first()


@transaction.atomic
def version_publish(
    *,
    version: DocumentVersion,
    by,
    based_on: int | None = None,
    field: str = "text",
    check: Callable[[DocumentVersion | None], None] | None = None,
) -> DocumentVersion:
    """Publish `version` (unsaved, its content set) as the next version of its document.

    `based_on` is the number of the version its author was editing (0: none yet); if another
    was published since, the edit is refused rather than silently overwriting that one.
    `check(latest)` adds the kind's own rules; `field` is where errors are shown."""
    model, document = type(version), version.document
    latest = _lock_latest(model, document)
    number = latest.number if latest else 0
    if based_on is not None and based_on != number:
        raise StaleVersionError(
            {
                field: _(
                    "Version %(latest)d was published while you were editing version "
                    "%(based)d. Open the latest version and apply your changes to it."
                )
                % {"latest": number, "based": based_on}
            }
        )
    if latest is not None and not diff.differs(latest, version):
        raise ValidationError({field: _("Nothing changed since version %d.") % number})
    if check is not None:
        check(latest)
    version.number = number + 1
    version.published_by = by if getattr(by, "pk", None) else None
    version.published_at = timezone.now()
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise StaleVersionError(
            {field: _("Another version was published at the same moment. Try again.")}
        ) from None
    if latest is not None:
        _tell_endorsers(latest, version, by)
    return version


def _tell_endorsers(previous: DocumentVersion, version: DocumentVersion, by) -> None:
    """The organizations that endorsed the previous version hear that a new one needs their
    endorsement: theirs stays with the version they endorsed."""
    standing = Endorsement.objects.of([previous]).standing().select_related("person__user")
    audience = [e.person.user for e in standing if e.person.user_id]
    if not audience:
        return
    kind = registry.kind_of(version)
    record(
        "document.published",
        actor=by,
        collective=kind.collective(version),
        target=version,
        audience=audience,
        message=gettext_noop(
            "%(document)s: version %(number)s was published. Your organization endorsed "
            "version %(previous)s; the new version has no endorsement yet."
        ),
        params={
            "document": _titles(kind, version),
            "number": version.number,
            "previous": previous.number,
        },
        url=kind.url(version),
    )


def _titles(kind: registry.Kind, version: DocumentVersion) -> dict[str, str]:
    """The document's name in every language, for a notification written in its reader's."""
    titles = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            titles[code] = str(kind.title(version))
    return titles


def _speaking_for(user):
    """The user's current affiliations that say they speak for their organization."""
    today = timezone.localdate()
    return Affiliation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today),
        person__user=user,
        person__archived_at__isnull=True,
        speaks_for=True,
        start_date__lte=today,
    )


def speaker(user, organization: Organization) -> Person | None:
    """The person through whom this user speaks for the organization: their current
    affiliation with it says they may (`Affiliation.speaks_for`)."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = _speaking_for(user).filter(organization=organization).select_related("person")
    affiliation = found.first()
    return affiliation.person if affiliation else None


def organizations_spoken_for(user, collective) -> list[Organization]:
    """The active organizations of this collective's tree (or above it) this user may
    speak for."""
    if not getattr(user, "is_authenticated", False):
        return []
    scope = [*collective.tree_ids(), *collective.ancestor_ids()]
    return list(
        Organization.objects.active().filter(
            collective_id__in=scope, pk__in=_speaking_for(user).values("organization_id")
        )
    )


@transaction.atomic
def endorsement_give(
    *,
    version: DocumentVersion,
    organization: Organization,
    by,
    note: str = "",
    given_on: dt.date | None = None,
) -> Endorsement:
    """The organization endorses this version (the current one) through `by`."""
    kind = registry.kind_of(version)
    if not kind.can_view(by, version):
        raise PermissionDenied("documents.endorse")
    if not kind.endorsable:
        raise ValidationError(_("This kind of document is not endorsed by organizations."))
    person = speaker(by, organization)
    if person is None:
        raise ValidationError(
            {
                "organization": _(
                    "You are not recorded as speaking for %s. Backbone staff can say so on "
                    "your affiliation with it."
                )
                % organization
            }
        )
    collective = kind.collective(version)
    if organization.collective_id not in {*collective.tree_ids(), *collective.ancestor_ids()}:
        raise ValidationError(
            {"organization": _("%s is not a partner of this collective.") % organization}
        )
    latest = _lock_latest(type(version), version.document)
    if latest is not None and latest.number != version.number:
        raise ValidationError(
            {
                "organization": _(
                    "Version %(old)d is no longer the current one: read version %(new)d and "
                    "endorse it."
                )
                % {"old": version.number, "new": latest.number}
            }
        )
    given_on = given_on or timezone.localdate()
    if (
        given_on > timezone.localdate()
        or given_on < timezone.localtime(version.published_at).date()
    ):
        raise ValidationError(
            {"given_on": _("An endorsement is dated between the version's publication and today.")}
        )
    endorsement = Endorsement(
        version=version,
        collective=collective,
        organization=organization,
        person=person,
        given_on=given_on,
        note=note.strip(),
    )
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError:
        raise ValidationError(
            {
                "organization": _("%(org)s has already endorsed version %(n)d.")
                % {"org": organization, "n": version.number}
            }
        ) from None
    if version.published_by_id and version.published_by_id != getattr(by, "pk", None):
        record(
            "document.endorsed",
            actor=by,
            collective=collective,
            target=endorsement,
            audience=[version.published_by],
            message=gettext_noop("%(organization)s endorsed %(document)s, version %(number)s."),
            params={
                "organization": str(organization),
                "document": _titles(kind, version),
                "number": version.number,
            },
            url=kind.url(version),
        )
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, endorsement: Endorsement, by) -> Endorsement:
    """Whoever may speak for the organization withdraws its endorsement; the record stays."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.withdrawn_at is not None:
        raise ValidationError(_("This endorsement was already withdrawn."))
    if speaker(by, endorsement.organization) is None:
        raise ValidationError(
            _("Only someone who speaks for %s can withdraw its endorsement.")
            % endorsement.organization
        )
    endorsement.withdrawn_at = timezone.now()
    endorsement.save(update_fields=["withdrawn_at"])
    return endorsement
