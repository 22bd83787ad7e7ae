"""The matrix, gaps, overlaps and complementarity, on a hand-made 3W."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from backbone.activities import selectors
from backbone.activities.models import ActivityStatus, OrganizationRole
from backbone.activities.services import (
    ActivityInput,
    PlaceFigures,
    activity_create,
    overlap_mark_reviewed,
)
from backbone.agenda.models import Agenda, AgendaVersion, OrganizationStrength, StrengthKind
from backbone.measurement.models import Category, Dimension, Population
from backbone.measurement.services import combination_for


def record(
    three_w, organization, kind, places, *, group=None, status=ActivityStatus.ONGOING, year=2026
):
    return activity_create(
        collective=three_w.world.national,
        by=three_w.world.staff,
        data=ActivityInput(
            kind=kind,
            title=f"{kind.code} by {organization.name}",
            lead=organization,
            places=[PlaceFigures(place, targeted, reached) for place, targeted, reached in places],
            status=status,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            groups=[group] if group else [],
        ),
    )


@pytest.fixture
def need(three_w):
    """500 children with disabilities in Lviv oblast, 300 in Kharkiv oblast."""
    national = three_w.world.national
    dimension = Dimension.objects.create(collective=national, code="disability", name="Disability")
    yes = Category.objects.create(dimension=dimension, code="yes", name="Yes")
    three_w.disability.category = yes
    three_w.disability.save()
    combination = combination_for([yes.pk])
    for place, value in ((three_w.lviv, 500), (three_w.kharkiv, 300)):
        Population.objects.create(
            collective=national, place=place, year=2025, combination_id=combination, value=value
        )
    return three_w


@pytest.fixture
def agenda(three_w):
    agenda = Agenda.objects.create(collective=three_w.world.national)
    AgendaVersion.objects.create(
        agenda=agenda,
        number=1,
        vision="Every child in a family",
        published_by=three_w.world.staff,
        strategies=[
            {"key": "case-management", "title": "Case management"},
            {"key": "foster-recruitment", "title": "Foster families"},
            {"key": "closure-plans", "title": "Closure plans"},
        ],
    )
    return agenda


def test_the_matrix_rolls_activities_up_to_oblasts_with_reached_against_need(need, agenda):
    world = need.world
    record(need, world.org_a, need.parenting, [(need.raion, 100, 40)], group=need.disability)
    record(need, world.org_b, need.foster, [(need.kharkiv, 20, 10)], group=need.disability)
    matrix = selectors.matrix(world.national, group=need.disability)
    rows = {row.place.code: row for row in matrix.rows}
    assert [key for key, _label in matrix.columns] == [
        "case-management", "foster-recruitment", "closure-plans",
    ]  # fmt: skip
    lviv = rows["UA-46"]
    assert lviv.cells["case-management"].organization_ids == {world.org_a.pk}
    assert (lviv.reached, lviv.need, lviv.coverage) == (40, 500, 40 / 500)
    assert (rows["UA-63"].reached, rows["UA-63"].coverage) == (10, 10 / 300)
    by_kind = selectors.matrix(world.national, by="kind")
    assert by_kind.rows[1].cells[str(need.foster.pk)].reached == 10
    # Filters: another year, another status, leave nothing.
    assert all(not r.cells for r in selectors.matrix(world.national, year=2024).rows)
    empty = selectors.matrix(world.national, statuses=(ActivityStatus.COMPLETED,))
    assert all(not r.cells for r in empty.rows)


def test_gaps_are_strategies_nobody_carries_out_and_groups_in_need_nobody_serves(need, agenda):
    world = need.world
    record(need, world.org_a, need.parenting, [(need.raion, 100, 40)], group=need.disability)
    found = selectors.gaps(world.national)
    assert [(g.reason, g.strategy) for g in found if g.reason == "strategy"] == [
        ("strategy", "foster-recruitment"),
        ("strategy", "closure-plans"),
    ]
    groups = [(g.place.code, g.group.code, g.need) for g in found if g.reason == "group"]
    assert groups == [("UA-63", "disability", 300)]
    # A planned activity fills it; a cancelled one does not.
    record(need, world.org_b, need.foster, [(need.kharkiv, 20, 0)], group=need.disability,
           status=ActivityStatus.CANCELLED)  # fmt: skip
    assert len([g for g in selectors.gaps(world.national) if g.reason == "group"]) == 1
    record(need, world.org_b, need.foster, [(need.kharkiv, 20, 0)], group=need.disability,
           status=ActivityStatus.PLANNED)  # fmt: skip
    assert [g.strategy for g in selectors.gaps(world.national)] == ["closure-plans"]


def test_overlaps_are_several_organizations_same_kind_group_place_and_year(three_w):
    world = three_w.world
    record(
        three_w, world.org_a, three_w.parenting, [(three_w.lviv, 100, 40)], group=three_w.leavers
    )
    record(three_w, world.org_b, three_w.parenting, [(three_w.lviv, 80, 30)], group=three_w.leavers)
    # Not overlaps: another year, another group, another place.
    record(
        three_w,
        world.org_b,
        three_w.parenting,
        [(three_w.lviv, 80, 30)],
        group=three_w.leavers,
        year=2024,
    )
    record(
        three_w, world.org_b, three_w.parenting, [(three_w.kharkiv, 80, 30)], group=three_w.leavers
    )
    record(
        three_w, world.org_b, three_w.parenting, [(three_w.lviv, 80, 30)], group=three_w.disability
    )
    found = selectors.overlaps(world.national, year=2026)
    assert len(found) == 1
    overlap = found[0]
    assert (overlap.place, overlap.kind, overlap.group, overlap.year) == (
        three_w.lviv, three_w.parenting, three_w.leavers, 2026,
    )  # fmt: skip
    assert sorted((a.lead.name, a.reached_here) for a in overlap.activities) == [
        ("Organization A", 40),
        ("Organization B", 30),
    ]
    overlap_mark_reviewed(
        collective=world.national, place=three_w.lviv, kind=three_w.parenting,
        group=three_w.leavers, year=2026, reason="One works with fathers, one with mothers",
        by=world.staff,
    )  # fmt: skip
    assert selectors.overlaps(world.national, year=2026) == []
    reviewed = selectors.overlaps(world.national, year=2026, reviewed=True)
    assert reviewed[0].review.reason == "One works with fathers, one with mothers"

    out = io.StringIO()
    call_command(
        "activities", "overlaps", "--collective", world.national.slug, "--reviewed", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "place_code,place,kind,group,year,organizations,reached,activities,reviewed"
    assert lines[1].startswith("UA-46,Lvivska oblast,parenting,care-leavers,2026,")
    assert "Organization A: 40" in lines[1] and lines[1].endswith(
        '"One works with fathers, one with mothers"'
    )


def test_gaps_on_the_command_line(need, agenda):
    out = io.StringIO()
    call_command("activities", "gaps", "--collective", need.world.national.slug, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "place_code,place,strategy,kind,group,organizations,need,reason"
    assert "UA-63,Kharkivska oblast,,,disability,,300,group" in lines
    assert "UA,Ukraine,case-management Case management,,,,,strategy" in lines


def test_complementarity_suggests_organizations_with_the_strengths_a_strategy_needs(
    three_w, agenda
):
    world = three_w.world
    casework = StrengthKind.objects.create(
        collective=world.national, key="casework", name="Case work"
    )
    three_w.parenting.strengths = ["casework"]
    three_w.parenting.save()
    OrganizationStrength.objects.create(organization=world.org_a, kind=casework)
    OrganizationStrength.objects.create(organization=world.org_b, kind=casework)
    world.org_b.places_served.add(three_w.kharkiv)
    record(three_w, world.org_a, three_w.parenting, [(three_w.lviv, 10, 1)])
    found = selectors.complementarity(world.national)
    assert [(s.strategy["key"], s.organization, s.places) for s in found] == [
        ("case-management", world.org_b, [three_w.kharkiv])
    ]


def test_an_organization_contribution(three_w):
    world = three_w.world
    activity = record(three_w, world.org_a, three_w.parenting, [(three_w.lviv, 10, 1)])
    activity.roles.create(organization=world.org_b, role=OrganizationRole.FUNDING)
    contribution = selectors.contribution(world.org_b)
    assert contribution.activities == [activity]
    assert (contribution.strategies, contribution.places) == (["case-management"], [three_w.lviv])


def test_an_oblast_collective_sees_the_national_work_in_its_places_at_its_own_level(need):
    world = need.world
    Place = type(need.lviv)
    Place.objects.filter(pk=need.raion.pk).delete()  # an oblast with nothing below it
    record(need, world.org_a, need.parenting, [(need.lviv, 100, 40)], group=need.disability)
    record(need, world.org_a, need.parenting, [(need.kharkiv, 10, 1)], group=need.disability)
    matrix = selectors.matrix(world.oblast, group=need.disability)
    assert [(row.place.code, row.reached, row.need) for row in matrix.rows] == [("UA-46", 40, 500)]
    assert [g for g in selectors.gaps(world.oblast) if g.reason == "group"] == []
