"""Personal fields in one place (backbone.lib.privacy, rules in backbone.network.privacy).

First the rules, written out by hand: who may see a person's lived experience, contact details
and contact choice. Then every registered field walked through every channel that shows people
(pages, search, the API, the audit log, What is new, notifications) with readers who may not
see it (the value is nowhere in what they get) and readers who may (it is there).

No export shows people today (the values, population and IATI exports are of organizations
and places); an export that does must pass its rows through ``privacy.redact`` and join
CHANNELS below.
"""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from backbone.accounts.services import api_token_create
from backbone.lib import privacy
from backbone.network import services
from backbone.network.models import Person
from backbone.testing import PERSONAS

MEMBERS_OF_NATIONAL = {"admin", "staff", "steering", "facilitator", "reporter_a", "community"}
PERSON_AND_STAFF = {"admin", "staff", "community"}


# The rules ---------------------------------------------------------------------------------

# field → personas who see it on the community member's own record (default contact choice,
# "bodies", and no seat shared with anyone).
RULES = {
    "lived_experience": PERSON_AND_STAFF,
    "contact_visibility": PERSON_AND_STAFF,
    "email": PERSON_AND_STAFF,
    "phone": PERSON_AND_STAFF,
}


def test_the_registry_holds_a_persons_personal_fields():
    fields = {(spec.model, spec.name, spec.kind) for spec in privacy.registered()}
    assert fields >= {
        (Person, "lived_experience", privacy.Kind.LIVED_EXPERIENCE),
        (Person, "email", privacy.Kind.CONTACT),
        (Person, "phone", privacy.Kind.CONTACT),
        (Person, "contact_visibility", privacy.Kind.CONSENT),
    }
    assert set(RULES) == {s.name for s in privacy.registered() if s.model is Person}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("field", "allowed"), RULES.items())
def test_who_sees_each_personal_field(world, persona, field, allowed):
    person = world.community.person
    assert privacy.visible(world.persona(persona), person, field) is (persona in allowed)


# Contact details: who sees the community person's e-mail and phone, for each of their choices,
# when they share a seat in the working group with the facilitator.
CONTACT_MATRIX = [
    ("staff", PERSON_AND_STAFF),
    ("bodies", PERSON_AND_STAFF | {"facilitator"}),
    ("members", MEMBERS_OF_NATIONAL),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("visibility", "allowed"), CONTACT_MATRIX, ids=lambda v: str(v)[:12])
def test_contact_details_matrix(world, persona, visibility, allowed):
    from backbone.governance.models import BodyMembership

    person = world.community.person
    person.contact_visibility = visibility
    person.save(update_fields=["contact_visibility"])
    BodyMembership.objects.create(body=world.body, person=person, role="member")
    for field in ("email", "phone"):
        assert privacy.visible(world.persona(persona), person, field) is (persona in allowed)
    # The choice itself stays the person's and staff's, whatever it is.
    shown = privacy.visible(world.persona(persona), person, "contact_visibility")
    assert shown is (persona in PERSON_AND_STAFF)


def test_a_seat_that_ended_no_longer_shows_contact_details(world):
    from datetime import timedelta

    from django.utils import timezone

    from backbone.governance.models import BodyMembership

    person = world.community.person
    BodyMembership.objects.create(
        body=world.body,
        person=person,
        role="member",
        start_date=timezone.localdate() - timedelta(days=30),
        end_date=timezone.localdate(),
    )
    assert not privacy.visible(world.facilitator, person, "email")


def test_a_seat_in_an_archived_body_shows_no_contact_details(world):
    from django.utils import timezone

    from backbone.governance.models import BodyMembership

    person = world.community.person
    BodyMembership.objects.create(body=world.body, person=person, role="member")
    world.body.archived_at = timezone.now()
    world.body.save(update_fields=["archived_at"])
    assert not privacy.visible(world.facilitator, person, "email")


