"""JSON API of the network; bodies call the same services as the views."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status

from backbone.lib import privacy
from backbone.lib.api import InputSchema, ParamText, RedactedOut, responses, unset
from backbone.lib.translation import translations
from backbone.network import selectors, services
from backbone.network.models import (
    Collective,
    ContactVisibility,
    Organization,
    OrganizationKind,
    Person,
    Place,
    ResourcesTier,
)
from backbone.network.permissions import Action
from backbone.network.scope import scope_for

router = Router(tags=["network"])


# Translated content: ``name`` is in the reader's language (the account's, or the request's
# Accept-Language), with the fallback of settings; ``names`` holds what was entered in each
# language ({"en": …, "uk": …, "he": …}, "" where nothing). Writes take either.
class CollectiveOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    description: str
    descriptions: dict[str, str]
    level: str
    phase: str
    parent: str | None = Field(None, alias="parent.slug")
    place: str | None = Field(None, alias="place.code")

    @staticmethod
    def resolve_names(obj: Collective) -> dict[str, str]:
        return translations(obj, "name")

    @staticmethod
    def resolve_descriptions(obj: Collective) -> dict[str, str]:
        return translations(obj, "description")


class OrganizationOut(Schema):
    id: int
    name: str
    names: dict[str, str]
    kind: OrganizationKind
    sectors: list[str]
    places_served: list[str]
    resources_tier: str
    non_traditional: bool
    website: str
    email: str
    phone: str
    collective: str = Field(alias="collective.slug")
    archived_at: datetime | None

    @staticmethod
    def resolve_names(obj: Organization) -> dict[str, str]:
        return translations(obj, "name")

    @staticmethod
    def resolve_sectors(obj: Organization) -> list[str]:
        return [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_places_served(obj: Organization) -> list[str]:
        return [p.code for p in obj.places_served.all()]


class OrganizationIn(InputSchema):
    name: str = Field("", description="The name in the request's language.")
    names: dict[str, str] = Field({}, description='Names by language: {"en": …, "uk": …}.')
    kind: OrganizationKind
    sectors: list[str] = []
    places_served: list[str] = []
    resources_tier: ResourcesTier | None = None
    non_traditional: bool = False
    website: str = ""
    email: str = ""
    phone: str = ""


class OrganizationPatch(InputSchema):
    """Only the fields given change; a field may be left out, not set to null."""

    name: str = unset()
    names: dict[str, str] = unset()
    kind: OrganizationKind = unset()
    sectors: list[str] = unset()
    places_served: list[str] = unset()
    resources_tier: ResourcesTier | None = None
    non_traditional: bool = unset()
    website: str = unset()
    email: str = unset()
    phone: str = unset()


class PersonOut(RedactedOut):
    id: int
    name: str
    name_latin: str
    # Null where the caller may not see them (backbone.network.privacy): e-mail and phone by
    # the person's choice, the choice itself and lived experience for the person and staff.
    email: str | None = None
    phone: str | None = None
    contact_visibility: str | None = None
    languages: list[str]
    lived_experience: list[str] | None = None
    organizations: list[int]

    @staticmethod
    def resolve_organizations(obj: Person) -> list[int]:
        return [a.organization_id for a in obj.affiliations.all() if a.end_date is None]


class PersonPatch(InputSchema):
    """Only the fields given change; a field may be left out, not set to null."""

    name: str = unset()
    name_latin: str = unset()
    email: str = unset()
    phone: str = unset()
    contact_visibility: ContactVisibility = unset()
    languages: list[str] = unset()
    lived_experience: list[str] = unset()


def _places(codes: list[str]) -> list[Place]:
    places = list(Place.objects.filter(code__in=codes))
    missing = set(codes) - {p.code for p in places}
    if missing:
        raise ValidationError(
            {"places_served": f"Unknown place code(s): {', '.join(sorted(missing))}"}
        )
    return places


@router.get("/collectives", response=responses({200: list[CollectiveOut]}))
def list_collectives(request):
    return Collective.objects.select_related("parent", "place").order_by("level", "name")


@router.get("/collectives/{slug}", response=responses({200: CollectiveOut}))
def get_collective(request, slug: ParamText):
    return scope_for(request, slug).collective


@router.get("/collectives/{slug}/organizations", response=responses({200: list[OrganizationOut]}))
def list_organizations(
    request, slug: ParamText, q: ParamText = "", kind: ParamText = "", sector: ParamText = ""
):
    collective = scope_for(request, slug, Action.ORGANIZATION_VIEW).collective
    return selectors.organization_directory(collective=collective, q=q, kind=kind, sector=sector)


@router.post(
    "/collectives/{slug}/organizations", response=responses({201: OrganizationOut}, body=True)
)
def create_organization(request, slug: ParamText, payload: OrganizationIn):
    collective = scope_for(request, slug, Action.ORGANIZATION_CREATE).collective
    data = payload.dict()
    data["places_served"] = _places(data["places_served"])
    data["resources_tier"] = data["resources_tier"] or ""
    return Status(201, services.organization_create(collective=collective, **data))


def _organization(request, slug: str, pk: int, action: Action) -> Organization:
    scope = scope_for(request, slug, Action.ORGANIZATION_VIEW)
    organization = scope.get_or_404(
        Organization.objects.select_related("collective").prefetch_related(
            "sectors", "places_served"
        ),
        pk,
    )
    scope.require(action, organization)
    return organization


@router.get("/collectives/{slug}/organizations/{pk}", response=responses({200: OrganizationOut}))
def get_organization(request, slug: ParamText, pk: int):
    return _organization(request, slug, pk, Action.ORGANIZATION_VIEW)


@router.patch(
    "/collectives/{slug}/organizations/{pk}", response=responses({200: OrganizationOut}, body=True)
)
def update_organization(request, slug: ParamText, pk: int, payload: OrganizationPatch):
    organization = _organization(request, slug, pk, Action.ORGANIZATION_EDIT)
    data = payload.dict(exclude_unset=True)
    if "places_served" in data:
        data["places_served"] = _places(data["places_served"] or [])
    if "resources_tier" in data:
        data["resources_tier"] = data["resources_tier"] or ""
    services.organization_update(organization=organization, **data)
    return _organization(request, slug, pk, Action.ORGANIZATION_VIEW)


@router.post(
    "/collectives/{slug}/organizations/{pk}/archive", response=responses({200: OrganizationOut})
)
def archive_organization(request, slug: ParamText, pk: int):
    organization = _organization(request, slug, pk, Action.ORGANIZATION_ARCHIVE)
    return services.organization_archive(organization=organization)


@router.delete("/collectives/{slug}/organizations/{pk}", response=responses({204: None}))
def delete_organization(request, slug: ParamText, pk: int):
    organization = _organization(request, slug, pk, Action.ORGANIZATION_ARCHIVE)
    services.organization_delete(organization=organization)
    return Status(204, None)


@router.get("/collectives/{slug}/people", response=responses({200: list[PersonOut]}))
def list_people(request, slug: ParamText, q: ParamText = ""):
    collective = scope_for(request, slug, Action.PERSON_VIEW).collective
    return selectors.people_directory(collective=collective, q=q, viewer=request.auth)


@router.get("/collectives/{slug}/people/{pk}", response=responses({200: PersonOut}))
def get_person(request, slug: ParamText, pk: int):
    scope = scope_for(request, slug, Action.PERSON_VIEW)
    return scope.get_or_404(
        Person.objects.select_related("collective").prefetch_related("affiliations"), pk
    )


@router.patch("/collectives/{slug}/people/{pk}", response=responses({200: PersonOut}, body=True))
def update_person(request, slug: ParamText, pk: int, payload: PersonPatch):
    scope = scope_for(request, slug, Action.PERSON_VIEW)
    person = scope.get_or_404(Person.objects.all(), pk)
    scope.require(Action.PERSON_EDIT, person)
    data = payload.dict(exclude_unset=True)
    # A field one may not see is not one's to change either.
    refused = sorted(privacy.hidden(request.auth, person) & data.keys())
    if refused:
        raise PermissionDenied(", ".join(refused))
    services.person_update(person=person, **data)
    return Person.objects.select_related("collective").prefetch_related("affiliations").get(pk=pk)
