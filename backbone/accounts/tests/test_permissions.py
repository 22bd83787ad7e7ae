"""The permission matrix: every role × every action, allowed and refused.

The expected table is written out by hand here, independently of the rules in each app's
permissions.py, so that a change to a rule shows up as a failing row. Actions are named by
their registered values, which are the same as before the apps declared their own.
"""

import pytest

from backbone.lib import permissions
from backbone.lib.permissions import can
from backbone.testing import PERSONAS

EVERYONE = set(PERSONAS)
MEMBERS_OF_NATIONAL = {"admin", "staff", "steering", "facilitator", "reporter_a", "community"}

# (action, target) → personas allowed. Targets are attributes of the World fixture.
MATRIX = [
    ("collective.view", "national", EVERYONE),
    ("collective.edit", "national", {"admin", "staff"}),
    ("collective.edit", "oblast", {"admin", "staff"}),
    ("collective.edit", "elsewhere", {"admin"}),
    ("organization.view", "org_a", EVERYONE),
    ("organization.create", "national", {"admin", "staff"}),
    ("organization.create", "oblast", {"admin", "staff"}),
    ("organization.edit", "org_a", {"admin", "staff", "reporter_a"}),
    ("organization.edit", "org_b", {"admin", "staff", "reporter_b"}),
    ("organization.archive", "org_a", {"admin", "staff"}),
    ("person.view", "national", MEMBERS_OF_NATIONAL),
    ("person.view", "oblast", MEMBERS_OF_NATIONAL | {"reporter_b"}),
    ("person.create", "national", {"admin", "staff"}),
    ("person.edit", "community_person", {"admin", "staff", "community"}),
    ("person.archive", "community_person", {"admin", "staff"}),
    ("body.view", "body", MEMBERS_OF_NATIONAL),
    ("body.view_members", "body", MEMBERS_OF_NATIONAL),
    # A community council keeping its member list private: the community person sits in it,
    # reporter_a sat in it once; the body itself is seen as any other.
    ("body.view", "private_body", MEMBERS_OF_NATIONAL),
    ("body.view_members", "private_body", {"admin", "staff", "community"}),
    ("body.create", "national", {"admin", "staff"}),
    ("body.edit", "body", {"admin", "staff", "facilitator"}),
    ("audit.view", "national", {"admin", "staff"}),
    ("member.invite", "national", {"admin", "staff"}),
    ("member.invite", "oblast", {"admin", "staff"}),
    ("indicator.view", "national", EVERYONE),
    ("indicator.edit", "national", {"admin", "staff"}),
    ("submission.list", "national", {"admin", "staff", "reporter_a"}),
    ("submission.list", "oblast", {"admin", "staff", "reporter_a", "reporter_b"}),
    ("submission.create", "org_a", {"admin", "staff", "reporter_a"}),
    ("submission.create", "org_b", {"admin", "staff", "reporter_b"}),
    ("submission.view", "submission_b", {"admin", "staff", "reporter_b"}),
    ("submission.edit", "submission_b", {"admin", "staff", "reporter_b"}),
    ("submission.review", "submission_b", {"admin", "staff"}),
    ("measurement.manage", "national", {"admin", "staff"}),
    ("measurement.manage", "oblast", {"admin", "staff"}),
    ("completeness.view", "national", MEMBERS_OF_NATIONAL),
    ("delivery.manage", "national", {"admin", "staff"}),
    ("delivery.manage", "oblast", {"admin", "staff"}),
    ("webhook.manage", "national", {"admin", "staff"}),
    ("webhook.manage", "oblast", {"admin", "staff"}),
    # readiness
    ("readiness.view", "national", MEMBERS_OF_NATIONAL),
    ("readiness.answer", "national", MEMBERS_OF_NATIONAL),
    ("readiness.run", "national", {"admin", "staff"}),
    ("readiness.run", "oblast", {"admin", "staff"}),
    # agenda
    ("agenda.view", "national", MEMBERS_OF_NATIONAL | {"steering"}),
    ("agenda.edit", "national", {"admin", "staff", "steering"}),
    ("agenda.edit", "oblast", {"admin", "staff", "steering"}),
    ("agenda.adopt", "oblast", {"admin", "staff", "steering"}),
    ("agenda.adopt", "elsewhere", {"admin"}),
    # reporter_a reports for org_a but is not recorded as speaking for it
    ("strength.edit", "org_a", {"admin", "staff", "steering"}),
    ("strength.edit", "org_b", {"admin", "staff", "steering"}),
    ("strength.define", "national", {"admin", "staff"}),
    ("strength.define", "oblast", {"admin", "staff"}),
    # phases
    ("phase.view", "national", MEMBERS_OF_NATIONAL),
    ("phase.view", "oblast", MEMBERS_OF_NATIONAL | {"reporter_b"}),
    ("phase.manage", "national", {"admin", "staff", "steering"}),
    ("phase.manage", "oblast", {"admin", "staff", "steering"}),
    # activities (the 3W): every member sees them; reporters record their own organization's;
    # the facilitator of an activity's working group comments on it
    ("activity.view", "national", MEMBERS_OF_NATIONAL),
    ("activity.view", "oblast", MEMBERS_OF_NATIONAL | {"reporter_b"}),
    ("activity.create", "org_a", {"admin", "staff", "reporter_a"}),
    ("activity.create", "org_b", {"admin", "staff", "reporter_b"}),
    ("activity.edit", "activity_a", {"admin", "staff", "reporter_a"}),
    ("activity.edit", "activity_b", {"admin", "staff", "reporter_b"}),
    ("activity.comment", "activity_a", {"admin", "staff", "facilitator", "reporter_a"}),
    ("activity.comment", "activity_b", {"admin", "staff", "reporter_b"}),
    ("activity.import_any", "national", {"admin", "staff"}),
    ("activity.import_any", "oblast", {"admin", "staff"}),
    ("activity.vocabulary", "national", {"admin", "staff"}),
    ("progress.review", "national", {"admin", "staff"}),
    ("overlap.review", "national", {"admin", "staff", "facilitator"}),
    ("overlap.review", "elsewhere", {"admin"}),
    # meetings: every member sees them; whoever chairs or facilitates a body runs its
    # meetings (staff run all); only current voting seats vote; a collective below answers
    # a request to ratify through its staff or its own steering committee
    ("meeting.view", "national", MEMBERS_OF_NATIONAL),
    ("meeting.view", "oblast", MEMBERS_OF_NATIONAL | {"reporter_b"}),
    ("meeting.manage", "body", {"admin", "staff", "facilitator"}),
    ("meeting.manage", "meeting", {"admin", "staff", "facilitator"}),
    ("decision.vote", "decision", {"admin", "facilitator", "community"}),
    ("decision.ratify", "oblast", {"admin", "staff"}),
    ("decision.ratify", "national", {"admin", "staff", "steering"}),
    ("action.create", "national", {"admin", "staff"}),
    ("action.create", "body", {"admin", "staff", "facilitator"}),
    ("action.update", "action", {"admin", "staff", "facilitator", "community"}),
]


