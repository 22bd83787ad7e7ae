"""The agenda editor: drafts (save, publish, discard, stale) and the structured form (keys
kept and made, rows removed and added, the service's errors shown with the input kept)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backbone.agenda import services
from backbone.agenda.models import AgendaDraft, AgendaVersion
from backbone.agenda.tests.test_agenda import content
from backbone.documents.services import StaleVersionError
from backbone.measurement.testing import build_measure

EDIT = reverse("agenda_edit", args=["nation"])


@pytest.fixture
def v1(world):
    build_measure(world)
    return services.agenda_publish(
        collective=world.national, content=content(world), by=world.staff, based_on=0
    )


def form_data(client) -> dict:
    """What the editor's form posts when nothing is changed in it."""
    editor = client.get(EDIT).context["editor"]
    forms = [editor.form]
    for formset in editor.sets.values():
        forms += [formset.management_form, *formset.forms]
    data: dict = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


# Services


def test_saving_a_draft_publishes_nothing(world, v1):
    draft = services.agenda_draft_save(
        collective=world.national, content=content(world, vision="B"), based_on=1, by=world.staff
    )
    assert draft.content["vision"] == "B" and draft.based_on == 1
    assert draft.updated_by == world.staff
    assert AgendaVersion.objects.count() == 1


def test_a_draft_keeps_the_version_it_was_started_from(world, v1):
    services.agenda_draft_save(
        collective=world.national, content=content(world, vision="B"), based_on=1, by=world.staff
    )
    draft = services.agenda_draft_save(
        collective=world.national,
        content=content(world, vision="C"),
        based_on=7,
        by=world.steering,
    )
    assert draft.based_on == 1 and draft.content["vision"] == "C"
    assert AgendaDraft.objects.count() == 1


def test_an_invalid_draft_is_refused_and_nothing_saved(world, v1):
    bad = content(world, vision="B")
    bad["goals"][0]["indicators"] = ["nope"]
    with pytest.raises(ValidationError, match="no indicator"):
        services.agenda_draft_save(
            collective=world.national, content=bad, based_on=1, by=world.staff
        )
    assert not AgendaDraft.objects.exists()


def test_publishing_the_draft_makes_a_version_and_clears_the_draft(world, v1):
    services.agenda_draft_save(
        collective=world.national, content=content(world, vision="B"), based_on=1, by=world.staff
    )
    version = services.agenda_draft_publish(
        collective=world.national, by=world.steering, change_note="New vision"
    )
    assert (version.number, version.vision, version.change_note) == (2, "B", "New vision")
    assert version.published_by == world.steering
    assert not AgendaDraft.objects.exists()


def test_a_stale_draft_is_refused_and_kept(world, v1):
    services.agenda_draft_save(
        collective=world.national, content=content(world, vision="B"), based_on=1, by=world.staff
    )
    services.agenda_publish(
        collective=world.national, content=content(world, vision="C"), by=world.steering, based_on=1
    )
    with pytest.raises(StaleVersionError, match="Version 2 was published"):
        services.agenda_draft_publish(collective=world.national, by=world.staff)
    assert AgendaVersion.objects.count() == 2
    assert AgendaDraft.objects.get().content["vision"] == "B"


def test_discarding_the_draft_leaves_the_versions(world, v1):
    services.agenda_draft_save(
        collective=world.national, content=content(world, vision="B"), based_on=1, by=world.staff
    )
    services.agenda_draft_discard(collective=world.national, by=world.staff)
    assert not AgendaDraft.objects.exists()
    assert AgendaVersion.objects.count() == 1
    with pytest.raises(ValidationError, match="no draft to discard"):
        services.agenda_draft_discard(collective=world.national, by=world.staff)


def test_new_keys_are_slugs_of_the_title_made_unique():
    taken = {"more-foster-families"}
    assert services.new_key("More foster families", taken, fallback="goal") == (
        "more-foster-families-2"
    )
    assert services.new_key("Більше сімей", taken, fallback="goal") == "більше-сімей"
    assert services.new_key("!!!", taken, fallback="goal") == "goal"
    assert {"more-foster-families-2", "більше-сімей", "goal"} <= taken


# The editor's page


def test_the_editor_shows_no_json(client, world, v1):
    client.force_login(world.steering)
    page = client.get(EDIT).content.decode()
    assert "(JSON)" not in page
    assert 'name="goals-0-title"' in page and 'value="Fewer children in care"' in page
    assert 'name="risks-0-threatens"' in page


