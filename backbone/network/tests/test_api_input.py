"""What the API does with input it cannot store: a null where a field holds text or a choice, a
body its schema refuses, a control character; and what it says when something unexpected
breaks. Every refusal is a 422 naming the field, in the one error shape the API documents."""

import json

import pytest
from django.urls import reverse

from backbone.accounts.tests.test_http_access import api_headers, client_for
from backbone.network.models import Organization, Person


def _patch(world, persona, url, body):
    return client_for(world, "anonymous").patch(
        url, data=json.dumps(body), content_type="application/json", **api_headers(world, persona)
    )


def _post(world, persona, url, body):
    return client_for(world, "anonymous").post(
        url, data=json.dumps(body), content_type="application/json", **api_headers(world, persona)
    )


def _org_url(world):
    return f"/api/collectives/nation/organizations/{world.org_a.pk}"


def _person_url(world, persona="community"):
    return f"/api/collectives/nation/people/{world.persona(persona).person.pk}"


ORGANIZATION_FIELDS = ["name", "phone", "names", "kind", "sectors", "places_served",
                       "non_traditional", "website", "email"]  # fmt: skip
PERSON_FIELDS = ["name", "name_latin", "phone", "email", "languages", "lived_experience",
                 "contact_visibility"]  # fmt: skip


@pytest.mark.parametrize("field", ORGANIZATION_FIELDS)
def test_patch_organization_with_null_is_refused_naming_the_field(world, field):
    response = _patch(world, "staff", _org_url(world), {field: None})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert list(body["errors"]) == [field]
    assert Organization.objects.get(pk=world.org_a.pk).name == "Organization A"


@pytest.mark.parametrize("field", PERSON_FIELDS)
def test_patch_own_profile_with_null_is_refused_naming_the_field(world, field):
    before = Person.objects.get(user=world.community)
    response = _patch(world, "community", _person_url(world), {field: None})
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [field]
    after = Person.objects.get(user=world.community)
    assert (after.name, after.phone, after.contact_visibility) == (
        before.name,
        before.phone,
        before.contact_visibility,
    )


def test_patch_resources_tier_null_still_clears_it(world):
    response = _patch(world, "staff", _org_url(world), {"resources_tier": None})
    assert response.status_code == 200, response.content
    assert response.json()["resources_tier"] == ""


def test_patch_leaving_fields_out_changes_only_those_given(world):
    response = _patch(world, "community", _person_url(world), {"phone": "+380 44 000 00 00"})
    assert response.status_code == 200, response.content
    person = Person.objects.get(user=world.community)
    assert person.phone == "+380 44 000 00 00"
    assert person.name == "Person of community"


def test_empty_submission_body_is_refused_in_the_documented_shape(world):
    response = _post(world, "reporter_a", "/api/collectives/nation/submissions", {})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"organization_id", "values"}
    assert all(isinstance(m, str) for msgs in body["errors"].values() for m in msgs)


def test_nested_field_errors_name_their_place_in_the_list(world):
    body = {"organization_id": world.org_a.pk, "values": [{"indicator": "x"}]}
    response = _post(world, "reporter_a", "/api/collectives/nation/submissions", body)
    assert response.status_code == 422
    assert {"values.0.place", "values.0.period", "values.0.value"} <= set(response.json()["errors"])


def test_a_malformed_path_parameter_is_refused_naming_it(world):
    response = client_for(world, "staff").get("/api/collectives/nation/organizations/abc")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["pk"]


def test_unexpected_error_is_a_json_500_without_traceback(world, settings, monkeypatch, caplog):
    settings.DEBUG = True

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("backbone.network.services.organization_update", broken)
    response = _patch(world, "staff", _org_url(world), {"phone": "1"})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Server error."}
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content
    assert "secret internals" in caplog.text  # logged for whoever runs the server


# Control characters ------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\n", "\t"])
def test_api_refuses_a_name_with_a_control_character(world, char):
    response = _patch(world, "staff", _org_url(world), {"name": f"Hope{char}Foundation"})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert list(errors) == ["name"]
    assert f"U+{ord(char):04X}" in errors["name"][0]
    assert Organization.objects.get(pk=world.org_a.pk).name == "Organization A"


def test_api_refuses_control_characters_inside_names_by_language(world):
    response = _patch(world, "staff", _org_url(world), {"names": {"uk": "Фонд\x00"}})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["names"]


def test_api_refuses_a_control_character_in_a_new_organization(world):
    body = {"name": "New\x00org", "kind": "ngo"}
    response = _post(world, "staff", "/api/collectives/nation/organizations", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert not Organization.objects.filter(name__startswith="New").exists()


def test_api_refuses_a_control_character_in_a_search(world):
    response = client_for(world, "staff").get("/api/collectives/nation/people", {"q": "a\x00"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["q"]


def test_api_keeps_line_breaks_where_text_has_several_lines(world):
    # A scope of work is a text of several lines; a NUL in it is refused all the same.
    url = f"/api/collectives/nation/bodies/{world.body.pk}/scope"
    good = _post(world, "staff", url, {"text": "First\nsecond\tline", "based_on": 0})
    assert good.status_code == 201, good.content
    assert world.body.current_scope().text == "First\nsecond\tline"
    bad = _post(world, "staff", url, {"text": "First\x00", "based_on": 0})
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["text"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x08"])
def test_form_refuses_a_name_with_a_control_character_beside_the_field(world, char):
    person = world.community.person
    url = reverse("person_edit", args=["nation", person.pk])
    data = {"name": f"Oksana{char}", "contact_visibility": "bodies", "email": "", "phone": ""}
    response = client_for(world, "community").post(url, data)
    assert response.status_code == 200  # the form again, not a redirect
    form = response.context["form"]
    assert list(form.errors) == ["name"]
    if char != "\x00":  # Django's own check says "Null characters are not allowed."
        assert f"U+{ord(char):04X}" in form.errors["name"][0]
    assert Person.objects.get(pk=person.pk).name == "Person of community"


def test_form_refuses_a_control_character_in_an_organization_name(world):
    url = reverse("organization_edit", args=["nation", world.org_a.pk])
    response = client_for(world, "staff").post(url, {"name_en": "Org\x1bA", "kind": "ngo"})
    assert response.status_code == 200
    assert "name_en" in response.context["form"].errors
    assert Organization.objects.get(pk=world.org_a.pk).name == "Organization A"


def test_openapi_documents_the_error_answers_of_every_operation(client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["InvalidOut"]["required"]) == {"detail", "errors"}
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) >= 20
    for operation in operations:
        documented = operation["responses"]
        assert {"401", "403", "404", "422"} <= set(documented), operation["operationId"]
        for code in ("401", "403", "404"):
            ref = documented[code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut")


def test_a_body_that_is_not_json_is_a_documented_400(world, client):
    response = client_for(world, "anonymous").patch(
        _org_url(world),
        data=b"\x08",
        content_type="application/json",
        **api_headers(world, "staff"),
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/collectives/{slug}/organizations/{pk}"]["patch"]
    assert "400" in operation["responses"]


def test_a_control_character_in_a_path_parameter_is_refused(world):
    response = client_for(world, "staff").get("/api/collectives/na%00tion/organizations")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["slug"]
