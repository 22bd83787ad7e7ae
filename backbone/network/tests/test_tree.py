"""A collective's tree and its ancestors are one recursive query each, memoised on the
instance, in the order the level-by-level walk gave (breadth first, self first; nearest
ancestor first)."""

from __future__ import annotations

import pytest

from backbone.network.models import Collective
from backbone.testing import CollectiveFactory, count_queries

# Raw SQL (WITH RECURSIVE): run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.postgres_behaviour


def _walked_tree_ids(collective: Collective) -> list[int]:
    """What tree_ids() answered before it was one query: one query per level."""
    ids, frontier = [collective.pk], [collective.pk]
    while frontier:
        frontier = list(
            Collective.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


@pytest.fixture
def branches(db):
    """national → two regions (created in the reverse of their names' order) → hromadas, one
    of which has a village collective below it; and an unrelated collective."""
    national = CollectiveFactory(name="Nation", slug="n")
    west = CollectiveFactory(name="West", slug="w", level="regional", parent=national)
    east = CollectiveFactory(name="East", slug="e", level="regional", parent=national)
    lviv = CollectiveFactory(name="Lviv", slug="w-l", level="local", parent=west)
    brody = CollectiveFactory(name="Brody", slug="w-b", level="local", parent=west)
    kharkiv = CollectiveFactory(name="Kharkiv", slug="e-k", level="local", parent=east)
    village = CollectiveFactory(name="Village", slug="e-k-v", level="local", parent=kharkiv)
    CollectiveFactory(name="Elsewhere", slug="x")
    return {c.slug: Collective.objects.get(pk=c.pk) for c in
            (national, west, east, lviv, brody, kharkiv, village)}  # fmt: skip


def test_tree_of_several_branches_is_breadth_first_self_first(branches):
    b = branches
    national = Collective.objects.get(slug="n")
    assert national.tree_ids() == [
        b["n"].pk, b["e"].pk, b["w"].pk, b["w-b"].pk, b["e-k"].pk, b["w-l"].pk, b["e-k-v"].pk,
    ]  # fmt: skip
    for collective in branches.values():
        fresh = Collective.objects.get(pk=collective.pk)
        assert fresh.tree_ids() == _walked_tree_ids(fresh)
    assert Collective.objects.get(slug="w").tree_ids() == [b["w"].pk, b["w-b"].pk, b["w-l"].pk]
    assert Collective.objects.get(slug="w-l").tree_ids() == [b["w-l"].pk]


def test_ancestors_are_nearest_first(branches):
    b = branches
    assert b["e-k-v"].ancestor_ids() == [b["e-k"].pk, b["e"].pk, b["n"].pk]
    assert b["w"].ancestor_ids() == [b["n"].pk]
    assert b["n"].ancestor_ids() == []


def test_four_levels_cost_one_query_each_and_none_when_asked_again(branches):
    top = Collective.objects.get(slug="n")
    leaf = Collective.objects.get(slug="e-k-v")
    with count_queries() as tree:
        assert len(top.tree_ids()) == 7
    with count_queries() as ancestors:
        assert len(leaf.ancestor_ids()) == 3
    assert (len(tree), len(ancestors)) == (1, 1)
    with count_queries() as again:
        top.tree_ids(), top.tree(), leaf.ancestor_ids()
        Collective.objects.with_descendants_of(top)
    assert len(again) == 0


def test_the_top_collective_has_no_ancestors_to_ask_for(branches):
    top = Collective.objects.get(slug="n")
    with count_queries() as counted:
        assert top.ancestor_ids() == []
    assert len(counted) == 0


def test_a_collective_created_below_is_in_the_trees_its_parents_memoised(branches):
    national = Collective.objects.get(slug="n")
    west = Collective.objects.get(slug="w")
    west.parent = national  # the instance the new collective names as its parent's parent
    assert len(national.tree_ids()) == 7
    assert len(west.tree_ids()) == 3
    new = CollectiveFactory(name="Zhovkva", slug="w-z", level="local", parent=west)
    assert west.tree_ids()[-1] == new.pk
    assert new.pk in national.tree_ids()
