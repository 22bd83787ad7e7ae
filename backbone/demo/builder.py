"""Builds the demo national care-reform collective through the ordinary services.

Deterministic (a seeded random generator) so that tests and screenshots see the same data.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from backbone.accounts.models import RoleKind, User
from backbone.accounts.services import role_grant
from backbone.activities.models import Activity, ActivityOrganization
from backbone.agenda.models import AgendaVersion
from backbone.demo import content
from backbone.demo.activities import build_activities
from backbone.demo.agenda import build_agenda, build_strengths
from backbone.demo.measurement import build_measurement
from backbone.demo.meetings import build_meetings
from backbone.demo.phases import build_phases
from backbone.demo.readiness import build_readiness
from backbone.documents.services import endorsement_give
from backbone.governance import services as governance
from backbone.governance.models import Body, BodyKind, MemberRole
from backbone.lib.audit import acting_as
from backbone.measurement.models import Indicator, Submission, SubmissionStatus, Value
from backbone.meetings.models import ActionItem, Decision, Meeting
from backbone.network import services as network
from backbone.network.models import Collective, LivedExperience, Organization, Person, Place
from backbone.network.places import places_load_country
from backbone.readiness.models import Round
from backbone.webhooks.demo import build_webhooks

NATIONAL_SLUG = "ukraine"
PEOPLE_COUNT = 120
SPEAKERS = (1, 2)  # people[1] is the chair, people[2] the facilitator


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    does: str
    start: str  # where to begin, a path on the demo site


ACCOUNTS = [
    DemoAccount(
        "admin",
        "platform admin",
        "everything in every collective, and the admin site",
        "/admin/",
    ),
    DemoAccount(
        "staff",
        "backbone staff, Ukraine",
        "approves or returns partners' figures (Kharkiv's last month awaits review); "
        "manages organizations, people and bodies; runs readiness rounds (one is open: "
        "invite, close, export); audit log",
        f"/c/{NATIONAL_SLUG}/submissions/",
    ),
    DemoAccount(
        "staff2",
        "backbone data officer, Ukraine",
        "enters the state services' figures; a second staff member, so that nobody "
        "approves what they submitted themselves (four eyes)",
        f"/c/{NATIONAL_SLUG}/submissions/",
    ),
    DemoAccount(
        "chair",
        "steering-committee chair",
        "follows progress on the indicators; edits the steering committee and its scope; "
        "writes and publishes the common agenda (two versions so far) and records the "
        "collective's moves between phases",
        f"/c/{NATIONAL_SLUG}/agenda/",
    ),
    DemoAccount(
        "facilitator",
        "facilitator, working group on foster care",
        "edits the group's members and scope of work",
        f"/c/{NATIONAL_SLUG}/",
    ),
    DemoAccount(
        "reporter",
        "partner reporter, Family Nearby Charity",
        "submits the charity's figures (spreadsheet upload or web form) and fixes "
        "returned ones; staff then approve them; speaks for the charity: may endorse the "
        "foster-care group's scope of work and the common agenda; answers the open "
        "readiness round",
        f"/c/{NATIONAL_SLUG}/submissions/upload/",
    ),
    DemoAccount(
        "reporter2",
        "partner reporter, an NGO in Lviv oblast",
        "submits the NGO's figures; its last month was returned with a reason to fix",
        "/c/ua-46/submissions/",
    ),
    DemoAccount(
        "community",
        "community member (care leaver)",
        "sees the network, bodies, results and the agenda; edits their own profile and lived "
        "experience; answers the open readiness round (anonymously if they like)",
        f"/c/{NATIONAL_SLUG}/",
    ),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "demo")


def demo_exists() -> bool:
    return Collective.objects.filter(slug=NATIONAL_SLUG).exists()


@transaction.atomic
def build_demo() -> bool:
    """Build the demo; returns False (and changes nothing) if it is already there."""
    if demo_exists():
        return False
    rng = random.Random(2025)  # noqa: S311 — demo data, not security
    places_load_country(country_code="UA")
    collectives = _collectives()
    organizations = _organizations(collectives)
    people = _people(rng, collectives, organizations)
    users = _users(collectives, organizations, people)
    # From here on there is someone to act: the audit log names staff, not "system".
    later = dict(
        rng=rng,
        collectives=collectives,
        organizations=organizations,
        people=people,
        users=users,
        national_slug=NATIONAL_SLUG,
    )
    with acting_as(users["staff"]):
        build_webhooks(**later)  # before the events it posts (they fail: its host is unreal)
        # The readiness rounds and the phases' decisions are the collectives' early history.
        build_readiness(**later)
        build_phases(**later)
        build_strengths(**later)
        _bodies(rng, collectives, people, users)
        build_measurement(
            rng=rng,
            collectives=collectives,
            organizations=organizations,
            users=users,
            national_slug=NATIONAL_SLUG,
        )
        # The common agenda names the bodies and indicators above.
        build_agenda(**later)
        # The 3W names the agenda's strategies, the bodies and the indicators above.
        build_activities(**later)
        # The bodies' meetings name the agenda's goals and strategies and the bodies' seats.
        build_meetings(**later)
    return True


def _collectives() -> dict[str, Collective]:
    result: dict[str, Collective] = {}
    for spec in content.COLLECTIVES:
        result[spec["slug"]] = network.collective_create(
            name=spec["name"],
            slug=spec["slug"],
            level=spec["level"],
            parent=result.get(NATIONAL_SLUG) if spec["slug"] != NATIONAL_SLUG else None,
            place=Place.objects.get(code=spec["place"]),
            description=spec["description"],
            phase=spec["phase"],
            **content.COLLECTIVE_TRANSLATIONS.get(spec["slug"], {}),
        )
    return result


def _organizations(collectives: dict[str, Collective]) -> list[Organization]:
    oblasts = list(Place.objects.filter(code__in=["UA-46", "UA-63", "UA-51"]))
    result = []
    for spec in content.ORGANIZATIONS:
        oblast = spec["oblast"]
        collective = collectives[oblast.lower()] if oblast else collectives[NATIONAL_SLUG]
        served = [p for p in oblasts if p.code == oblast] if oblast else oblasts
        result.append(
            network.organization_create(
                collective=collective,
                names={"uk": spec["name_uk"], "en": spec["name_en"]},
                kind=spec["kind"],
                sectors=spec["sectors"],
                places_served=served,
                resources_tier=spec["tier"],
                non_traditional=spec["non_traditional"],
                website=spec["website"],
            )
        )
    return result


def _people(rng, collectives, organizations) -> list[Person]:
    people: list[Person] = []
    used: set[str] = set()
    lived = list(LivedExperience)
    today = date.today()  # noqa: DTZ011 — a calendar date for demo history
    while len(people) < PEOPLE_COUNT:
        given = rng.choice(content.FEMALE_GIVEN if rng.random() < 0.62 else content.MALE_GIVEN)
        surname = rng.choice(content.SURNAMES)
        name = f"{given[0]} {surname[0]}"
        if name in used:
            continue
        used.add(name)
        organization = organizations[len(people) % len(organizations)]
        latin = f"{given[1]} {surname[1]}"
        email_local = latin.lower().replace(" ", ".").replace("'", "")
        experience = []
        if len(people) % 9 == 4:
            experience = rng.sample(lived, k=rng.choice([1, 1, 2]))
        person = network.person_create(
            collective=organization.collective,
            name=name,
            name_latin=latin,
            email=f"{email_local}@example.org",
            languages=["uk", "en"] if rng.random() < 0.4 else ["uk"],
            lived_experience=[e.value for e in experience],
        )
        start = today - timedelta(days=rng.randint(200, 2400))
        title = rng.choice(content.JOB_TITLES)
        # Turnover: about one person in eight moved on from an earlier organization.
        if len(people) % 8 == 3:
            earlier = organizations[(len(people) * 7 + 3) % len(organizations)]
            if earlier.pk != organization.pk:
                old = network.affiliation_start(
                    person=person,
                    organization=earlier,
                    title=title,
                    start_date=start - timedelta(days=900),
                )
                network.affiliation_end(affiliation=old, end_date=start - timedelta(days=1))
        network.affiliation_start(
            person=person,
            organization=organization,
            title=title,
            start_date=start,
            # The people who become the chair and the facilitator (see _users) speak for their
            # employers: they endorse the common agenda on their behalf.
            speaks_for=len(people) in SPEAKERS,
        )
        people.append(person)
    return people


def _user(username: str, person: Person | None = None, **extra) -> User:
    user = User(username=username, email=f"{username}@example.org", **extra)
    if person is not None:
        first, _, last = person.name_latin.partition(" ")
        user.first_name, user.last_name = first, last
    user.set_password(demo_password())
    user.save()
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def _users(collectives, organizations, people) -> dict[str, User]:
    national = collectives[NATIONAL_SLUG]
    by_english = {o.name_en: o for o in organizations}
    reporter_org = by_english["Family Nearby Charity"]
    reporter2_org = next(
        o
        for o in organizations
        if o.collective.slug == "ua-46" and o.kind == "ngo" and o.pk != reporter_org.pk
    )
    community_person = next((p for p in people if "care_leaver" in p.lived_experience), people[4])
    if "care_leaver" not in community_person.lived_experience:
        network.person_update(
            person=community_person,
            lived_experience=[*community_person.lived_experience, "care_leaver"],
        )
    users = {
        "admin": _user("admin", is_staff=True, is_superuser=True),
        "staff": _user("staff", people[0]),
        "staff2": _user("staff2", people[6]),
        "chair": _user("chair", people[1]),
        "facilitator": _user("facilitator", people[2]),
        "reporter": _user("reporter", people[3]),
        "reporter2": _user("reporter2", people[5]),
        "community": _user("community", community_person),
    }
    role_grant(user=users["staff"], collective=national, kind=RoleKind.STAFF)
    role_grant(user=users["staff2"], collective=national, kind=RoleKind.STAFF)
    role_grant(user=users["chair"], collective=national, kind=RoleKind.STEERING)
    role_grant(user=users["facilitator"], collective=national, kind=RoleKind.FACILITATOR)
    role_grant(
        user=users["reporter"],
        collective=national,
        kind=RoleKind.REPORTER,
        organization=reporter_org,
    )
    role_grant(
        user=users["reporter2"],
        collective=reporter2_org.collective,
        kind=RoleKind.REPORTER,
        organization=reporter2_org,
    )
    role_grant(user=users["community"], collective=national, kind=RoleKind.COMMUNITY)
    # The reporters work at the organizations they report for.
    for username, org in (("reporter", reporter_org), ("reporter2", reporter2_org)):
        person = users[username].person
        for affiliation in person.affiliations.filter(end_date__isnull=True):
            network.affiliation_end(affiliation=affiliation)
        # Each speaks for their organization: they may endorse a scope of work on its behalf.
        network.affiliation_start(
            person=person, organization=org, title="M&E officer", speaks_for=True
        )
    return users


def _current_organization(person: Person) -> Organization:
    return person.affiliations.get(end_date__isnull=True).organization


def _seat_all(body: Body, members: list[Person], start: date) -> None:
    for person in members:
        governance.membership_add(
            body=body, person=person, role=MemberRole.MEMBER, start_date=start
        )


def _bodies(rng, collectives, people, users) -> None:
    national = collectives[NATIONAL_SLUG]
    today = date.today()  # noqa: DTZ011
    staff_person, chair_person, facilitator_person = people[0], people[1], people[2]
    community_person = users["community"].person
    pool = [p for p in people[6:] if p.pk != community_person.pk]

    backbone = governance.body_create(
        collective=national, kind=BodyKind.BACKBONE, **content.BACKBONE_TEAM
    )
    governance.membership_add(
        body=backbone,
        person=staff_person,
        role=MemberRole.FACILITATOR,
        start_date=today - timedelta(days=700),
    )
    _seat_all(backbone, pool[:4], today - timedelta(days=650))

    steering = governance.body_create(
        collective=national, kind=BodyKind.STEERING, **content.STEERING_COMMITTEE
    )
    governance.membership_add(
        body=steering,
        person=chair_person,
        role=MemberRole.CHAIR,
        start_date=today - timedelta(days=600),
    )
    _seat_all(steering, pool[4:14], today - timedelta(days=600))
    governance.membership_add(
        body=steering,
        person=community_person,
        role=MemberRole.MEMBER,
        start_date=today - timedelta(days=300),
    )
    # One member left: their seat is closed, not removed.
    leaver = steering.memberships.get(person=pool[4])
    governance.membership_end(membership=leaver, end_date=today - timedelta(days=90))

    for index, spec in enumerate(content.WORKING_GROUPS):
        group = governance.body_create(
            collective=national,
            kind=BodyKind.WORKING_GROUP,
            name=spec["name"],
            purpose=spec["purpose"],
            government_role=spec["government_role"],
            **content.WORKING_GROUP_TRANSLATIONS[spec["name"]],
        )
        facilitator = facilitator_person if "foster" in spec["name"].lower() else pool[14 + index]
        governance.membership_add(
            body=group,
            person=facilitator,
            role=MemberRole.FACILITATOR,
            start_date=today - timedelta(days=500),
        )
        members = rng.sample(
            [p for p in pool[20:] if p.pk != facilitator.pk], k=rng.randint(15, 22)
        )
        _seat_all(group, members, today - timedelta(days=rng.randint(100, 480)))
        author = users["facilitator"] if facilitator == facilitator_person else users["staff"]
        first = governance.scope_publish(
            body=group,
            text=spec["scope_v1"],
            by=users["staff"],
            change_note="First version agreed at the launch meeting",
        )
        if "foster" in spec["name"].lower():
            # Family Nearby Charity endorsed the first version; the second needs its own
            # endorsement (the charity's reporter is told so and can give it).
            endorsement_give(
                version=first,
                organization=_current_organization(users["reporter"].person),
                by=users["reporter"],
                note="Agreed by our board.",
            )
        governance.scope_publish(
            body=group,
            text=spec["scope_v2"],
            by=author,
            change_note=spec["scope_v2_summary"],
            based_on=1,
        )

    # Its seats tell who has lived experience of care: the member list is kept to its members.
    council = governance.body_create(
        collective=national,
        kind=BodyKind.COMMUNITY_COUNCIL,
        members_private=True,
        **content.COMMUNITY_COUNCIL,
    )
    lived = [p for p in people if p.lived_experience and p.pk != community_person.pk]
    governance.membership_add(
        body=council,
        person=community_person,
        role=MemberRole.CHAIR,
        start_date=today - timedelta(days=400),
    )
    _seat_all(council, lived[:9], today - timedelta(days=380))

    for slug, collective in collectives.items():
        if slug == NATIONAL_SLUG:
            continue
        local = [p for p in people if p.collective_id == collective.pk]
        group = governance.body_create(
            collective=collective,
            kind=BodyKind.STEERING,
            **content.OBLAST_GROUPS[slug],
        )
        if local:
            governance.membership_add(
                body=group,
                person=local[0],
                role=MemberRole.CHAIR,
                start_date=today - timedelta(days=365),
            )
            _seat_all(group, local[1:12], today - timedelta(days=300))


def demo_summary() -> str:
    """A few lines saying what the demo holds, for the terminal."""
    national = Collective.objects.filter(slug=NATIONAL_SLUG).first()
    if national is None:
        return ""
    oblasts = national.children.count()
    waiting = Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count()
    return (
        f"{national.name}: {oblasts} oblast collectives, "
        f"{Organization.objects.count()} organizations, {Person.objects.count()} people, "
        f"{Body.objects.count()} bodies; {Indicator.objects.count()} indicators with "
        f"{Value.objects.filter(approved=True).count():,} approved figures, "
        f"submissions awaiting review: {waiting}; "
        f"{Round.objects.filter(collective=national).count()} readiness rounds (one open), "
        f"the common agenda in version {_agenda_version(national)}; "
        f"{Activity.objects.count()} activities of "
        f"{ActivityOrganization.objects.values('organization').distinct().count()} "
        "organizations in the 3W (who does what, where); "
        f"{Meeting.objects.count()} meetings, {Decision.objects.count()} decisions, "
        f"{ActionItem.objects.count()} action items."
    )


def _agenda_version(collective) -> int:
    version = AgendaVersion.objects.filter(agenda__collective=collective).order_by("-number")
    return version.first().number if version.exists() else 0