def test_members_choice_reaches_members_of_the_collective_above_not_below(world):
    from backbone.testing import PersonFactory

    oblast_person = PersonFactory(collective=world.oblast, contact_visibility="members")
    national_person = PersonFactory(collective=world.national, contact_visibility="members")
    assert privacy.visible(world.reporter_b, oblast_person, "email")
    assert privacy.visible(world.community, oblast_person, "email")
    assert not privacy.visible(world.reporter_b, national_person, "email")


def test_an_inactive_superuser_sees_no_more_than_anyone(world):
    world.admin.is_active = False
    assert not privacy.visible(world.admin, world.community.person, "lived_experience")


def test_a_redacted_record_reads_none_for_what_is_hidden_and_cannot_be_saved(world):
    person = world.community.person
    person.lived_experience = ["care_leaver"]
    seen = privacy.redact(world.steering, person)
    assert seen.lived_experience is None
    assert seen.lived_experience_labels is None
    assert seen.email is None
    assert seen.name == person.name and seen.pk == person.pk
    assert seen.visible == {
        "lived_experience": False,
        "email": False,
        "phone": False,
        "contact_visibility": False,
    }
    with pytest.raises(AttributeError):
        seen.save()
    with pytest.raises(AttributeError):
        seen.email = "x@example.org"
    # Passing it again, for another reader, asks again of the record itself.
    assert privacy.redact(world.staff, seen).lived_experience == ["care_leaver"]
    assert privacy.visible(world.steering, seen, "email") is False
    row = {"name": person.name, "email": "a@example.org", "lived_experience": ["care_leaver"]}
    assert privacy.redact(world.steering, person, row) == {
        "name": person.name,
        "email": None,
        "lived_experience": None,
    }


# Every field through every channel ---------------------------------------------------------

# The subject is the reporter of organization A, seated in the working group with the
# facilitator, contact details kept for staff: so neither fellow members nor the body's
# facilitator may see anything personal; the reporter and staff may.
SECRETS = {
    "email": "marta.private@example.org",
    "phone": "+380 67 555 0199",
    "lived_experience": ["care_leaver"],
    "contact_visibility": "staff",
}
# How each value shows on a page (the labels of codes).
ON_A_PAGE = {
    "email": ["marta.private@example.org"],
    "phone": ["+380 67 555 0199"],
    "lived_experience": ["Care leaver", "care_leaver"],
    "contact_visibility": ["Backbone staff only"],
}
MAY_NOT = ("steering", "facilitator", "community", "reporter_b", "outsider", "anonymous")
MAY = ("reporter_a", "staff", "admin")


@pytest.fixture
def subject(world):
    from backbone.governance.models import BodyMembership

    person = world.reporter_a.person
    services.person_update(person=person, **SECRETS)
    BodyMembership.objects.create(body=world.body, person=person, role="member")
    return Person.objects.get(pk=person.pk)


def _client(world, persona) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.persona(persona))
    return client


