"""The organizations' strengths: the shipped vocabulary and a collective's own kinds, who may
set an organization's strengths, the matrix page and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from backbone.agenda import selectors, services
from backbone.agenda.models import OrganizationStrength, StrengthKind
from backbone.network.services import affiliation_start
from backbone.testing import OrganizationFactory, count_queries


def kind(key: str) -> StrengthKind:
    return StrengthKind.objects.get(collective=None, key=key)


def test_the_default_vocabulary_ships_in_three_languages(db):
    legal = kind("legal-aid")
    assert (legal.name_en, legal.name_uk) == ("Legal aid", "Правова допомога")
    assert legal.name_he
    assert StrengthKind.objects.filter(collective=None).count() == 10


def test_staff_add_a_kind_the_oblast_inherits_and_another_collective_does_not(world):
    added = services.strength_kind_add(
        collective=world.national, name="Mobile  teams", by=world.staff
    )
    assert (added.key, added.name) == ("mobile-teams", "Mobile teams")
    assert added in StrengthKind.objects.for_collective(world.oblast)
    assert added not in StrengthKind.objects.for_collective(world.elsewhere)


@pytest.mark.parametrize(
    ("name", "message"), [("  ", "Name the kind"), ("legal AID", "in the vocabulary already")]
)
def test_an_empty_or_known_kind_is_refused(world, name, message):
    with pytest.raises(ValidationError, match=message):
        services.strength_kind_add(collective=world.national, name=name, by=world.staff)
    assert not StrengthKind.objects.filter(collective=world.national).exists()


def test_steering_cannot_extend_the_vocabulary(world):
    with pytest.raises(PermissionDenied):
        services.strength_kind_add(collective=world.national, name="Housing", by=world.steering)


def test_staff_set_strengths_and_leaving_one_out_takes_it_off(world):
    legal, funding = kind("legal-aid"), kind("funding")
    services.organization_strengths_set(
        organization=world.org_a,
        strengths={legal.pk: " Free  lawyers in Lviv ", funding.pk: ""},
        by=world.staff,
    )
    held = {s.kind.key: s.note for s in world.org_a.strengths.all()}
    assert held == {"legal-aid": "Free lawyers in Lviv", "funding": ""}
    services.organization_strengths_set(
        organization=world.org_a, strengths={funding.pk: "Small grants"}, by=world.staff
    )
    assert [(s.kind.key, s.note) for s in world.org_a.strengths.all()] == [
        ("funding", "Small grants")
    ]
    assert OrganizationStrength.history.filter(history_type="-").count() == 1


def test_a_person_speaking_for_the_organization_sets_its_strengths_not_anothers(world):
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    legal = kind("legal-aid")
    services.organization_strengths_set(
        organization=world.org_a, strengths={legal.pk: ""}, by=world.reporter_a
    )
    other = OrganizationFactory(collective=world.national, name="Organization C")
    with pytest.raises(PermissionDenied):
        services.organization_strengths_set(
            organization=other, strengths={legal.pk: ""}, by=world.reporter_a
        )
    assert not other.strengths.exists()


@pytest.mark.parametrize("persona", ["reporter_a", "reporter_b", "community", "outsider"])
def test_others_cannot_set_an_organizations_strengths(world, persona):
    with pytest.raises(PermissionDenied):
        services.organization_strengths_set(
            organization=world.org_a,
            strengths={kind("legal-aid").pk: ""},
            by=world.persona(persona),
        )
    assert not OrganizationStrength.objects.exists()


def test_a_kind_of_another_collective_or_a_long_note_is_refused(world):
    theirs = services.strength_kind_add(collective=world.elsewhere, name="Ferries", by=world.admin)
    with pytest.raises(ValidationError, match="not in this collective's vocabulary"):
        services.organization_strengths_set(
            organization=world.org_a, strengths={theirs.pk: ""}, by=world.staff
        )
    with pytest.raises(ValidationError, match="under 300 characters"):
        services.organization_strengths_set(
            organization=world.org_a, strengths={kind("funding").pk: "x" * 301}, by=world.staff
        )
    assert not OrganizationStrength.objects.exists()


def test_the_selector_gives_every_organization_of_the_tree_in_fixed_queries(world):
    services.organization_strengths_set(
        organization=world.org_b, strengths={kind("training").pk: "Foster carers"}, by=world.staff
    )
    matrix = selectors.strengths_by_organization(world.national)
    rows = {r.organization: r for r in matrix.rows}
    assert set(rows) == {world.org_a, world.org_b}
    assert rows[world.org_b].by_kind[kind("training").pk].note == "Foster carers"
    assert rows[world.org_a].strengths == []
    assert [r.organization for r in selectors.strengths_by_organization(world.oblast).rows] == [
        world.org_b
    ]
    for n in range(5):
        organization = OrganizationFactory(collective=world.national, name=f"More {n}")
        services.organization_strengths_set(
            organization=organization, strengths={kind("funding").pk: ""}, by=world.staff
        )
    world.national.forget_tree()
    with count_queries() as counted:
        matrix = selectors.strengths_by_organization(world.national)
        [s.kind.name for r in matrix.rows for s in r.strengths]
    assert len(counted) <= 4


def test_members_read_the_matrix_and_only_editors_see_edit(client, world):
    services.organization_strengths_set(
        organization=world.org_a,
        strengths={kind("advocacy").pk: "National campaigns"},
        by=world.staff,
    )
    url = reverse("agenda_strengths", args=["nation"])
    client.force_login(world.community)
    page = client.get(url).content.decode()
    assert "National campaigns" in page and "Advocacy" in page
    assert f"?edit={world.org_a.pk}" not in page and "Add a kind of strength" not in page
    client.force_login(world.staff)
    page = client.get(url).content.decode()
    assert f"?edit={world.org_a.pk}" in page and "Add a kind of strength" in page


def test_a_speaker_edits_their_organization_from_the_page(client, world):
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    client.force_login(world.reporter_a)
    url = reverse("agenda_strengths", args=["nation"])
    page = client.get(url).content.decode()
    assert f"?edit={world.org_a.pk}" in page and f"?edit={world.org_b.pk}" not in page
    form = client.get(f"{url}?edit={world.org_a.pk}").content.decode()
    assert "Strengths of Organization A" in form
    legal = kind("legal-aid")
    response = client.post(
        reverse("agenda_strengths_edit", args=["nation", world.org_a.pk]),
        {"kind": [str(legal.pk)], f"note-{legal.pk}": "Two lawyers"},
    )
    assert response.status_code == 302
    assert [(s.kind, s.note) for s in world.org_a.strengths.all()] == [(legal, "Two lawyers")]
    response = client.post(
        reverse("agenda_strengths_edit", args=["nation", world.org_b.pk]), {"kind": [str(legal.pk)]}
    )
    assert response.status_code == 403
    assert not world.org_b.strengths.exists()


def test_a_tampered_form_is_refused_with_a_message(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("agenda_strengths_edit", args=["nation", world.org_a.pk]),
        {"kind": ["legal"]},
        follow=True,
    )
    assert "The form was changed" in response.content.decode()
    assert not OrganizationStrength.objects.exists()


def test_another_collectives_organization_is_not_found(client, world):
    other = OrganizationFactory(collective=world.elsewhere, name="Far away")
    client.force_login(world.staff)
    response = client.post(
        reverse("agenda_strengths_edit", args=["nation", other.pk]),
        {"kind": [str(kind("funding").pk)]},
    )
    assert response.status_code == 404


def test_staff_add_a_kind_from_the_page(client, world):
    client.force_login(world.staff)
    url = reverse("agenda_strength_kind_add", args=["nation"])
    client.post(url, {"name": "Housing"})
    assert StrengthKind.objects.filter(collective=world.national, name="Housing").exists()
    response = client.post(url, {"name": "Housing"}, follow=True)
    assert "in the vocabulary already" in response.content.decode()
    client.force_login(world.steering)
    assert client.post(url, {"name": "Transport"}).status_code == 403


def test_the_api_gives_each_organizations_strengths(client, world):
    from backbone.accounts.services import api_token_create

    services.organization_strengths_set(
        organization=world.org_a, strengths={kind("funding").pk: "Grants"}, by=world.staff
    )
    _token, raw = api_token_create(user=world.community, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    rows = client.get("/api/collectives/nation/agenda/strengths", **auth).json()
    found = {r["organization"]: r["strengths"] for r in rows}
    assert found["Organization A"] == [{"key": "funding", "name": "Funding", "note": "Grants"}]
    assert found["Organization B"] == []
    _token, raw = api_token_create(user=world.outsider, name="o")
    response = client.get(
        "/api/collectives/nation/agenda/strengths", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code in (403, 404)


def test_the_page_reads_in_queries_that_do_not_grow_with_the_organizations(client, world):
    from backbone.testing import queries_at_two_sizes

    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    client.force_login(world.reporter_a)
    url = reverse("agenda_strengths", args=["nation"])
    made = []

    def grow(n):
        for _ in range(n):
            organization = OrganizationFactory(collective=world.national, name=f"Org {len(made)}")
            made.append(organization)
            services.organization_strengths_set(
                organization=organization, strengths={kind("funding").pk: "x"}, by=world.staff
            )

    small, large = queries_at_two_sizes(lambda: client.get(url), grow)
    assert small == large


def test_an_outsider_cannot_read_the_strengths(client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("agenda_strengths", args=["nation"])).status_code == 403


def test_the_organizations_are_in_the_order_of_the_names_the_reader_sees(world):
    from django.utils import translation

    OrganizationFactory(collective=world.national, name="Aardvark Aid")
    with translation.override("he"):
        names = [
            r.organization.name for r in selectors.strengths_by_organization(world.national).rows
        ]
    assert names == ["Aardvark Aid", "Organization A", "Organization B"]
