"""Content names per language: shown in the reader's language with the stated fallback,
kept in history, unique in every language, entered through the form and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from backbone.accounts.services import api_token_create
from backbone.communication.models import Notification
from backbone.events.services import record
from backbone.events.testing import run_worker
from backbone.lib.translation import translations
from backbone.network import services
from backbone.network.models import Organization
from backbone.network.selectors import organization_directory, people_directory
from backbone.testing import PersonFactory


def _org(collective, **names):
    return services.organization_create(collective=collective, kind="ngo", names=names)


@pytest.mark.django_db
def test_an_organization_is_named_in_the_readers_language_else_english_else_ukrainian(world):
    both = _org(world.national, uk="Фонд «Надія»", en="Hope Foundation")
    only_uk = _org(world.national, uk="Клуб «Світанок»")
    for language, expected in [
        ("uk", ("Фонд «Надія»", "Клуб «Світанок»")),
        ("en", ("Hope Foundation", "Клуб «Світанок»")),
        ("he", ("Hope Foundation", "Клуб «Світанок»")),  # no Hebrew name: English, then Ukrainian
    ]:
        with translation.override(language):
            shown = [Organization.objects.get(pk=o.pk).name for o in (both, only_uk)]
        assert tuple(shown) == expected, language


@pytest.mark.django_db
def test_history_keeps_every_languages_name(world):
    org = _org(world.national, uk="Фонд «Надія»", en="Hope Foundation")
    services.organization_update(organization=org, names={"uk": "Фонд «Нова надія»"})
    versions = [(h.name_en, h.name_uk) for h in org.history.order_by("history_date")]
    assert versions == [
        ("Hope Foundation", "Фонд «Надія»"),
        ("Hope Foundation", "Фонд «Нова надія»"),
    ]


@pytest.mark.django_db
def test_a_name_taken_in_any_language_is_refused_and_empty_names_do_not_clash(world):
    _org(world.national, uk="Фонд «Надія»")
    _org(world.national, uk="Клуб «Світанок»")  # neither has an English or Hebrew name
    with pytest.raises(ValidationError, match="already exists"):
        _org(world.national, en="  фонд  «надія» ")


@pytest.mark.django_db
def test_staff_enter_each_languages_name_in_the_form(world, client):
    client.force_login(world.staff)
    url = reverse("organization_create", args=[world.national.slug])
    response = client.post(
        url,
        {"name_en": "Sunrise Club", "name_uk": "Клуб «Світанок»", "name_he": "מועדון זריחה"},
    )
    assert response.status_code == 200  # the kind is missing: the form comes back
    assert "name_uk" in response.context["form"].fields
    client.post(url, {"name_en": "Sunrise Club", "name_uk": "Клуб «Світанок»", "kind": "cbo"})
    created = Organization.objects.get(name_en="Sunrise Club")
    assert translations(created, "name") == {
        "en": "Sunrise Club",
        "uk": "Клуб «Світанок»",
        "he": "",
    }


@pytest.mark.django_db
def test_the_api_returns_the_name_in_the_readers_language_and_every_languages(world):
    org = _org(world.national, uk="Фонд «Надія»", en="Hope Foundation")
    _token, raw = api_token_create(user=world.staff, name="test")
    url = f"/api/collectives/{world.national.slug}/organizations/{org.pk}"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = Client().get(url, HTTP_ACCEPT_LANGUAGE="uk", **headers).json()
    assert body["name"] == "Фонд «Надія»"
    assert body["names"] == {"en": "Hope Foundation", "uk": "Фонд «Надія»", "he": ""}
    created = Client().post(
        f"/api/collectives/{world.national.slug}/organizations",
        {"names": {"uk": "Клуб «Світанок»", "he": "מועדון זריחה"}, "kind": "cbo"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["names"]["he"] == "מועדון זריחה"


@pytest.mark.django_db
def test_a_notification_names_the_organization_in_each_readers_language(world):
    org = _org(world.national, uk="Фонд «Надія»", en="Hope Foundation")
    world.staff.language = "uk"
    world.staff.save(update_fields=["language"])
    world.facilitator.language = "en"
    world.facilitator.save(update_fields=["language"])
    with transaction.atomic():
        record(
            "test.told",
            audience=[world.staff, world.facilitator],
            message="%(org)s submitted %(n)s values for review (submission #%(pk)s).",
            params={"org": translations(org, "name"), "n": 3, "pk": 1},
        )
    run_worker()
    by_user = {n.user_id: n for n in Notification.objects.all()}
    assert "Фонд «Надія»" in by_user[world.staff.pk].text
    assert "Hope Foundation" in by_user[world.facilitator.pk].text
    with translation.override("uk"):
        assert "Фонд «Надія»" in by_user[world.facilitator.pk].shown


@pytest.mark.django_db
def test_directories_follow_the_readers_alphabet(world):
    for name in ["Євген Шевчук", "Іван Бойко", "Андрій Мельник", "Ґанна Кравець"]:
        PersonFactory(collective=world.national, name=name)
    _org(world.national, uk="Єдність")
    _org(world.national, uk="Алфавіт")
    with translation.override("uk"):
        people = [p.name for p in people_directory(collective=world.national)]
        orgs = [o.name for o in organization_directory(collective=world.national)]
    ours = [n for n in people if n.split()[0] in {"Євген", "Іван", "Андрій", "Ґанна"}]
    assert ours == ["Андрій Мельник", "Ґанна Кравець", "Євген Шевчук", "Іван Бойко"]
    assert orgs.index("Алфавіт") < orgs.index("Єдність")