def _api(world, persona, path: str):
    headers = {}
    if persona != "anonymous":
        _token, raw = api_token_create(user=world.persona(persona), name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return Client().get(f"/api/collectives/nation/{path}", **headers)


def _page(world, persona, name, **kwargs) -> str:
    response = _client(world, persona).get(reverse(name, kwargs={"slug": "nation", **kwargs}))
    return response.content.decode() if response.status_code == 200 else ""


# channel → (what it gives a reader as text or JSON, the fields it shows to who may see them)
def _person_list(world, persona, subject):
    return _page(world, persona, "person_list"), {"email"}


def _person_detail(world, persona, subject):
    return _page(world, persona, "person_detail", pk=subject.pk), set(SECRETS)


def _body_detail(world, persona, subject):
    return _page(world, persona, "body_detail", pk=world.body.pk), {"email"}


def _collective_home(world, persona, subject):  # What is new: no values, to anyone
    return _page(world, persona, "collective_home"), set()


def _audit_log(world, persona, subject):
    return _page(world, persona, "audit_log"), set(SECRETS)


def _trail_as_members_read_it(world, persona, subject):
    from backbone.home.audit import audit_entries

    entries = audit_entries(world.national, viewer=world.persona(persona), include_private=False)
    text = " ".join(f"{e.label} {c.field} {c.old} {c.new}" for e in entries for c in e.changes)
    return text, set(SECRETS)


def _api_people(world, persona, subject):
    response = _api(world, persona, "people")
    rows = response.json() if response.status_code == 200 else []
    return [r for r in rows if r["id"] == subject.pk], set(SECRETS)


def _api_person(world, persona, subject):
    response = _api(world, persona, f"people/{subject.pk}")
    return ([response.json()] if response.status_code == 200 else []), set(SECRETS)


CHANNELS = [
    _person_list,
    _person_detail,
    _body_detail,
    _collective_home,
    _audit_log,
    _trail_as_members_read_it,
    _api_people,
    _api_person,
]


def _shows(got, field: str) -> bool:
    if isinstance(got, list):  # JSON records
        return any(row.get(field) == SECRETS[field] for row in got)
    return any(text in got for text in ON_A_PAGE[field])


def _anywhere(got, field: str) -> bool:
    """The value anywhere in what was given, whatever the key (a JSON answer as text too)."""
    text = json.dumps(got, ensure_ascii=False) if isinstance(got, list) else got
    return any(value in text for value in ON_A_PAGE[field])


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.__name__.strip("_"))
def test_no_channel_shows_a_personal_field_to_who_may_not_see_it(world, subject, channel):
    for persona in MAY_NOT:
        got, _fields = channel(world, persona, subject)
        for field in SECRETS:
            assert not _anywhere(got, field), (persona, field)


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.__name__.strip("_"))
def test_each_channel_shows_its_personal_fields_to_who_may_see_them(world, subject, channel):
    from backbone.home.permissions import Action
    from backbone.lib.permissions import can

    reached = 0
    for persona in MAY:
        got, fields = channel(world, persona, subject)
        if channel is _audit_log and not can(
            world.persona(persona), Action.AUDIT_VIEW, world.national
        ):
            continue  # the audit log is for staff: the reporter has no page to see it on
        reached += 1
        for field in fields:
            assert _shows(got, field), (persona, field)
    assert reached


def test_a_search_by_e_mail_finds_the_person_only_for_who_may_see_it(world, subject):
    query = {"q": SECRETS["email"]}
    name = subject.display_name
    for persona in MAY_NOT:
        html = _client(world, persona).get(reverse("person_list", args=["nation"]), query)
        assert name not in html.content.decode(), persona
        response = _api(world, persona, f"people?q={SECRETS['email']}")
        assert response.status_code != 200 or response.json() == [], persona
    for persona in MAY:
        html = _client(world, persona).get(reverse("person_list", args=["nation"]), query)
        assert name in html.content.decode(), persona
        assert [r["id"] for r in _api(world, persona, f"people?q={SECRETS['email']}").json()] == [
            subject.pk
        ]


def test_notifications_carry_no_personal_field(world, subject):
    """The review of the subject's submission tells them and staff, by notification and
    e-mail: none of it names their contact details or lived experience, to anyone."""
    from backbone.communication.models import Notification
    from backbone.events.testing import run_worker
    from backbone.measurement.submissions.imports import import_values
    from backbone.measurement.submissions.workflow import submission_return, submission_submit
    from backbone.measurement.testing import approved_upload, build_measure, csv_file

    build_measure(world)
    rows = [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "5"}]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    again = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="again.csv",
        stream=csv_file([{**rows[0], "period": "2025-02"}]),
    ).submission
    submission_submit(submission=again, by=world.reporter_a)
    submission_return(submission=again, by=world.staff, reason="Twice")
    run_worker()
    told = [n.text for n in Notification.objects.all()]
    told += [f"{m.subject}\n{m.body}" for m in mail.outbox]
    assert len(told) >= 4  # submitted, approved, submitted again, returned
    for text in told:
        for field in SECRETS:
            assert not _anywhere(text, field), (field, text)
