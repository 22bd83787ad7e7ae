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
