"""Writes on governance bodies, their seats and their scopes of work."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.documents import services as documents
from backbone.governance.models import Body, BodyMembership, ScopeOfWorkVersion
from backbone.lib.translation import (
    LANGUAGE_CODES,
    apply_translations,
    first_filled,
    split_translations,
)
from backbone.network.models import Collective, Person

BODY_TEXTS = ("name", "purpose", "government_role")
# Each text also per language: name_en, name_uk, …, or names={"uk": …} (see lib/translation).
BODY_FIELDS = (
    "kind",
    "members_private",
    *BODY_TEXTS,
    *(f"{f}s" for f in BODY_TEXTS),
    *(f"{f}_{code}" for f in BODY_TEXTS for code in LANGUAGE_CODES),
)


def _require_name(body: Body) -> None:
    if not first_filled(body, "name"):
        raise ValidationError({"name": _("Give the body a name in at least one language.")})


@transaction.atomic
def body_create(*, collective: Collective, kind: str, name: str = "", **fields: Any) -> Body:
    """``name``, ``purpose`` and ``government_role`` are in the current language; ``name_uk``
    and so on, or ``names={…}``, give other languages."""
    texts = split_translations({"name": name, **fields} if name else fields, BODY_TEXTS)
    body = Body(collective=collective, kind=kind, **fields)
    apply_translations(body, texts)
    _require_name(body)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_update(*, body: Body, **fields: Any) -> Body:
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    written = apply_translations(body, split_translations(fields, BODY_TEXTS))
    for key, value in fields.items():
        setattr(body, key, value)
    _require_name(body)
    body.full_clean()
    body.save(update_fields=[*fields, *written])
    return body


@transaction.atomic
def membership_add(*, body: Body, person: Person, role: str, start_date=None) -> BodyMembership:
    if person.collective_id not in body.collective.tree_ids() and person.collective_id not in (
        body.collective.ancestor_ids()
    ):
        raise ValidationError({"person": _("This person is not part of this collective.")})
    if body.memberships.filter(person=person, end_date__isnull=True).exists():
        raise ValidationError({"person": _("%s already holds a seat in this body.") % person})
    membership = BodyMembership(
        body=body, person=person, role=role, start_date=start_date or timezone.localdate()
    )
    membership.full_clean(validate_constraints=False)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: BodyMembership, end_date=None) -> BodyMembership:
    """Close a seat; the row stays so the member keeps their history."""
    membership.end_date = end_date or timezone.localdate()
    if membership.end_date < membership.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    membership.save(update_fields=["end_date"])
    return membership


def scope_publish(
    *,
    body: Body,
    text: str,
    by,
    change_note: str = "",
    based_on: int | None = None,
) -> ScopeOfWorkVersion:
    """Add a new version of the scope of work (backbone.documents numbers it, refuses an edit
    of a version that is no longer the latest, and one that changes nothing)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("The scope of work cannot be empty.")})
    version = ScopeOfWorkVersion(body=body, text=text, change_note=change_note.strip())
    return documents.version_publish(version=version, by=by, based_on=based_on, field="text")
