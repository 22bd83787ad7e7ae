import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backbone.governance import services
from backbone.governance.selectors import body_members
from backbone.testing import PersonFactory


def test_scope_versions_are_kept_and_numbered(world):
    v1 = services.scope_publish(body=world.body, text="Purpose\n- A", by=world.staff)
    v2 = services.scope_publish(
        body=world.body, text="Purpose\n- B", by=world.facilitator, based_on=1
    )
    assert (v1.number, v2.number) == (1, 2)
    assert world.body.current_scope() == v2
    assert world.body.scope_versions.get(number=1).text == "Purpose\n- A"


def test_stale_edit_is_refused_rather_than_overwriting(world):
    services.scope_publish(body=world.body, text="one", by=world.staff)
    services.scope_publish(body=world.body, text="two", by=world.staff, based_on=1)
    with pytest.raises(ValidationError, match="Version 2 was published"):
        services.scope_publish(body=world.body, text="mine", by=world.facilitator, based_on=1)
    assert world.body.scope_versions.count() == 2


def test_unchanged_or_empty_scope_is_refused(world):
    services.scope_publish(body=world.body, text="same", by=world.staff)
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.scope_publish(body=world.body, text="same\r\n", by=world.staff, based_on=1)
    with pytest.raises(ValidationError, match="empty"):
        services.scope_publish(body=world.body, text="   ", by=world.staff, based_on=1)


def test_member_who_leaves_keeps_their_history(world):
    person = PersonFactory(collective=world.national)
    seat = services.membership_add(body=world.body, person=person, role="member")
    services.membership_end(membership=seat)
    current, former = body_members(world.body)
    assert seat not in current
    assert seat in former
    # and may join again later
    services.membership_add(body=world.body, person=person, role="observer")


def test_a_person_cannot_hold_two_open_seats(world):
    with pytest.raises(ValidationError, match="already holds a seat"):
        services.membership_add(body=world.body, person=world.facilitator.person, role="member")


def test_person_of_an_unrelated_collective_cannot_join(world):
    stranger = PersonFactory(collective=world.elsewhere)
    with pytest.raises(ValidationError):
        services.membership_add(body=world.body, person=stranger, role="member")


def test_facilitator_publishes_through_the_page_and_sees_the_comparison(client, world):
    services.scope_publish(body=world.body, text="Purpose\n- A", by=world.staff)
    client.force_login(world.facilitator)
    url = reverse("scope_edit", kwargs={"slug": "nation", "pk": world.body.pk})
    response = client.post(url, {"text": "Purpose\n- B", "change_note": "B not A", "based_on": 1})
    assert response.status_code == 302
    page = client.get(reverse("scope_versions", kwargs={"slug": "nation", "pk": world.body.pk}))
    html = page.content.decode()
    assert "- <del>A</del>" in html  # the changed word, not the whole line
    assert "- <ins>B</ins>" in html
    assert "B not A" in html


def test_stale_edit_through_the_page_shows_a_field_error(client, world):
    services.scope_publish(body=world.body, text="v1", by=world.staff)
    services.scope_publish(body=world.body, text="v2", by=world.staff, based_on=1)
    client.force_login(world.facilitator)
    url = reverse("scope_edit", kwargs={"slug": "nation", "pk": world.body.pk})
    response = client.post(url, {"text": "mine", "based_on": 1})
    assert response.status_code == 200
    assert "Version 2 was published while you were editing version 1" in response.content.decode()
    assert world.body.scope_versions.count() == 2


def test_api_scope_publish_refuses_non_facilitators(client, world):
    import json

    from backbone.accounts.services import api_token_create

    _t, raw = api_token_create(user=world.reporter_a, name="t")
    response = client.post(
        f"/api/collectives/nation/bodies/{world.body.pk}/scope",
        data=json.dumps({"text": "x", "based_on": 0}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert world.body.scope_versions.count() == 0
