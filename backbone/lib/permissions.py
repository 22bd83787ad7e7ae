"""How Backbone decides who may do what: the mechanism, with no app's actions in it.

Each app declares its own actions (a ``StrEnum``) and a rule for each in its own
``permissions.py``, and registers them with ``register``; AccountsConfig.ready imports every
app's ``permissions`` module, so a duplicate action or an action without a rule stops the
start-up. Web views, the API and commands then ask ``can`` / ``require`` (views through the
request's scope, backbone.network.scope).

A role held in a collective applies to that collective and to every collective below it
(staff of the national collective can work in an oblast collective, not the reverse).
Platform admins (superusers) may do everything.

A rule is ``rule(asker, roles, target) -> bool``: ``asker`` is what is known of the user for
this request (their roles everywhere, read once; the organizations they report for; facts an
app's rules memoise, such as the bodies they sit in), ``roles`` the role kinds they hold in
the target's collective or above it.

This module imports no domain model: a target is a collective (it has ``ancestor_ids``) or
has a ``collective``; roles are read through ``user.roles``.

Who may see a person's lived experience and contact details is not here: it is the privacy
registry's (backbone.lib.privacy, the rules in backbone.network.privacy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from backbone.lib.roles import RoleKind

MEMBERS = frozenset(RoleKind)
STAFF = frozenset({RoleKind.STAFF})

T = TypeVar("T")


class Asker:
    """What one request knows about the user who asks. Built once per user object (the one
    the request carries, or a command's), so every ``can`` of a page shares it."""

    def __init__(self, user) -> None:
        self.user = user
        self.authenticated = bool(getattr(user, "is_authenticated", False))
        self._roles: list[tuple[int, str, int | None]] | None = None
        # collective id → its parent's id (None at the top), as far as it is known: a scope
        # teaches its whole tree, so asking about any collective in it costs no query.
        self._parents: dict[int, int | None] = {}
        self._memo: dict[str, Any] = {}

    def _role_rows(self) -> list[tuple[int, str, int | None]]:
        """(collective id, kind, organization id) of every current role: one query."""
        if self._roles is None:
            self._roles = (
                list(
                    self.user.roles.filter(ended_at__isnull=True).values_list(
                        "collective_id", "kind", "organization_id"
                    )
                )
                if self.authenticated
                else []
            )
        return self._roles

    def learn_parents(self, parents: Mapping[int, int | None]) -> None:
        self._parents.update(parents)

    def has_roles(self) -> bool:
        return bool(self._role_rows())

    def _known_chain(self, collective_id: int) -> list[int] | None:
        """The collective's id and its ancestors' ids if what is known reaches the top."""
        chain: list[int] = []
        current: int | None = collective_id
        while current is not None:
            if current not in self._parents:
                return None
            chain.append(current)
            current = self._parents[current]
        return chain

    def _chain(self, collective) -> list[int]:
        """The collective's id and its ancestors' ids, from what is known or else asked."""
        known = self._known_chain(collective.pk)
        if known is not None:
            return known
        ancestors = collective.ancestor_ids()
        path = [collective.pk, *ancestors]
        self._parents.update(zip(path, [*ancestors, None], strict=True))
        return path

    def roles_at(self, collective) -> frozenset[str]:
        """The role kinds held in this collective or any collective above it."""
        return self._roles_in(collective.pk, lambda: collective)

    def roles_for(self, target) -> frozenset[str]:
        """The role kinds held in the target's collective or above it. The collective itself
        is not fetched when its place in the tree is known already (a scope taught it)."""
        if _is_collective(target):
            return self._roles_in(target.pk, lambda: target)
        return self._roles_in(target.collective_id, lambda: target.collective)

    def _roles_in(self, collective_id: int, collective: Callable[[], Any]) -> frozenset[str]:
        rows = self._role_rows()
        if not rows:
            return frozenset()
        held_in = {held for held, _kind, _org in rows}
        if held_in == {collective_id}:
            chain: Iterable[int] = held_in
        else:
            chain = self._known_chain(collective_id) or self._chain(collective())
        within = set(chain)
        return frozenset(kind for held, kind, _org in rows if held in within)

    def roles_held_in(self, collective_id: int) -> frozenset[str]:
        """The role kinds held in this very collective, not inherited from one above."""
        return frozenset(kind for held, kind, _org in self._role_rows() if held == collective_id)

    def reporter_organization_ids(self) -> frozenset[int]:
        """The organizations the user reports for, wherever the role is held."""
        return frozenset(
            org for _c, kind, org in self._role_rows() if kind == RoleKind.REPORTER and org
        )

    def memo(self, key: str, load: Callable[[], T]) -> T:
        """A fact about the user that an app's rules read once per request: ``load()`` the
        first time, the same answer after (key it by app: "governance.seats")."""
        if key not in self._memo:
            self._memo[key] = load()
        return self._memo[key]


_ASKER = "_backbone_asker"


def asker_of(user) -> Asker:
    asker = user.__dict__.get(_ASKER)
    if asker is None:
        asker = user.__dict__[_ASKER] = Asker(user)
    return asker


def forget(user) -> None:
    """Drop what was read of the user (after their roles or seats changed)."""
    user.__dict__.pop(_ASKER, None)


Rule = Callable[[Asker, frozenset[str], Any], bool]

_RULES: dict[str, Rule] = {}
_ACTIONS: dict[str, StrEnum] = {}


def register(actions: type[StrEnum], rules: Mapping[StrEnum, Rule]) -> None:
    """Register an app's actions with a rule for each. Raises if an action has no rule, a rule
    names an action not in ``actions``, or an action's value is already another's."""
    missing = [a.value for a in actions if a not in rules]
    if missing:
        raise ImproperlyConfigured(f"{actions.__qualname__}: no rule for {', '.join(missing)}")
    strays = [str(a) for a in rules if not isinstance(a, actions)]
    if strays:
        raise ImproperlyConfigured(f"{actions.__qualname__}: rules for {', '.join(strays)}")
    for action in actions:
        known = _ACTIONS.get(action.value)
        if known is not None and known is not action:
            raise ImproperlyConfigured(
                f"action {action.value!r} of {actions.__module__}.{actions.__qualname__} is "
                f"already {type(known).__module__}.{type(known).__qualname__}.{known.name}"
            )
    for action in actions:
        _ACTIONS[action.value] = action
        _RULES[action.value] = rules[action]


def registered() -> dict[str, StrEnum]:
    """Every registered action, by its value."""
    return dict(_ACTIONS)


def action(value: str) -> StrEnum:
    """The registered action named by its value ("submission.list"), for templates."""
    try:
        return _ACTIONS[value]
    except KeyError:
        raise LookupError(f"no action {value!r} is registered") from None


def autodiscover() -> None:
    """Import every installed app's ``permissions`` module (each registers its actions)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("permissions")


# Rule builders.


def public(asker: Asker, roles: frozenset[str], target) -> bool:
    return True


def any_of(kinds: frozenset[str]) -> Rule:
    """Whoever holds one of these role kinds in the target's collective or above it."""

    def rule(asker: Asker, roles: frozenset[str], target) -> bool:
        return bool(roles & kinds)

    return rule


def staff_or(rule: Rule) -> Rule:
    """Staff of the target's collective (or above it), and whoever ``rule`` admits."""

    def staff_or_rule(asker: Asker, roles: frozenset[str], target) -> bool:
        return RoleKind.STAFF in roles or rule(asker, roles, target)

    return staff_or_rule


# Asking.


def _is_collective(target) -> bool:
    return hasattr(target, "ancestor_ids")


def collective_of(target):
    return target if _is_collective(target) else target.collective


def roles_in(user, collective) -> frozenset[str]:
    """The role kinds the user holds in this collective or any collective above it."""
    return asker_of(user).roles_at(collective)


def can(user, action: StrEnum | str, target) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    rule = _RULES.get(str(action))
    if rule is None:
        raise LookupError(f"no action {str(action)!r} is registered")
    asker = asker_of(user)
    return rule(asker, asker.roles_for(target), target)


def require(user, action: StrEnum | str, target) -> None:
    """Raise PermissionDenied unless the user may do the action (anonymous → log-in redirect)."""
    if not can(user, action, target):
        raise PermissionDenied(action)
