import pytest

from backbone.readiness import selectors, services
from backbone.readiness.models import Instrument, InstrumentVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(world):
    return services.instrument_copy(collective=world.national, key="preconditions", by=world.staff)


def _form(version, **changes):
    """The edit form's POST as the page sends it, unchanged but for `changes`."""
    data = {"based_on": version.number, "change_note": "Reworded", "new_condition": ""}
    for c in version.conditions:
        data[f"c-{c['key']}"] = c["title"]
    for s in version.statements:
        data[f"s-{s['key']}"] = s["text"]
        data[f"s-{s['key']}-condition"] = s["condition"]
    for i in range(3):
        data[f"n-{i}"] = ""
        data[f"n-{i}-condition"] = ""
    return {**data, **changes}


def test_staff_copies_a_shipped_instrument_once(client, world):
    client.force_login(world.staff)
    url = "/c/nation/readiness/instruments/copy/"
    answer = client.post(url, {"key": "collaboration"})
    made = Instrument.objects.get(collective=world.national)
    assert answer.url == f"/c/nation/readiness/instruments/{made.pk}/"
    assert made.current_version().number == 1
    again = client.post(url, {"key": "collaboration"}, follow=True)
    assert "already has an instrument" in again.content.decode()
    assert Instrument.objects.count() == 1


def test_the_page_lists_conditions_with_their_statements(client, world, instrument):
    client.force_login(world.community)
    page = client.get(f"/c/nation/readiness/instruments/{instrument.pk}/").content.decode()
    assert "Influential champions" in page
    assert "Respected leaders publicly back working together on this issue." in page
    assert "Write a new version" not in page  # members read; staff edit


def test_a_reworded_statement_keeps_its_key_and_a_new_one_is_new(client, world, instrument):
    client.force_login(world.staff)
    v1 = instrument.current_version()
    first = services.round_open(collective=world.national, version=v1, title="One")
    services.response_submit(round=first, kind="ngo", scores={"champions-1": 2})
    services.round_close(round=first)
    answer = client.post(
        f"/c/nation/readiness/instruments/{instrument.pk}/edit/",
        _form(
            v1,
            **{
                "s-champions-1": "Respected leaders back this work in public.",
                "n-0": "Champions include someone with lived experience of care.",
                "n-0-condition": "champions",
            },
        ),
    )
    assert answer.status_code == 302, answer.content.decode()
    v2 = instrument.current_version()
    assert v2.number == 2
    texts = {s["key"]: s["text"] for s in v2.statements}
    assert texts["champions-1"] == "Respected leaders back this work in public."
    added = [s for s in v2.statements if s["key"] not in {t["key"] for t in v1.statements}]
    assert [s["condition"] for s in added] == ["champions"]
    second = services.round_open(collective=world.national, version=v2, title="Two")
    services.response_submit(round=second, kind="ngo", scores={"champions-1": 4})
    moved = {key: (before, after, new) for key, before, after, new in
             selectors.movement(first, second)}  # fmt: skip
    # champions-1 was reworded, not replaced: the condition's movement reads across versions.
    assert moved["champions"] == (2, 4, False)


def test_a_stale_edit_is_refused_and_nothing_is_published(client, world, instrument):
    client.force_login(world.staff)
    v1 = instrument.current_version()
    services.instrument_publish(
        instrument=instrument,
        conditions=v1.conditions,
        statements=[*v1.statements[:-1]],
        by=world.staff,
        based_on=1,
        change_note="one fewer",
    )
    answer = client.post(
        f"/c/nation/readiness/instruments/{instrument.pk}/edit/",
        _form(v1, **{"s-champions-1": "Other words."}),
    )
    assert answer.status_code == 400
    assert "was published while you were editing version 1" in answer.content.decode()
    assert InstrumentVersion.objects.filter(instrument=instrument).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"s-champions-1": "  "}, "This field is required"),
        ({"c-champions-remove": "on"}, "names condition champions, which is not there"),
        ({"s-champions-1-condition": "__new__"}, "Name the new condition"),
        ({"change_note": ""}, "This field is required"),
    ],
)
def test_bad_edits_are_refused_with_a_message(client, world, instrument, changes, message):
    client.force_login(world.staff)
    v1 = instrument.current_version()
    answer = client.post(
        f"/c/nation/readiness/instruments/{instrument.pk}/edit/", _form(v1, **changes)
    )
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert instrument.versions.count() == 1