def test_saving_from_the_editor_keeps_a_draft_and_publishes_nothing(client, world, v1):
    client.force_login(world.steering)
    data = {**form_data(client), "vision": "A new vision", "action": "save"}
    response = client.post(EDIT, data)
    assert response.status_code == 302
    draft = AgendaDraft.objects.get()
    assert draft.content["vision"] == "A new vision" and draft.based_on == 1
    assert draft.content["goals"] == v1.goals  # untouched items are saved as they were
    assert draft.content["risks"] == v1.risks
    assert AgendaVersion.objects.count() == 1
    page = client.get(EDIT).content.decode()
    assert "A new vision" in page and "Draft based on version 1" in page


def test_publishing_from_the_editor_adds_removes_and_keeps_keys(client, world, v1):
    client.force_login(world.steering)
    data = form_data(client)
    data.update(
        {
            "action": "publish",
            "change_note": "A goal on kinship care",
            "goals-2-title": "Fewer children in care",  # a new goal titled as an old one
            "goals-2-horizon": "short",
            "assumptions-1-DELETE": "on",
            "risks-0-threatens": "goal:g1",
        }
    )
    response = client.post(EDIT, data)
    assert response.status_code == 302, response.context["editor"].errors
    version = AgendaVersion.objects.get(number=2)
    assert [g["key"] for g in version.goals] == ["g1", "g2", "fewer-children-in-care"]
    assert version.goals[2] == {
        "key": "fewer-children-in-care",
        "title": "Fewer children in care",
        "horizon": "short",
        "target_date": "",
        "indicators": [],
    }
    assert [a["key"] for a in version.assumptions] == ["a1"]
    assert version.risks[0]["threatens"] == {"kind": "goal", "key": "g1"}
    assert version.change_note == "A goal on kinship care"
    assert not AgendaDraft.objects.exists()


def test_an_error_is_shown_by_its_section_and_the_input_kept(client, world, v1):
    client.force_login(world.steering)
    data = {**form_data(client), "vision": "Kept vision", "action": "publish"}
    data["goals-1-DELETE"] = "on"  # strategy s1 serves goal g2
    response = client.post(EDIT, data)
    assert response.status_code == 200
    assert response.context["editor"].errors == {"strategies": ["s1: there is no goal “g2”."]}
    page = response.content.decode()
    strategies = page[page.index('id="strategies-heading"') :]
    assert "there is no goal" in strategies[: strategies.index("</h2>") + 200]
    assert "Kept vision" in page
    assert not AgendaDraft.objects.exists()
    assert AgendaVersion.objects.count() == 1


def test_a_new_row_without_a_title_is_refused(client, world, v1):
    client.force_login(world.steering)
    data = {**form_data(client), "goals-2-horizon": "long", "action": "save"}
    response = client.post(EDIT, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not AgendaDraft.objects.exists()


def test_publishing_after_someone_else_did_says_so_and_keeps_the_draft(client, world, v1):
    client.force_login(world.steering)
    data = {**form_data(client), "vision": "Mine", "action": "save"}
    client.post(EDIT, data)
    services.agenda_publish(
        collective=world.national,
        content=content(world, vision="Theirs"),
        by=world.staff,
        based_on=1,
    )
    data = {**form_data(client), "action": "publish"}
    response = client.post(EDIT, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Version 2 was published while you were editing version 1" in page
    assert AgendaDraft.objects.get().content["vision"] == "Mine"
    assert AgendaVersion.objects.count() == 2


def test_a_tampered_version_number_is_refused(client, world, v1):
    client.force_login(world.steering)
    data = {**form_data(client), "based_on": "one", "action": "save"}
    response = client.post(EDIT, data)
    assert response.status_code == 200
    assert "The form was changed" in response.content.decode()
    assert not AgendaDraft.objects.exists()


def test_discarding_from_the_page(client, world, v1):
    client.force_login(world.steering)
    client.post(EDIT, {**form_data(client), "vision": "Mine", "action": "save"})
    page = client.get(reverse("agenda_detail", args=["nation"])).content.decode()
    assert "Continue the draft" in page
    response = client.post(reverse("agenda_draft_discard", args=["nation"]))
    assert response.status_code == 302
    assert not AgendaDraft.objects.exists()


@pytest.mark.parametrize("persona", ["reporter_a", "community", "outsider"])
def test_only_staff_and_steering_may_edit(client, world, v1, persona):
    services.agenda_draft_save(
        collective=world.national, content=content(world, vision="B"), based_on=1, by=world.staff
    )
    client.force_login(world.persona(persona))
    assert client.get(EDIT).status_code in (403, 404)
    assert client.post(EDIT, {"vision": "X", "action": "publish"}).status_code in (403, 404)
    discard = reverse("agenda_draft_discard", args=["nation"])
    assert client.post(discard).status_code in (403, 404)
    assert AgendaDraft.objects.get().content["vision"] == "B"
    assert AgendaVersion.objects.count() == 1
