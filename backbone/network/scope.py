"""One request's scope: who asks, in which collective, and what they may do there.

Built once per request and collective (``scope_of`` keeps it on the request; ``scope_for``
fetches the collective a URL names and checks the first action), it holds the collective,
its tree and its ancestors (one query each, when first asked), and asks the permission
module for everything else — which reads the user's roles, the organizations they report for
and (governance's rules) the bodies they sit in once per request however many times a page
asks. Views, API routes and forms ask ``scope.can(Action.X, target)`` or
``scope.require(...)``; the scope teaches the permission module its tree, so asking about an
organization, a person or a body anywhere in it costs no query for that row's collective.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from backbone.lib import permissions
from backbone.network.models import Collective
from backbone.network.permissions import Action


class Scope:
    def __init__(self, user, collective: Collective) -> None:
        self.user = user
        self.collective = collective
        self._taught = False

    def __repr__(self) -> str:
        return f"<Scope {self.user} @ {self.collective.slug}>"

    @property
    def asker(self) -> permissions.Asker:
        return permissions.asker_of(self.user)

    @cached_property
    def tree_ids(self) -> list[int]:
        """The collective's id and those of every collective below it (breadth first)."""
        return self.collective.tree_ids()

    @cached_property
    def ancestor_ids(self) -> list[int]:
        """The ids of the collectives above this one, nearest first."""
        return self.collective.ancestor_ids()

    @property
    def roles(self) -> frozenset[str]:
        """The role kinds the user holds here (in this collective or one above it)."""
        return self.asker.roles_at(self.collective)

    def reporter_organization_ids(self) -> frozenset[int]:
        """The organizations the user reports for, wherever the role is held."""
        return self.asker.reporter_organization_ids()

    def _teach_tree(self) -> None:
        """Tell the permission module where every collective of the tree sits, so that a
        target anywhere in it is placed without a query of its own."""
        self._taught = True
        chain = [self.collective.pk, *self.ancestor_ids]
        parents: dict[int, int | None] = dict(zip(chain, [*self.ancestor_ids, None], strict=True))
        parents.update((pk, parent) for pk, parent in self.collective.tree() if pk not in parents)
        self.asker.learn_parents(parents)

    def can(self, action: StrEnum | str, target=None) -> bool:
        """May the user do this to the target (the scope's collective if none is given)?"""
        if target is None:
            target = self.collective
        elif (
            not self._taught
            and not getattr(self.user, "is_superuser", False)
            and self.asker.has_roles()
        ):
            self._teach_tree()
        return permissions.can(self.user, action, target)

    def require(self, action: StrEnum | str, target=None) -> None:
        """Raise PermissionDenied unless the user may (anonymous → log-in redirect)."""
        if not self.can(action, target):
            raise PermissionDenied(action)

    def get_or_404(self, queryset, pk: int):
        """Fetch an object that must belong to this collective (or one below it), else 404."""
        try:
            return queryset.get(pk=pk, collective_id__in=self.tree_ids)
        except queryset.model.DoesNotExist:
            raise Http404 from None


def scope_of(request: HttpRequest, collective: Collective) -> Scope:
    """The request's scope in this collective, built the first time it is asked for."""
    scopes: dict[int, Scope] = request.__dict__.setdefault("_backbone_scopes", {})
    scope = scopes.get(collective.pk)
    if scope is None or scope.user is not request.user:
        scope = scopes[collective.pk] = Scope(request.user, collective)
    return scope


def scope_for(
    request: HttpRequest, slug: str, action: StrEnum | str = Action.COLLECTIVE_VIEW
) -> Scope:
    """The scope of the collective a URL names, once the user may do ``action`` there; 404
    for a collective that does not exist."""
    try:
        collective = Collective.objects.select_related("parent", "place").get(slug=slug)
    except Collective.DoesNotExist:
        raise Http404("No such collective") from None
    scope = scope_of(request, collective)
    scope.require(action)
    request.__dict__["_backbone_scope"] = scope
    return scope


def request_scope(request: HttpRequest) -> Scope:
    """The scope ``scope_for`` built for this request's collective (for a view whose helper
    fetched it)."""
    try:
        return request.__dict__["_backbone_scope"]
    except KeyError:
        raise LookupError("no scope_for() was asked in this request") from None
