"""The permission matrix: every role × every action, allowed and refused.

The expected table is written out by hand here, independently of the rules in
permissions.py, so that a change to a rule shows up as a failing row.
"""

import pytest

from backbone.accounts.permissions import Action, can
from backbone.testing import PERSONAS

EVERYONE = set(PERSONAS)
MEMBERS_OF_NATIONAL = {"admin", "staff", "steering", "facilitator", "reporter_a", "community"}

# (action, target) → personas allowed. Targets are attributes of the World fixture.
MATRIX = [
    (Action.COLLECTIVE_VIEW, "national", EVERYONE),
    (Action.COLLECTIVE_EDIT, "national", {"admin", "staff"}),
    (Action.COLLECTIVE_EDIT, "oblast", {"admin", "staff"}),
    (Action.COLLECTIVE_EDIT, "elsewhere", {"admin"}),
    (Action.ORGANIZATION_VIEW, "org_a", EVERYONE),
    (Action.ORGANIZATION_CREATE, "national", {"admin", "staff"}),
    (Action.ORGANIZATION_CREATE, "oblast", {"admin", "staff"}),
    (Action.ORGANIZATION_EDIT, "org_a", {"admin", "staff", "reporter_a"}),
    (Action.ORGANIZATION_EDIT, "org_b", {"admin", "staff", "reporter_b"}),
    (Action.ORGANIZATION_ARCHIVE, "org_a", {"admin", "staff"}),
    (Action.PERSON_VIEW, "national", MEMBERS_OF_NATIONAL),
    (Action.PERSON_VIEW, "oblast", MEMBERS_OF_NATIONAL | {"reporter_b"}),
    (Action.PERSON_CREATE, "national", {"admin", "staff"}),
    (Action.PERSON_EDIT, "community_person", {"admin", "staff", "community"}),
    (Action.PERSON_ARCHIVE, "community_person", {"admin", "staff"}),
    (Action.BODY_VIEW, "body", MEMBERS_OF_NATIONAL),
    (Action.BODY_VIEW_MEMBERS, "body", MEMBERS_OF_NATIONAL),
    # A community council keeping its member list private: the community person sits in it,
    # reporter_a sat in it once; the body itself is seen as any other.
    (Action.BODY_VIEW, "private_body", MEMBERS_OF_NATIONAL),
    (Action.BODY_VIEW_MEMBERS, "private_body", {"admin", "staff", "community"}),
    (Action.BODY_CREATE, "national", {"admin", "staff"}),
    (Action.BODY_EDIT, "body", {"admin", "staff", "facilitator"}),
    (Action.AUDIT_VIEW, "national", {"admin", "staff"}),
    (Action.MEMBER_INVITE, "national", {"admin", "staff"}),
    (Action.MEMBER_INVITE, "oblast", {"admin", "staff"}),
    (Action.INDICATOR_VIEW, "national", EVERYONE),
    (Action.INDICATOR_EDIT, "national", {"admin", "staff"}),
    (Action.SUBMISSION_LIST, "national", {"admin", "staff", "reporter_a"}),
    (Action.SUBMISSION_LIST, "oblast", {"admin", "staff", "reporter_a", "reporter_b"}),
    (Action.SUBMISSION_CREATE, "org_a", {"admin", "staff", "reporter_a"}),
    (Action.SUBMISSION_CREATE, "org_b", {"admin", "staff", "reporter_b"}),
    (Action.SUBMISSION_VIEW, "submission_b", {"admin", "staff", "reporter_b"}),
    (Action.SUBMISSION_EDIT, "submission_b", {"admin", "staff", "reporter_b"}),
    (Action.SUBMISSION_REVIEW, "submission_b", {"admin", "staff"}),
    (Action.MEASUREMENT_MANAGE, "national", {"admin", "staff"}),
    (Action.MEASUREMENT_MANAGE, "oblast", {"admin", "staff"}),
    (Action.COMPLETENESS_VIEW, "national", MEMBERS_OF_NATIONAL),
    (Action.DELIVERY_MANAGE, "national", {"admin", "staff"}),
    (Action.DELIVERY_MANAGE, "oblast", {"admin", "staff"}),
]


def _private_body(world):
    import datetime as dt

    from backbone.governance.models import BodyKind, BodyMembership, MemberRole
    from backbone.testing import BodyFactory

    body = BodyFactory(
        collective=world.national, kind=BodyKind.COMMUNITY_COUNCIL, members_private=True
    )
    BodyMembership.objects.create(body=body, person=world.community.person, role=MemberRole.MEMBER)
    BodyMembership.objects.create(
        body=body,
        person=world.reporter_a.person,
        role=MemberRole.MEMBER,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    return body


def _target(world, name):
    if name == "private_body":
        return _private_body(world)
    if name == "community_person":
        return world.community.person
    if name == "submission_b":
        from backbone.measurement.models import Submission

        return Submission(collective=world.oblast, organization=world.org_b)
    return getattr(world, name)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX, ids=lambda v: str(v)[:30])
def test_permission_matrix(world, persona, action, target, allowed):
    user = world.persona(persona)
    assert can(user, action, _target(world, target)) is (persona in allowed)


def test_every_action_appears_in_the_matrix():
    assert {row[0] for row in MATRIX} == set(Action)


def test_ended_role_grants_nothing(world):
    from backbone.accounts.services import role_end

    role_end(role=world.staff.roles.get())
    world.staff.__dict__.pop("_backbone_roles", None)
    assert not can(world.staff, Action.ORGANIZATION_CREATE, world.national)


def test_facilitator_cannot_edit_a_body_they_do_not_facilitate(world):
    from backbone.testing import BodyFactory

    other = BodyFactory(collective=world.national, name="Financing group")
    assert not can(world.facilitator, Action.BODY_EDIT, other)
    assert can(world.facilitator, Action.BODY_EDIT, world.body)


def test_inactive_superuser_is_not_all_powerful(world):
    world.admin.is_active = False
    assert not can(world.admin, Action.COLLECTIVE_EDIT, world.national)
