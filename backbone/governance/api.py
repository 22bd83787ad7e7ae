"""JSON API of governance bodies."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status

from backbone.documents.selectors import attach_endorsements
from backbone.governance import selectors, services
from backbone.governance.models import Body
from backbone.governance.permissions import Action
from backbone.lib.api import InputSchema, ParamText, responses
from backbone.lib.translation import translations
from backbone.network.scope import request_scope, scope_for

router = Router(tags=["governance"])


class SeatOut(Schema):
    person_id: int
    person: str
    role: str
    start_date: date
    end_date: date | None

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.name


class BodyOut(Schema):
    """Texts in the reader's language; ``names`` and the like hold each language's."""

    id: int
    name: str
    names: dict[str, str]
    kind: str
    purpose: str
    purposes: dict[str, str]
    government_role: str
    government_roles: dict[str, str]
    members_private: bool

    @staticmethod
    def resolve_names(obj) -> dict[str, str]:
        return obj["names"] if isinstance(obj, dict) else translations(obj, "name")

    @staticmethod
    def resolve_purposes(obj) -> dict[str, str]:
        return obj["purposes"] if isinstance(obj, dict) else translations(obj, "purpose")

    @staticmethod
    def resolve_government_roles(obj) -> dict[str, str]:
        if isinstance(obj, dict):
            return obj["government_roles"]
        return translations(obj, "government_role")


class BodyDetailOut(BodyOut):
    member_count: int
    # null when the body keeps its member list from the reader (see members_private).
    members: list[SeatOut] | None
    former_members: list[SeatOut] | None
    scope_version: int | None
    scope: str | None


class ScopeIn(InputSchema):
    multiline = frozenset({"text", "change_note"})

    text: str
    change_note: str = ""
    based_on: int


class EndorsementOut(Schema):
    organization_id: int
    organization: str
    given_on: date
    note: str

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.display_name


class ScopeOut(Schema):
    number: int
    text: str
    change_note: str
    published_by: str | None
    published_at: datetime
    # The organizations that endorsed this very version (an endorsement stays with it).
    endorsements: list[EndorsementOut] = []

    @staticmethod
    def resolve_published_by(obj) -> str | None:
        return obj.published_by.get_username() if obj.published_by else None

    @staticmethod
    def resolve_endorsements(obj) -> list:
        return getattr(obj, "endorsements", [])


def _body(request, slug: str, pk: int, action: Action) -> Body:
    here = scope_for(request, slug, Action.BODY_VIEW)
    body = here.get_or_404(Body.objects.select_related("collective"), pk)
    here.require(action, body)
    return body


@router.get("/collectives/{slug}/bodies", response=responses({200: list[BodyOut]}))
def list_bodies(request, slug: ParamText):
    collective = scope_for(request, slug, Action.BODY_VIEW).collective
    return selectors.bodies_for_collective(collective)


@router.get("/collectives/{slug}/bodies/{pk}", response=responses({200: BodyDetailOut}))
def get_body(request, slug: ParamText, pk: int):
    body = _body(request, slug, pk, Action.BODY_VIEW)
    current, former = selectors.body_members(body)
    show_members = request_scope(request).can(Action.BODY_VIEW_MEMBERS, body)
    scope = body.current_scope()
    plain = ("id", "name", "kind", "purpose", "government_role", "members_private")
    return {
        **{f: getattr(body, f) for f in plain},
        "names": translations(body, "name"),
        "purposes": translations(body, "purpose"),
        "government_roles": translations(body, "government_role"),
        "member_count": len(current),
        "members": current if show_members else None,
        "former_members": former if show_members else None,
        "scope_version": scope.number if scope else None,
        "scope": scope.text if scope else None,
    }


@router.post(
    "/collectives/{slug}/bodies/{pk}/scope", response=responses({201: ScopeOut}, body=True)
)
def publish_scope(request, slug: ParamText, pk: int, payload: ScopeIn):
    body = _body(request, slug, pk, Action.BODY_EDIT)
    version = services.scope_publish(
        body=body,
        text=payload.text,
        change_note=payload.change_note,
        by=request.auth,
        based_on=payload.based_on,
    )
    return Status(201, version)


@router.get(
    "/collectives/{slug}/bodies/{pk}/scope/versions", response=responses({200: list[ScopeOut]})
)
def list_scope_versions(request, slug: ParamText, pk: int):
    """Every version of the body's scope of work, newest first, with its endorsements."""
    body = _body(request, slug, pk, Action.BODY_VIEW)
    versions = list(body.scope_versions.select_related("published_by").order_by("-number"))
    return attach_endorsements(versions)
