"""What the meetings tests share: a meeting of the facilitator's working group, coming up in
two days, in which the community person holds a member's seat."""

import datetime as dt

import pytest
from django.utils import timezone

from backbone.governance.models import BodyMembership, MemberRole
from backbone.meetings import services


@pytest.fixture
def meeting(world):
    BodyMembership.objects.create(
        body=world.body, person=world.community.person, role=MemberRole.MEMBER
    )
    start = timezone.now() + dt.timedelta(days=2)
    return services.meeting_create(
        body=world.body,
        by=world.facilitator,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        step_free=True,
        interpretation="Ukrainian ↔ English",
        lived_experience_last=True,
        items=[{"title": "Kinship care pilot", "minutes": 20}],
    )