def test_a_new_condition_takes_moved_statements(client, world, instrument):
    client.force_login(world.staff)
    v1 = instrument.current_version()
    answer = client.post(
        f"/c/nation/readiness/instruments/{instrument.pk}/edit/",
        _form(
            v1,
            new_condition="Legal framework",
            **{"n-1": "The law allows it.", "n-1-condition": "__new__"},
        ),  # fmt: skip
    )
    assert answer.status_code == 302
    v2 = instrument.current_version()
    assert v2.conditions[-1]["title"] == "Legal framework"
    assert v2.statements[-1] == {
        "key": "legal-framework-new",
        "condition": "legal-framework",
        "text": "The law allows it.",
    }


@pytest.mark.parametrize("who", ["reporter_a", "community"])
def test_members_cannot_copy_or_edit(client, world, instrument, who):
    client.force_login(getattr(world, who))
    v1 = instrument.current_version()
    assert (
        client.post("/c/nation/readiness/instruments/copy/", {"key": "collaboration"}).status_code
        == 403
    )  # noqa: E501
    edit = f"/c/nation/readiness/instruments/{instrument.pk}/edit/"
    assert client.get(edit).status_code == 403
    assert client.post(edit, _form(v1, **{"s-champions-1": "x"})).status_code == 403
    assert instrument.versions.count() == 1


def test_an_outsider_and_another_collective_see_nothing(client, world, instrument):
    client.force_login(world.outsider)
    assert client.get(f"/c/nation/readiness/instruments/{instrument.pk}/").status_code in (403, 404)  # noqa: E501
    client.force_login(world.staff)
    other = services.instrument_copy(collective=world.elsewhere, key="preconditions")
    assert client.get(f"/c/nation/readiness/instruments/{other.pk}/").status_code == 404


def test_an_instrument_is_versioned_but_not_endorsed(client, world, instrument):
    from django.core.exceptions import ValidationError

    from backbone.documents.services import endorsement_give
    from backbone.network.services import affiliation_start

    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    with pytest.raises(ValidationError, match="not endorsed by organizations"):
        endorsement_give(
            version=instrument.current_version(), organization=world.org_a, by=world.reporter_a
        )
    client.force_login(world.reporter_a)
    page = client.get(f"/c/nation/readiness/instruments/{instrument.pk}/").content.decode()
    assert "Versions" in page and "Endorse" not in page


def test_a_shipped_text_shows_in_the_readers_language_and_a_reworded_one_as_written(
    client, world, instrument
):
    from backbone.readiness import defaults

    v1 = instrument.current_version()
    assert (
        v1.statements[0]["text"]
        == "Respected leaders publicly back working together on this issue."
    )
    services.instrument_publish(
        instrument=instrument,
        conditions=v1.conditions,
        statements=[{**v1.statements[0], "text": "Our own words."}, *v1.statements[1:]],
        by=world.staff,
        based_on=1,
    )
    client.force_login(world.community)
    client.post("/i18n/setlang/", {"language": "uk"})
    page = client.get(
        f"/c/nation/readiness/instruments/{instrument.pk}/", HTTP_ACCEPT_LANGUAGE="uk"
    ).content.decode()
    assert "Our own words." in page
    from django.utils import translation

    with translation.override("uk"):
        translated = defaults.shown("Influential champions")
    assert translated != "Influential champions" and translated in page
