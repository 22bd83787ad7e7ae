"""Versioned documents: publishing, the structured comparison, endorsements — through the first
kind that uses the mechanism (a body's scope of work), its page and its API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from backbone.accounts.services import api_token_create
from backbone.documents import diff, registry, services
from backbone.documents.models import Endorsement, Items
from backbone.events.models import Event
from backbone.governance.models import ScopeOfWorkVersion
from backbone.governance.services import scope_publish
from backbone.network.services import affiliation_end, affiliation_start
from backbone.testing import OrganizationFactory, PersonFactory


@pytest.fixture
def scope(world):
    return scope_publish(body=world.body, text="Purpose\n- meet monthly", by=world.staff)


@pytest.fixture
def speaker(world):
    """reporter_a speaks for Organization A (their affiliation says so)."""
    return affiliation_start(
        person=world.reporter_a.person, organization=world.org_a, speaks_for=True
    )


# The comparison


def test_a_changed_line_shows_the_words_that_changed():
    (line,) = diff.text_lines("Meet every month in Kyiv", "Meet every quarter in Kyiv")
    assert line.change == diff.CHANGED
    assert [(s.text, s.change) for s in line.left] == [
        ("Meet every ", "same"),
        ("month", "removed"),
        (" in Kyiv", "same"),
    ]
    assert [(s.text, s.change) for s in line.right][1] == ("quarter", "added")
    assert line.left_text == "Meet every month in Kyiv"  # the pieces join back exactly


def test_lines_removed_and_added_face_a_gap():
    lines = diff.text_lines("Purpose\n- keep\n- drop", "Purpose\n- keep\n- drop\n- new one")
    assert [line.change for line in lines] == ["same", "same", "same", "added"]
    assert (lines[-1].left_number, lines[-1].right_number) == (None, 4)
    lines = diff.text_lines("a\nb\nc", "a\nc")
    assert [line.change for line in lines] == ["same", "removed", "same"]


def test_items_are_compared_by_their_key_not_their_place():
    spec = Items("goals", key="id", title="title")
    before = [
        {"id": 1, "title": "Fewer children in institutions", "by": 2027},
        {"id": 2, "title": "Old"},
    ]
    after = [
        {"id": 3, "title": "New goal"},
        {"id": 1, "title": "Fewer children in institutions", "by": 2028},
    ]
    changes = {item.key: item for item in diff.item_changes(before, after, spec)}
    assert changes["3"].change == diff.ADDED
    assert changes["2"].change == diff.REMOVED
    assert changes["1"].change == diff.CHANGED
    assert changes["1"].fields == (("by", 2027, 2028),)


def test_compare_covers_every_declared_field(world, scope):
    newer = scope_publish(
        body=world.body, text="Purpose\n- meet quarterly", by=world.staff, based_on=1
    )
    (change,) = diff.compare(scope, newer)
    assert (change.name, change.kind, change.changed) == ("text", "text", True)
    assert str(change.label) == "scope of work"


# Publishing


def test_versions_are_numbered_and_a_stale_edit_is_refused(world, scope):
    second = scope_publish(body=world.body, text="two", by=world.facilitator, based_on=1)
    assert (scope.number, second.number) == (1, 2)
    assert second.published_by == world.facilitator
    with pytest.raises(services.StaleVersionError, match="Version 2 was published"):
        scope_publish(body=world.body, text="mine", by=world.staff, based_on=1)
    with pytest.raises(ValidationError, match="Nothing changed since version 2"):
        scope_publish(body=world.body, text="two\r\n", by=world.staff, based_on=2)
    assert world.body.scope_versions.count() == 2


# Endorsements


def test_a_person_who_speaks_for_an_organization_endorses_the_current_version(
    world, scope, speaker
):
    endorsement = services.endorsement_give(
        version=scope, organization=world.org_a, by=world.reporter_a, note="Agreed at our board."
    )
    assert endorsement.version == scope
    assert endorsement.person == world.reporter_a.person
    assert endorsement.collective == world.national
    # The publisher hears of it.
    event = Event.objects.get(kind="document.endorsed")
    assert event.data["audience"] == [world.staff.pk]


def test_without_the_right_to_speak_for_it_nobody_endorses_for_an_organization(world, scope):
    affiliation_start(person=world.reporter_a.person, organization=world.org_a)  # not a speaker
    with pytest.raises(ValidationError, match="not recorded as speaking for Organization A"):
        services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    # Staff cannot endorse for a partner either: it is the partner's word.
    with pytest.raises(ValidationError, match="not recorded as speaking"):
        services.endorsement_give(version=scope, organization=world.org_a, by=world.staff)
    assert not Endorsement.objects.exists()


def test_an_ended_affiliation_no_longer_speaks(world, scope, speaker):
    affiliation_end(affiliation=speaker)
    with pytest.raises(ValidationError, match="not recorded as speaking"):
        services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)


def test_an_organization_endorses_a_version_once(world, scope, speaker):
    services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    with pytest.raises(ValidationError, match="already endorsed version 1"):
        services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    assert Endorsement.objects.count() == 1


def test_an_endorsement_stays_with_its_version(world, scope, speaker):
    services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    newer = scope_publish(
        body=world.body, text="Purpose\n- meet quarterly", by=world.staff, based_on=1
    )
    assert Endorsement.objects.of([scope]).standing().count() == 1
    assert Endorsement.objects.of([newer]).count() == 0
    # The endorser is told the new version has none yet.
    event = Event.objects.get(kind="document.published")
    assert event.data["audience"] == [world.reporter_a.pk]
    assert event.data["params"]["previous"] == 1
    # named in each reader's language
    assert event.data["params"]["document"]["en"] == "Scope of work of Working group on foster care"
    assert set(event.data["params"]["document"]) == {"en", "uk", "he"}
    # And the old version can no longer be endorsed.
    other = OrganizationFactory(collective=world.national, name="Organization C")
    affiliation_start(person=world.reporter_a.person, organization=other, speaks_for=True)
    with pytest.raises(ValidationError, match="Version 1 is no longer the current one"):
        services.endorsement_give(version=scope, organization=other, by=world.reporter_a)


def test_an_organization_outside_the_collective_cannot_endorse(world, scope):
    stranger_org = OrganizationFactory(collective=world.elsewhere, name="Far away")
    affiliation_start(person=world.reporter_a.person, organization=stranger_org, speaks_for=True)
    with pytest.raises(ValidationError, match="not a partner of this collective"):
        services.endorsement_give(version=scope, organization=stranger_org, by=world.reporter_a)


def test_whoever_may_not_see_the_document_cannot_endorse_it(world, scope):
    outsider_person = PersonFactory(collective=world.elsewhere, user=world.outsider)
    affiliation_start(person=outsider_person, organization=world.org_a, speaks_for=True)
    with pytest.raises(PermissionDenied):
        services.endorsement_give(version=scope, organization=world.org_a, by=world.outsider)


def test_withdrawing_keeps_the_record_and_frees_the_organization(world, scope, speaker):
    endorsement = services.endorsement_give(
        version=scope, organization=world.org_a, by=world.reporter_a
    )
    with pytest.raises(ValidationError, match="Only someone who speaks for"):
        services.endorsement_withdraw(endorsement=endorsement, by=world.staff)
    services.endorsement_withdraw(endorsement=endorsement, by=world.reporter_a)
    assert Endorsement.objects.of([scope]).standing().count() == 0
    assert Endorsement.objects.count() == 1  # withdrawn, not deleted
    again = services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    assert again.pk != endorsement.pk


def test_every_kind_is_registered_once():
    kind = registry.kind_of(ScopeOfWorkVersion(number=1))
    assert kind.name == "scope"
    with pytest.raises(ValueError):
        registry.register(registry.Kind("scope", object, *([lambda *a: None] * 4)))


# The page and the API


def test_the_page_offers_endorsement_to_speakers_only_and_records_it(client, world, scope, speaker):
    url = reverse("scope_versions", kwargs={"slug": "nation", "pk": world.body.pk})
    client.force_login(world.facilitator)
    assert "Endorse version 1" not in client.get(url).content.decode()
    client.force_login(world.reporter_a)
    page = client.get(url).content.decode()
    assert "Endorse version 1" in page
    endorse = reverse("document_endorse", kwargs={"kind": "scope", "pk": scope.pk})
    response = client.post(endorse, {"organization": world.org_a.pk, "note": "Yes."})
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "Organization A endorsed version 1." in page
    assert "Endorse version 1" not in page  # nothing left to endorse for
    assert "Withdraw" in page


def test_posting_for_an_organization_one_does_not_speak_for_saves_nothing(
    client, world, scope, speaker
):
    client.force_login(world.reporter_a)
    endorse = reverse("document_endorse", kwargs={"kind": "scope", "pk": scope.pk})
    client.post(endorse, {"organization": world.org_b.pk})
    assert not Endorsement.objects.exists()


def test_another_collectives_member_cannot_reach_the_endorsement(client, world, scope):
    client.force_login(world.outsider)
    endorse = reverse("document_endorse", kwargs={"kind": "scope", "pk": scope.pk})
    assert client.post(endorse, {"organization": world.org_a.pk}).status_code == 404
    unknown = reverse("document_endorse", kwargs={"kind": "nothing", "pk": scope.pk})
    assert client.post(unknown, {}).status_code == 404


def test_the_api_lists_versions_with_their_endorsements(client, world, scope, speaker):
    services.endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    _token, raw = api_token_create(user=world.facilitator, name="t")
    response = client.get(
        f"/api/collectives/nation/bodies/{world.body.pk}/scope/versions",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    (version,) = json.loads(response.content)
    assert version["number"] == 1 and version["published_by"] == "staff"
    assert [e["organization"] for e in version["endorsements"]] == ["Organization A"]