def _activity(world, name):
    """activity_a: led by org_a in the national collective, in the working group the
    facilitator facilitates; activity_b: led by org_b in the oblast, in no working group."""
    from backbone.activities.models import Activity, ActivityKind

    kind = ActivityKind.objects.get_or_create(collective=world.national, code="k", name="K")[0]
    ours = name == "activity_a"
    activity = Activity.objects.create(
        collective=world.national if ours else world.oblast,
        kind=kind,
        title=name,
        working_group=world.body if ours else None,
        created_by=world.staff,
    )
    activity.roles.create(organization=world.org_a if ours else world.org_b, role="lead")
    return activity


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


def _meeting_target(world, name):
    """A meeting of world.body (the facilitator's working group), in which the community
    person holds a member's seat; a decision put to it; an action the community person owns."""
    import datetime as dt

    from django.utils import timezone

    from backbone.governance.models import BodyMembership, MemberRole
    from backbone.meetings.models import ActionItem, Decision, Meeting

    BodyMembership.objects.create(
        body=world.body, person=world.community.person, role=MemberRole.MEMBER
    )
    start = timezone.now() + dt.timedelta(days=1)
    meeting = Meeting.objects.create(
        collective=world.national,
        body=world.body,
        title="m",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    if name == "meeting":
        return meeting
    if name == "decision":
        return Decision.objects.create(
            collective=world.national,
            body=world.body,
            meeting=meeting,
            motion="m",
            procedure="consent",
        )
    return ActionItem.objects.create(
        collective=world.national,
        title="a",
        due=dt.date(2030, 1, 1),
        owner=world.community.person,
        body=world.body,
    )


def _target(world, name):
    if name in ("meeting", "decision", "action"):
        return _meeting_target(world, name)
    if name == "private_body":
        return _private_body(world)
    if name == "community_person":
        return world.community.person
    if name.startswith("activity_"):
        return _activity(world, name)
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
    assert {row[0] for row in MATRIX} == set(permissions.registered())


def test_ended_role_grants_nothing(world):
    from backbone.accounts.services import role_end

    role_end(role=world.staff.roles.get())
    assert not can(world.staff, "organization.create", world.national)


def test_facilitator_cannot_edit_a_body_they_do_not_facilitate(world):
    from backbone.testing import BodyFactory

    other = BodyFactory(collective=world.national, name="Financing group")
    assert not can(world.facilitator, "body.edit", other)
    assert can(world.facilitator, "body.edit", world.body)


def test_inactive_superuser_is_not_all_powerful(world):
    world.admin.is_active = False
    assert not can(world.admin, "collective.edit", world.national)
