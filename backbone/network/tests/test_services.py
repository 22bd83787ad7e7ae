import pytest
from django.core.exceptions import ValidationError

from backbone.network import services
from backbone.network.models import Organization
from backbone.testing import CollectiveFactory, OrganizationFactory, PersonFactory


@pytest.fixture
def collective(db):
    return CollectiveFactory(slug="nation")


def test_duplicate_name_is_refused_naming_the_existing_one(collective):
    services.organization_create(collective=collective, name="Фонд «Надія»", kind="ngo")
    with pytest.raises(ValidationError) as error:
        services.organization_create(collective=collective, name="  фонд   «НАДІЯ» ", kind="ngo")
    assert "Фонд «Надія»" in error.value.message_dict["name"][0]
    assert Organization.objects.count() == 1


def test_same_name_is_allowed_in_another_collective(collective):
    other = CollectiveFactory(slug="other")
    services.organization_create(collective=collective, name="Hope", kind="ngo")
    services.organization_create(collective=other, name="Hope", kind="ngo")
    assert Organization.objects.filter(name="Hope").count() == 2


def test_renaming_onto_an_existing_name_is_refused_and_nothing_changes(collective):
    services.organization_create(collective=collective, name="Alpha", kind="ngo")
    beta = services.organization_create(collective=collective, name="Beta", kind="ngo")
    with pytest.raises(ValidationError):
        services.organization_update(organization=beta, name="ALPHA", phone="123")
    beta.refresh_from_db()
    assert (beta.name, beta.phone) == ("Beta", "")


def test_unknown_sector_is_refused_and_nothing_is_saved(collective):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            collective=collective, name="Gamma", kind="ngo", sectors=["astrology"]
        )
    assert "astrology" in str(error.value)
    assert not Organization.objects.filter(name="Gamma").exists()


def test_deleting_an_organization_with_history_is_refused_with_explanation(collective):
    org = OrganizationFactory(collective=collective)
    person = PersonFactory(collective=collective)
    services.affiliation_start(person=person, organization=org, title="Director")
    with pytest.raises(ValidationError) as error:
        services.organization_delete(organization=org)
    assert "Archive it instead" in error.value.messages[0]
    assert Organization.objects.filter(pk=org.pk).exists()


def test_deleting_a_person_with_seats_is_refused(world):
    with pytest.raises(ValidationError):
        services.person_delete(person=world.facilitator.person)
    world.facilitator.person.refresh_from_db()


def test_an_organization_without_history_can_be_deleted(collective):
    org = OrganizationFactory(collective=collective)
    services.organization_delete(organization=org)
    assert not Organization.objects.filter(pk=org.pk).exists()


def test_archived_organization_leaves_the_directory_and_keeps_its_record(collective):
    from backbone.network.selectors import organization_directory

    org = OrganizationFactory(collective=collective)
    services.organization_archive(organization=org)
    assert org not in organization_directory(collective=collective)
    assert org in organization_directory(collective=collective, archived=True)


def test_ended_affiliation_keeps_history_and_allows_a_new_one(collective):
    org = OrganizationFactory(collective=collective)
    person = PersonFactory(collective=collective)
    first = services.affiliation_start(person=person, organization=org, title="Intern")
    services.affiliation_end(affiliation=first)
    services.affiliation_start(person=person, organization=org, title="Director")
    assert person.affiliations.count() == 2


def test_organization_directory_search_and_filters(collective):
    from backbone.network.selectors import organization_directory

    services.organization_create(
        collective=collective,
        names={"uk": "Пекарня «Хліб»", "en": "Khlib Bakery"},
        kind="private",
        non_traditional=True,
        sectors=["livelihoods"],
    )
    services.organization_create(collective=collective, name="Other", kind="ngo")
    assert [o.name_en for o in organization_directory(collective=collective, q="bakery")] == [
        "Khlib Bakery"
    ]
    assert len(organization_directory(collective=collective, q="хліб")) == 1
    assert len(organization_directory(collective=collective, non_traditional=True)) == 1
    assert len(organization_directory(collective=collective, sector="livelihoods")) == 1
    assert len(organization_directory(collective=collective, kind="ngo")) == 1


def test_directory_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for i in range(30):
        services.organization_create(
            collective=world.national, name=f"Org {i}", kind="ngo", sectors=["health"]
        )
    client.force_login(world.staff)
    with django_assert_max_num_queries(15):
        response = client.get("/c/nation/organizations/")
    assert response.status_code == 200
    assert "Org 29" in response.content.decode()
