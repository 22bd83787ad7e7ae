"""An oblast collective adopts a version of its parent's agenda: who may, which version,
which date; the history kept; the staff told; the pages and the API; the goals' indicator
status and the strategies' owners on the agenda page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from backbone.agenda import selectors, services
from backbone.agenda.models import Adoption
from backbone.agenda.tests.test_agenda import content
from backbone.events.models import Event
from backbone.interchange import periods
from backbone.measurement import services as measurement
from backbone.measurement.testing import approved_upload, build_measure


@pytest.fixture
def measure(world):
    return build_measure(world)


@pytest.fixture
def v1(world, measure):
    return services.agenda_publish(
        collective=world.national, content=content(world), by=world.staff, based_on=0
    )


@pytest.fixture
def v2(world, v1):
    return services.agenda_publish(
        collective=world.national, content=content(world, vision="B"), by=world.staff, based_on=1
    )


def test_staff_adopt_the_parents_version_and_the_parents_staff_are_told(world, v1):
    adoption = services.agenda_adopt(collective=world.oblast, version=v1, by=world.steering)
    assert adoption.version == v1 and adoption.adopted_on == timezone.localdate()
    event = Event.objects.get(kind="agenda.adopted")
    assert event.collective == world.national
    assert world.staff.pk in event.data["audience"]
    assert world.steering.pk not in event.data["audience"]  # the one who adopted
    assert event.data["params"]["number"] == 1


def test_adopting_a_newer_version_supersedes_and_keeps_the_earlier(world, v1, v2):
    services.agenda_adopt(
        collective=world.oblast, version=v1, by=world.staff, on=timezone.localdate()
    )
    services.agenda_adopt(collective=world.oblast, version=v2, by=world.staff)
    assert [a.version.number for a in Adoption.objects.filter(collective=world.oblast)] == [2, 1]
    assert Adoption.objects.in_force_of(world.oblast).version == v2


def test_the_oblasts_own_version_cannot_be_adopted(world, v1):
    own = services.agenda_publish(
        collective=world.oblast, content=_workers_goal(world), by=world.staff, based_on=0
    )
    with pytest.raises(ValidationError, match="can only adopt the agenda of National"):
        services.agenda_adopt(collective=world.oblast, version=own, by=world.staff)
    assert not Adoption.objects.exists()


def test_a_collective_outside_the_tree_cannot_adopt(world, v1):
    with pytest.raises(ValidationError, match="no parent collective"):
        services.agenda_adopt(collective=world.national, version=v1, by=world.staff)
    with pytest.raises(PermissionDenied):
        services.agenda_adopt(collective=world.elsewhere, version=v1, by=world.staff)
    assert not Adoption.objects.exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "cannot be dated in the future"), (-3650, "cannot have been adopted before")],
)
def test_a_date_in_the_future_or_before_publication_is_refused(world, v1, days, message):
    on = timezone.localdate() + dt.timedelta(days=days)
    with pytest.raises(ValidationError, match=message):
        services.agenda_adopt(collective=world.oblast, version=v1, by=world.staff, on=on)
    assert not Adoption.objects.exists()


def test_the_same_or_an_older_version_is_refused(world, v1, v2):
    services.agenda_adopt(collective=world.oblast, version=v2, by=world.staff)
    with pytest.raises(ValidationError, match="already adopts version 2"):
        services.agenda_adopt(collective=world.oblast, version=v2, by=world.staff)
    with pytest.raises(ValidationError, match="a later one"):
        services.agenda_adopt(collective=world.oblast, version=v1, by=world.staff)
    assert Adoption.objects.count() == 1


@pytest.mark.parametrize("persona", ["reporter_b", "reporter_a", "community", "outsider"])
def test_only_staff_and_steering_adopt(world, v1, persona):
    with pytest.raises(PermissionDenied):
        services.agenda_adopt(collective=world.oblast, version=v1, by=world.persona(persona))
    assert not Adoption.objects.exists()


def test_the_children_are_listed_as_current_earlier_or_none(world, v1, v2):
    from backbone.testing import CollectiveFactory

    other = CollectiveFactory(
        slug="ua-63", name="Kharkiv collective", level="regional", parent=world.national
    )
    services.agenda_adopt(collective=world.oblast, version=v1, by=world.staff)
    found = {c.collective: c for c in selectors.adoptions_of_children(world.national, v2)}
    assert found[world.oblast].state == "earlier"
    assert found[other].state == "none"
    services.agenda_adopt(collective=world.oblast, version=v2, by=world.staff)
    found = {c.collective: c for c in selectors.adoptions_of_children(world.national, v2)}
    assert found[world.oblast].state == "current"


def test_the_oblast_page_offers_adoption_to_steering_only(client, world, v1):
    url = reverse("agenda_detail", args=["ua-46"])
    client.force_login(world.reporter_b)
    page = client.get(url).content.decode()
    assert "Has not adopted the agenda of National collective yet." in page
    assert "Adopt version 1" not in page
    client.force_login(world.steering)
    assert "Adopt version 1" in client.get(url).content.decode()


def test_adopting_from_the_page_shows_the_national_goals(client, world, v1):
    client.force_login(world.steering)
    response = client.post(reverse("agenda_adopt", args=["ua-46"]), {"version": "1"})
    assert response.status_code == 302
    page = client.get(reverse("agenda_detail", args=["ua-46"])).content.decode()
    assert "Adopts the national agenda, version 1" in page
    assert "Fewer children in care" in page  # a national goal, read-only
    assert "Adopt version 1" not in page
    national = client.get(reverse("agenda_detail", args=["nation"])).content.decode()
    assert "Oblast collectives" in national and "version 1 (current)" in national


def test_a_bad_date_from_the_page_is_refused_with_a_message(client, world, v1):
    client.force_login(world.steering)
    response = client.post(
        reverse("agenda_adopt", args=["ua-46"]),
        {"version": "1", "adopted_on": "yesterday"},
        follow=True,
    )
    assert "Give the date as YYYY-MM-DD." in response.content.decode()
    response = client.post(reverse("agenda_adopt", args=["ua-46"]), {"version": "7"}, follow=True)
    assert "There is no such version" in response.content.decode()
    assert not Adoption.objects.exists()


def test_a_reporter_cannot_adopt_from_the_page(client, world, v1):
    client.force_login(world.reporter_b)
    response = client.post(reverse("agenda_adopt", args=["ua-46"]), {"version": "1"})
    assert response.status_code == 403
    assert not Adoption.objects.exists()


def test_the_page_names_the_strategys_owner_body(client, world, v1):
    client.force_login(world.community)
    page = client.get(reverse("agenda_detail", args=["nation"])).content.decode()
    body_url = reverse("body_detail", args=["nation", world.body.pk])
    assert f'<a href="{body_url}">Working group on foster care</a>' in page


def _workers_goal(world):
    goals = [{"key": "g1", "title": "More social workers", "indicators": ["workers"]}]
    return content(world, goals=goals, strategies=[], risks=[])


def _workers_figures(world, values):
    rows = [
        {"indicator": "workers", "place": "UA-46", "period": month, "value": str(value)}
        for month, value in values
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )


def _goal_setting(measure, world, kind, month, value):
    measurement.target_set(
        indicator=measure.workers,
        collective=world.national,
        kind=kind,
        period=periods.parse(month),
        value=value,
    )


@pytest.mark.parametrize(
    ("latest", "status"), [(12, "met"), (8, "on_track"), (5, "behind"), (4, "behind")]
)
def test_a_goals_indicator_shows_its_latest_figure_against_target(world, measure, latest, status):
    version = services.agenda_publish(
        collective=world.national, content=_workers_goal(world), by=world.staff, based_on=0
    )
    _workers_figures(world, [("2025-01", 5), ("2025-02", latest)])
    _goal_setting(measure, world, "baseline", "2025-01", 5)
    _goal_setting(measure, world, "target", "2025-12", 10)
    (goal,) = selectors.chain(version, collective=world.national).goals
    (found,) = goal.indicators
    assert found.latest["value"] == latest and found.latest["period"] == "2025-02"
    assert found.target == {"period": "2025-12", "value": 10}
    assert found.baseline == 5
    assert found.status == status


def test_an_indicator_without_figures_or_target_has_no_status(world, measure):
    version = services.agenda_publish(
        collective=world.national, content=_workers_goal(world), by=world.staff, based_on=0
    )
    (goal,) = selectors.chain(version, collective=world.national).goals
    assert goal.indicators[0].indicator == measure.workers
    assert goal.indicators[0].latest is None and goal.indicators[0].status is None


def test_the_agenda_page_reads_every_goals_status_in_queries_that_do_not_grow(
    client, world, measure
):
    from backbone.testing import count_queries

    def publish(goals, based_on):
        return services.agenda_publish(
            collective=world.national,
            content=content(world, goals=goals, strategies=[], risks=[]),
            by=world.staff,
            based_on=based_on,
        )

    client.force_login(world.community)
    url = reverse("agenda_detail", args=["nation"])
    publish([{"key": "g1", "title": "One", "indicators": ["workers"]}], 0)
    client.get(url)
    with count_queries() as one:
        client.get(url)
    codes = ["workers", "in-care", "children", "foster-active"]
    publish([{"key": f"g{n}", "title": f"G{n}", "indicators": [c]} for n, c in enumerate(codes)], 1)
    client.get(url)
    with count_queries() as four:
        client.get(url)
    assert len(four) <= len(one) + 2  # the history of versions grew by one


def test_the_api_gives_the_adoptions_with_the_one_in_force(client, world, v1, v2):
    from backbone.accounts.services import api_token_create

    services.agenda_adopt(collective=world.oblast, version=v1, by=world.staff)
    services.agenda_adopt(collective=world.oblast, version=v2, by=world.staff)
    _token, raw = api_token_create(user=world.community, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    rows = client.get("/api/collectives/nation/agenda/adoptions", **auth).json()
    assert [(r["collective"], r["version"], r["in_force"]) for r in rows] == [
        ("ua-46", 2, True),
        ("ua-46", 1, False),
    ]
    assert rows[0]["agenda_of"] == "nation"


def test_the_adoptions_api_refuses_an_outsider(client, world, v1):
    from backbone.accounts.services import api_token_create

    _token, raw = api_token_create(user=world.outsider, name="t")
    response = client.get(
        "/api/collectives/nation/agenda/adoptions", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code in (403, 404)


def test_without_a_baseline_progress_is_judged_from_the_first_figure(world, measure):
    version = services.agenda_publish(
        collective=world.national, content=_workers_goal(world), by=world.staff, based_on=0
    )
    _workers_figures(world, [("2025-01", 5), ("2025-02", 7)])
    _goal_setting(measure, world, "target", "2025-12", 10)
    (goal,) = selectors.chain(version, collective=world.national).goals
    assert goal.indicators[0].baseline is None
    assert goal.indicators[0].status == "on_track"


def test_the_audit_log_shows_the_version_the_adoption_and_a_strength(world, v1):
    from backbone.agenda.models import StrengthKind
    from backbone.home.audit import audit_entries

    services.agenda_adopt(collective=world.oblast, version=v1, by=world.steering)
    funding = StrengthKind.objects.get(collective=None, key="funding")
    services.organization_strengths_set(
        organization=world.org_b, strengths={funding.pk: "Grants"}, by=world.staff
    )
    models = {e.model for e in audit_entries(world.oblast, viewer=world.staff)}
    assert {"adoption of an agenda", "strength of an organization"} <= models
    national = {e.model for e in audit_entries(world.national, viewer=world.staff)}
    assert "agenda version" in national


def test_a_newer_version_cannot_be_dated_before_the_adoption_it_supersedes(world, v1, v2):
    services.agenda_adopt(collective=world.oblast, version=v1, by=world.staff)
    earlier = timezone.localdate() - dt.timedelta(days=1)
    v2.published_at = v2.published_at - dt.timedelta(days=2)
    v2.save(update_fields=["published_at"])
    with pytest.raises(ValidationError, match="date this one on that day or later"):
        services.agenda_adopt(collective=world.oblast, version=v2, by=world.staff, on=earlier)
    assert Adoption.objects.count() == 1
