"""Reads about accounts."""

from __future__ import annotations


def visible_roles(user) -> list[tuple[str, str]]:
    """(collective name, role label) pairs for the account page and the header."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        (role.collective.name, role.get_kind_display())
        for role in user.roles.current().select_related("collective")
    ]


def staff_of(collective) -> list:
    """The backbone staff who answer for a collective: staff of it or of a collective above it
    (those told of what is submitted there for review)."""
    from backbone.accounts.models import RoleKind, User

    scope = [collective.pk, *collective.ancestor_ids()]
    return list(
        User.objects.filter(
            roles__kind=RoleKind.STAFF, roles__ended_at__isnull=True, roles__collective_id__in=scope
        ).distinct()
    )
