"""Factories and personas shared by every app's tests (imported by backbone/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import factory
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backbone.accounts.models import RoleKind, User
from backbone.accounts.services import role_grant
from backbone.governance.models import Body, BodyKind, BodyMembership, MemberRole
from backbone.lib.text import normalize_name
from backbone.network.models import Collective, Organization, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective

    name = factory.Sequence(lambda n: f"Collective {n}")
    slug = factory.Sequence(lambda n: f"collective-{n}")
    level = "national"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    collective = factory.SubFactory(CollectiveFactory)
    name = factory.Sequence(lambda n: f"Фонд «Світанок-{n}»")
    normalized_name = factory.LazyAttribute(lambda o: normalize_name(o.name))
    # ``name`` is written in the current language, English in tests.
    normalized_name_en = factory.LazyAttribute(lambda o: normalize_name(o.name))
    kind = "ngo"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    collective = factory.SubFactory(CollectiveFactory)
    name = factory.Sequence(lambda n: f"Оксана Коваленко-{n}")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    collective = factory.SubFactory(CollectiveFactory)
    name = factory.Sequence(lambda n: f"Working group {n}")
    kind = BodyKind.WORKING_GROUP


@dataclass
class World:
    """A national collective with one oblast collective below it, and one persona per role."""

    national: Collective
    oblast: Collective
    elsewhere: Collective  # an unrelated collective
    org_a: Organization
    org_b: Organization
    body: Body
    admin: User
    staff: User
    steering: User
    facilitator: User
    reporter_a: User
    reporter_b: User
    community: User
    outsider: User

    def persona(self, name: str):
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser() if name == "anonymous" else getattr(self, name)


PERSONAS = (
    "admin",
    "staff",
    "steering",
    "facilitator",
    "reporter_a",
    "reporter_b",
    "community",
    "outsider",
    "anonymous",
)


def build_world() -> World:
    national = CollectiveFactory(slug="nation", name="National collective")
    oblast = CollectiveFactory(
        slug="ua-46", name="Oblast collective", level="regional", parent=national
    )
    elsewhere = CollectiveFactory(slug="elsewhere", name="Another collective")
    org_a = OrganizationFactory(collective=national, name="Organization A")
    org_b = OrganizationFactory(collective=oblast, name="Organization B")
    body = BodyFactory(collective=national, name="Working group on foster care")

    users = {name: UserFactory(username=name) for name in PERSONAS if name != "anonymous"}
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()
    role_grant(user=users["staff"], collective=national, kind=RoleKind.STAFF)
    role_grant(user=users["steering"], collective=national, kind=RoleKind.STEERING)
    role_grant(user=users["facilitator"], collective=national, kind=RoleKind.FACILITATOR)
    role_grant(
        user=users["reporter_a"], collective=national, kind=RoleKind.REPORTER, organization=org_a
    )
    role_grant(
        user=users["reporter_b"], collective=oblast, kind=RoleKind.REPORTER, organization=org_b
    )
    role_grant(user=users["community"], collective=national, kind=RoleKind.COMMUNITY)
    for name in ("facilitator", "community", "reporter_a"):
        PersonFactory(collective=national, name=f"Person of {name}", user=users[name])
    BodyMembership.objects.create(
        body=body, person=users["facilitator"].person, role=MemberRole.FACILITATOR
    )
    return World(
        national=national,
        oblast=oblast,
        elsewhere=elsewhere,
        org_a=org_a,
        org_b=org_b,
        body=body,
        **users,
    )


@contextmanager
def count_queries() -> Iterator[CaptureQueriesContext]:
    """``with count_queries() as counted: …`` then ``len(counted)`` (or
    ``counted.captured_queries`` to see them)."""
    with CaptureQueriesContext(connection) as captured:
        yield captured


def queries_at_two_sizes(
    ask: Callable[[], object], grow: Callable[[int], object], *, small: int = 1, large: int = 10
) -> tuple[int, int]:
    """The queries ``ask()`` makes over ``small`` rows and over ``large`` rows: ``grow(n)``
    adds n rows (it is called with ``small`` first, then with ``large - small``). ``ask`` is
    called once before counting, for what a session records once (its language, …)."""
    grow(small)
    ask()
    with count_queries() as at_small:
        ask()
    grow(large - small)
    with count_queries() as at_large:
        ask()
    return len(at_small), len(at_large)
