"""Fetch what a request names, scoped to its collective, or answer 404/403."""

from __future__ import annotations

from enum import StrEnum

from django.http import Http404

from backbone.lib.permissions import require
from backbone.network.models import Collective
from backbone.network.permissions import Action


def collective_for_user(user, slug: str, action: StrEnum = Action.COLLECTIVE_VIEW) -> Collective:
    try:
        collective = Collective.objects.select_related("parent", "place").get(slug=slug)
    except Collective.DoesNotExist:
        raise Http404("No such collective") from None
    require(user, action, collective)
    return collective


def scoped_or_404(queryset, collective: Collective, pk: int):
    """Fetch an object that must belong to this collective (or one below it), else 404."""
    try:
        return queryset.get(pk=pk, collective_id__in=collective.tree_ids())
    except queryset.model.DoesNotExist:
        raise Http404 from None
