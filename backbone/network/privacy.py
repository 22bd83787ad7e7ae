"""A person's personal and consent-bound fields and who may see them (registered by
NetworkConfig.ready into backbone.lib.privacy, which every page, the API and the audit ask).

- Lived experience is self-declared and optional: the person and backbone staff see it.
- E-mail and phone: staff, the person, and whom the person's choice admits (members of the
  bodies they sit on, or every member of the collective).
- That choice itself is the person's and staff's to see (and to change).

"Staff" is a staff role in the person's collective or in one above it, as everywhere.
"""

from __future__ import annotations

from backbone.lib import privacy
from backbone.lib.permissions import asker_of, roles_in
from backbone.lib.roles import RoleKind
from backbone.network.models import ContactVisibility, Person


def _signed_in(viewer) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def _is_self(viewer, person: Person) -> bool:
    return _signed_in(viewer) and person.user_id is not None and person.user_id == viewer.pk


def _staff_or_self(viewer, person: Person) -> bool:
    if not _signed_in(viewer):
        return False
    return _is_self(viewer, person) or RoleKind.STAFF in roles_in(viewer, person.collective)


def _body_fellow_ids(viewer) -> set[int]:
    """Ids of the people sitting in a body with the viewer, asked once per request."""
    return asker_of(viewer).memo(
        "network.body_fellows",
        lambda: set(Person.objects.sharing_a_body_with(viewer).values_list("pk", flat=True)),
    )


def _contact_visible(viewer, person: Person) -> bool:
    if not _signed_in(viewer):
        return False
    if _is_self(viewer, person):
        return True
    roles = roles_in(viewer, person.collective)
    if RoleKind.STAFF in roles:
        return True
    if not roles:  # only members of the person's collective (or one above it) are admitted
        return False
    if person.contact_visibility == ContactVisibility.MEMBERS:
        return True
    if person.contact_visibility == ContactVisibility.BODIES:
        return person.pk in _body_fellow_ids(viewer)
    return False


privacy.register(
    Person,
    "lived_experience",
    kind=privacy.Kind.LIVED_EXPERIENCE,
    rule=_staff_or_self,
    derived=("lived_experience_labels",),
    related=("collective",),
)
for _field in ("email", "phone"):
    privacy.register(
        Person, _field, kind=privacy.Kind.CONTACT, rule=_contact_visible, related=("collective",)
    )
privacy.register(
    Person,
    "contact_visibility",
    kind=privacy.Kind.CONSENT,
    rule=_staff_or_self,
    derived=("get_contact_visibility_display",),
    related=("collective",),
)
