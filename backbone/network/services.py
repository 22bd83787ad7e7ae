"""Writes on the network: one function per use case, used by views, the API and commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.lib.text import clean_name, normalize_name
from backbone.lib.translation import (
    LANGUAGE_CODES,
    apply_translations,
    first_filled,
    split_translations,
    translations,
)
from backbone.network.models import (
    Affiliation,
    Collective,
    Organization,
    Person,
    Place,
    Sector,
)

ORGANIZATION_FIELDS = (
    "name",
    *(f"name_{code}" for code in LANGUAGE_CODES),
    "names",
    "kind",
    "resources_tier",
    "non_traditional",
    "website",
    "email",
    "phone",
)
ORGANIZATION_NAME_FIELDS = {"name", "names", *(f"name_{code}" for code in LANGUAGE_CODES)}
COLLECTIVE_TEXTS = ("name", "description")
PERSON_FIELDS = (
    "name",
    "name_latin",
    "email",
    "phone",
    "contact_visibility",
    "languages",
    "lived_experience",
)


def check_organization_name(
    *, collective: Collective, name: str = "", names: dict[str, str] | None = None, exclude_pk=None
) -> None:
    """No two organizations of a collective share a name, in any language: "Надія" entered
    as one's Ukrainian name and another's English name is the same organization twice."""
    normalized = {normalize_name(n) for n in [name, *(names or {}).values()] if n and n.strip()}
    if not normalized:
        return
    same = Q()
    for code in LANGUAGE_CODES:
        same |= Q(**{f"normalized_name_{code}__in": normalized})
    clash = Organization.objects.filter(same, collective=collective).exclude(pk=exclude_pk).first()
    if clash is not None:
        raise ValidationError(
            {
                "name": _(
                    "An organization with this name already exists in this collective: "
                    "“%(existing)s”."
                )
                % {"existing": clash.name}
            }
        )


def _set_relations(
    organization: Organization,
    sectors: Iterable[str] | None,
    places_served: Iterable[Place] | None,
) -> None:
    if sectors is not None:
        codes = list(sectors)
        unknown = set(codes) - set(Sector.objects.values_list("code", flat=True))
        if unknown:
            raise ValidationError({"sectors": _("Unknown sector: %s") % ", ".join(sorted(unknown))})
        organization.sectors.set(codes)
    if places_served is not None:
        organization.places_served.set(list(places_served))


@transaction.atomic
def organization_create(
    *,
    collective: Collective,
    kind: str,
    name: str = "",
    sectors: Iterable[str] = (),
    places_served: Iterable[Place] = (),
    **fields: Any,
) -> Organization:
    # ``name`` is the name in the current language; name_en/name_uk/name_he or names={…}
    # give each language's.
    texts = split_translations({"name": name, **fields} if name else fields, ["name"])
    texts = texts.get("name", {})
    fields = {k: v for k, v in fields.items() if k not in ORGANIZATION_NAME_FIELDS}
    check_organization_name(collective=collective, names=texts)
    organization = Organization(collective=collective, kind=kind, **fields)
    _set_organization_names(organization, texts)
    organization.full_clean(exclude=["normalized_name"])
    organization.save()
    _set_relations(organization, sectors, places_served)
    return organization


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    sectors: Iterable[str] | None = None,
    places_served: Iterable[Place] | None = None,
    **fields: Any,
) -> Organization:
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    written: list[str] = []
    texts = split_translations(fields, ["name"]).get("name")
    if texts:
        texts = {**translations(organization, "name"), **texts}
        check_organization_name(
            collective=organization.collective, names=texts, exclude_pk=organization.pk
        )
        written = _set_organization_names(organization, texts)
    for key, value in fields.items():
        setattr(organization, key, value)
    organization.full_clean(exclude=["normalized_name"])
    organization.save(update_fields=[*fields, *written])
    _set_relations(organization, sectors, places_served)
    return organization


def _set_organization_names(organization: Organization, texts: dict[str, str]) -> list[str]:
    written = apply_translations(organization, {"name": texts}, clean=clean_name)
    if not first_filled(organization, "name"):
        raise ValidationError({"name": _("Give the organization a name in at least one language.")})
    for code in LANGUAGE_CODES:
        name = getattr(organization, f"name_{code}")
        setattr(organization, f"normalized_name_{code}", normalize_name(name) if name else None)
    # The language-neutral column holds the name in the fallback order, for the constraint.
    organization.normalized_name = normalize_name(first_filled(organization, "name"))
    return [
        *written,
        "normalized_name",
        *(f"normalized_name_{code}" for code in LANGUAGE_CODES),
    ]


@transaction.atomic
def organization_archive(*, organization: Organization) -> Organization:
    if organization.archived_at is None:
        organization.archived_at = timezone.now()
        organization.save(update_fields=["archived_at"])
    return organization


@transaction.atomic
def organization_restore(*, organization: Organization) -> Organization:
    organization.archived_at = None
    organization.save(update_fields=["archived_at"])
    return organization


def _refuse_delete_with_history(obj, label: str) -> None:
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as error:
        kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
        raise ValidationError(
            _(
                "%(label)s cannot be deleted because it has history (%(kinds)s). "
                "Archive it instead: it disappears from lists and keeps its history."
            )
            % {"label": label, "kinds": ", ".join(kinds)}
        ) from None


def organization_delete(*, organization: Organization) -> None:
    """Delete an organization that nothing refers to; otherwise explain and refuse."""
    _refuse_delete_with_history(organization, _("“%s”") % organization.name)


@transaction.atomic
def person_create(*, collective: Collective, name: str, **fields: Any) -> Person:
    person = Person(collective=collective, name=clean_name(name), **fields)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "name" in fields:
        fields["name"] = clean_name(fields["name"])
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_clean()
    person.save(update_fields=list(fields))
    return person


@transaction.atomic
def person_archive(*, person: Person) -> Person:
    if person.archived_at is None:
        person.archived_at = timezone.now()
        person.save(update_fields=["archived_at"])
    return person


def person_delete(*, person: Person) -> None:
    _refuse_delete_with_history(person, _("“%s”") % person.name)


@transaction.atomic
def affiliation_start(
    *,
    person: Person,
    organization: Organization,
    title: str = "",
    start_date=None,
    speaks_for: bool = False,
) -> Affiliation:
    affiliation = Affiliation(
        person=person,
        organization=organization,
        title=title,
        speaks_for=speaks_for,
        start_date=start_date or timezone.localdate(),
    )
    affiliation.full_clean()
    affiliation.save()
    return affiliation


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, end_date=None) -> Affiliation:
    affiliation.end_date = end_date or timezone.localdate()
    affiliation.full_clean()
    affiliation.save(update_fields=["end_date"])
    return affiliation


@transaction.atomic
def collective_create(
    *,
    name: str,
    slug: str,
    level: str,
    parent: Collective | None = None,
    place: Place | None = None,
    description: str = "",
    phase: str = "initiate",
    **texts: Any,
) -> Collective:
    """``name`` and ``description`` are in the current language; ``name_uk=…``,
    ``descriptions={"he": …}`` and so on give the others."""
    collective = Collective(slug=slug, level=level, parent=parent, place=place, phase=phase)
    rest = {"name": name, "description": description, **texts}
    given = split_translations(rest, COLLECTIVE_TEXTS)
    if rest:
        raise TypeError(f"Unexpected: {', '.join(sorted(rest))}")
    apply_translations(collective, {"name": given.pop("name", {})}, clean=clean_name)
    apply_translations(collective, given)
    collective.full_clean()
    collective.save()
    return collective


@transaction.atomic
def collective_update(*, collective: Collective, **fields: Any) -> Collective:
    written = apply_translations(collective, split_translations(fields, COLLECTIVE_TEXTS))
    unknown = set(fields) - {"phase"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        setattr(collective, key, value)
    collective.full_clean()
    collective.save(update_fields=[*fields, *written])
    return collective
