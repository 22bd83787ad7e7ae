"""The request's scope: built once per request and collective, it reads the tree, the
ancestors, the user's roles and (when a rule needs them) their seats once each, so a page
asking ``can`` about every row costs the same queries over ten times the rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from backbone.governance.models import BodyKind, BodyMembership, MemberRole
from backbone.governance.permissions import Action as BodyAction
from backbone.network.models import Collective, Organization
from backbone.network.permissions import Action
from backbone.network.scope import Scope, request_scope, scope_for, scope_of
from backbone.testing import (
    BodyFactory,
    CollectiveFactory,
    OrganizationFactory,
    count_queries,
    queries_at_two_sizes,
)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _fresh(user):
    """The user as a new request loads it: nothing read about them yet."""
    return type(user).objects.get(pk=user.pk)


def test_the_scope_is_built_once_per_request_and_collective(world):
    request = _request(world.staff)
    assert scope_of(request, world.national) is scope_of(request, world.national)
    assert scope_of(request, world.oblast) is not scope_of(request, world.national)
    assert scope_of(_request(world.staff), world.national) is not scope_of(request, world.national)


def test_scope_for_fetches_the_collective_and_checks_the_action(world):
    request = _request(world.reporter_a)
    scope = scope_for(request, "nation", Action.PERSON_VIEW)
    assert scope.collective == world.national
    assert request_scope(request) is scope
    with pytest.raises(PermissionDenied):
        scope_for(_request(world.reporter_a), "nation", Action.PERSON_CREATE)
    with pytest.raises(Http404):
        scope_for(_request(world.staff), "no-such-collective")


def test_the_scope_knows_the_tree_ancestors_and_roles(world):
    oblast = Scope(world.staff, Collective.objects.get(pk=world.oblast.pk))
    assert oblast.tree_ids == [world.oblast.pk]
    assert oblast.ancestor_ids == [world.national.pk]
    assert oblast.roles == {"staff"}  # held at national, so in the oblast too
    national = Scope(world.reporter_b, Collective.objects.get(pk=world.national.pk))
    assert national.tree_ids == [world.national.pk, world.oblast.pk]
    assert national.roles == frozenset()  # reporter_b's role is in the oblast, not above it
    assert national.reporter_organization_ids() == {world.org_b.pk}


def test_get_or_404_finds_rows_below_and_refuses_those_of_another_collective(world):
    scope = Scope(world.staff, world.national)
    assert scope.get_or_404(Organization.objects.all(), world.org_b.pk) == world.org_b
    other = OrganizationFactory(collective=world.elsewhere)
    with pytest.raises(Http404):
        scope.get_or_404(Organization.objects.all(), other.pk)


def test_asking_about_many_rows_of_the_tree_costs_no_query_per_row(world):
    """Every sub-collective's rows are placed from the tree the scope read: after the first
    answers (roles, ancestors, tree, seats), asking about a hundred more rows is free."""
    subs = [
        CollectiveFactory(slug=f"sub-{i}", level="local", parent=world.oblast) for i in range(5)
    ]
    orgs = [OrganizationFactory(collective=sub) for sub in subs for _ in range(4)]
    bodies = [
        BodyFactory(collective=sub, members_private=True, kind=BodyKind.COMMUNITY_COUNCIL)
        for sub in subs
    ]
    user = _fresh(world.reporter_a)
    scope = Scope(user, Collective.objects.get(pk=world.national.pk))
    scope.can(Action.ORGANIZATION_EDIT, world.org_a)
    scope.can(BodyAction.BODY_VIEW_MEMBERS, bodies[0])
    rows = [Organization.objects.get(pk=o.pk) for o in orgs]  # no collective fetched
    with count_queries() as asked:
        for organization in rows:
            assert not scope.can(Action.ORGANIZATION_EDIT, organization)
            assert scope.can(Action.ORGANIZATION_VIEW, organization)
        for body in bodies:
            assert not scope.can(BodyAction.BODY_VIEW_MEMBERS, body)
    assert len(asked) == 0


def test_a_seat_granted_to_the_user_is_seen_after_they_are_asked_afresh(world):
    body = BodyFactory(collective=world.national, members_private=True)
    community = _fresh(world.community)
    assert not Scope(community, world.national).can(BodyAction.BODY_VIEW_MEMBERS, body)
    BodyMembership.objects.create(body=body, person=world.community.person)
    assert Scope(_fresh(world.community), world.national).can(BodyAction.BODY_VIEW_MEMBERS, body)


@pytest.fixture
def private_seats(world):
    """``grow(n)``: n more private councils the community member sits in (every other one
    shared with the facilitator), some in the oblast collective, each with an organization
    beside it."""
    person = world.community.person
    made = [0]

    def grow(n: int) -> None:
        for _ in range(n):
            i = made[0] = made[0] + 1
            collective = world.oblast if i % 3 == 0 else world.national
            body = BodyFactory(
                collective=collective,
                kind=BodyKind.COMMUNITY_COUNCIL,
                members_private=True,
                name=f"Council {i}",
            )
            BodyMembership.objects.create(body=body, person=person, role=MemberRole.MEMBER)
            if i % 2:
                BodyMembership.objects.create(body=body, person=world.facilitator.person)
            OrganizationFactory(collective=collective, name=f"Partner {i}")

    return grow


def _page(client, url: str):
    def ask() -> None:
        assert client.get(url).status_code == 200

    return ask


@pytest.mark.parametrize("persona", ["facilitator", "reporter_a", "staff"])
def test_person_page_with_private_seats_costs_the_same_queries_at_ten_times(
    world, private_seats, persona
):
    from backbone.accounts.tests.test_http_access import client_for

    url = reverse("person_detail", args=["nation", world.community.person.pk])
    small, large = queries_at_two_sizes(_page(client_for(world, persona), url), private_seats)
    assert small == large


def test_person_page_tells_only_the_seats_the_reader_may_see(world, private_seats):
    from backbone.accounts.tests.test_http_access import client_for

    private_seats(4)
    url = reverse("person_detail", args=["nation", world.community.person.pk])
    seats = client_for(world, "facilitator").get(url).context["seats"]
    assert sorted(seat.body.name for seat in seats) == ["Council 1", "Council 3"]


@pytest.mark.parametrize(
    "page",
    ["invite", "organization_list", "person_list", "collective_home", "audit_log"],
)
def test_collective_pages_cost_the_same_queries_at_ten_times(world, private_seats, page):
    from backbone.accounts.tests.test_http_access import client_for

    url = reverse(page, args=["nation"])
    small, large = queries_at_two_sizes(_page(client_for(world, "staff"), url), private_seats)
    assert small == large


def test_body_pages_cost_the_same_queries_at_ten_times(world, private_seats):
    from backbone.accounts.tests.test_http_access import client_for

    url = reverse("body_detail", args=["nation", world.body.pk])
    client = client_for(world, "facilitator")
    small, large = queries_at_two_sizes(_page(client, url), private_seats)
    assert small == large
