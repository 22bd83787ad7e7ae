"""The 3W importer: what a file becomes, what it is refused for, and that nothing doubles."""

import io

import pytest
from lxml import etree

from backbone.accounts.services import role_grant
from backbone.activities.exports import export_activities, iati_activities
from backbone.activities.imports import ActivitiesRefused, import_activities, parse_date
from backbone.activities.models import (
    Activity,
    ActivityImport,
    ActivityPlace,
    ActivityStatus,
    OrganizationRole,
)
from backbone.activities.testing import MALI_3W, SHARED, build_rowca
from backbone.lib.roles import RoleKind
from backbone.measurement.tests.test_iati import iati_schema
from backbone.network.models import Organization, Place

HEADER = "Organisation,Partner,Kind,Activity,Oblast,Raion,Start,End,Status,Group,Targeted,Reached F,Reached M,Note"
TAGS = "#org,#org+impl,#activity+type,#activity+name,#adm1+code,#adm2+name,#date+start,#date+end,#status,#beneficiary,#targeted,#reached+f,#reached+m,#meta+note"


def hxl(*rows: str) -> io.BytesIO:
    return io.BytesIO("\n".join([HEADER, TAGS, *rows]).encode())


def run(three_w, user, stream, name="3w.csv", **options):
    return import_activities(
        collective=three_w.world.national, user=user, file_name=name, stream=stream, **options
    )


ROW_A1 = "Organization A,Organization B,parenting,Parents together,UA-46,,2026-01-01,2026-12-31,ongoing,disability,100,30,20,"
ROW_A2 = "Organization A,Organization B,parenting,Parents together,UA-63,,2026-01-01,2026-12-31,ongoing,disability,50,10,5,"
ROW_B = "Organization B,,foster-training,Foster school,UA-46,Lvivskyi raion,2026-03,2026-06,,care-leavers,20,,,"


def test_rows_repeating_an_activity_in_other_places_are_one_activity(three_w):
    world = three_w.world
    result = run(three_w, world.staff, hxl(ROW_A1, ROW_A2, ROW_A1, ROW_B))
    assert (result.rows, result.activities, result.new, result.repeated) == (4, 2, 2, 1)
    parents = Activity.objects.get(title="Parents together")
    figures = {p.place.code: (p.targeted, p.reached) for p in parents.places.all()}
    assert figures == {"UA-46": (100, 50), "UA-63": (50, 15)}  # reached f + m
    assert {(r.organization.name, r.role) for r in parents.roles.all()} == {
        ("Organization A", OrganizationRole.LEAD),
        ("Organization B", OrganizationRole.IMPLEMENTING),
    }
    assert [g.code for g in parents.groups.all()] == ["disability"]
    foster = Activity.objects.get(title="Foster school")
    # The raion's name is looked up under the oblast the row names; a month is its first or
    # last day; no status with dates under way today → from the dates.
    assert [p.place.code for p in foster.places.all()] == ["UA4606"]
    assert (foster.start.isoformat(), foster.end.isoformat()) == ("2026-03-01", "2026-06-30")
    assert foster.status == ActivityStatus.COMPLETED  # ended before today (2026-12)
    record = ActivityImport.objects.get()
    assert (record.rows, record.activities, record.by) == (4, 2, world.staff)
    assert parents.history.first().history_change_reason == "3w.csv"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (ROW_A1.replace("2026-12-31", "2025-12-31"), "End", "ends (2025-12-31) before it starts"),
        (ROW_A1.replace(",100,30,20,", ",10,30,20,"), "Reached F", "reached 50 people of 10"),
        (ROW_A1.replace("UA-46", "PL"), "Oblast", "outside National collective"),
        (ROW_A1.replace("parenting", "juggling"), "Kind", "“juggling” is not a kind of activity"),
        (ROW_A1.replace("disability", "pets"), "Group", "“pets” is not a group"),
        (ROW_A1.replace("ongoing", "sleeping"), "Status", "“sleeping” is not a status"),
        (ROW_A1.replace("2026-01-01", "soon"), "Start", "“soon” is not a date"),
        (ROW_A1.replace(",30,", ",-3,"), "Reached F", "is not a number of people"),
        (ROW_A1.replace("Organization A", "Nobody Ltd"), "Organisation", "“Nobody Ltd” is not an organization"),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_at_its_row_and_column_and_nothing_is_saved(
    three_w, row, column, words
):
    Place.objects.create(code="PL", name="Poland", level=0)
    with pytest.raises(ActivitiesRefused) as refused:
        run(three_w, three_w.world.staff, hxl(ROW_B, row))
    messages = [str(p) for p in refused.value.problems]
    assert any(m.startswith(f"row 4, column {column}: ") and words in m for m in messages), messages
    assert not Activity.objects.exists() and not ActivityImport.objects.exists()


def test_reached_above_targeted_is_taken_with_a_note(three_w):
    row = ROW_A1.replace(",100,30,20,", ",10,30,20,Families came from a closed shelter")
    run(three_w, three_w.world.staff, hxl(row))
    assert Activity.objects.get().note == "Families came from a closed shelter"


def test_a_reporter_imports_for_their_own_organization_only(three_w):
    world = three_w.world
    with pytest.raises(ActivitiesRefused) as refused:
        run(three_w, world.reporter_a, hxl(ROW_A1, ROW_B))
    assert [str(p) for p in refused.value.problems] == [
        "row 4, column Organisation: You record activities for your own organization only; "
        "this row names Organization B."
    ]
    assert not Activity.objects.exists()
    result = run(three_w, world.reporter_a, hxl(ROW_A1, ROW_A2))
    assert result.activities == 1
    assert ActivityImport.objects.get().organization == world.org_a


def test_a_reporter_cannot_create_organizations(three_w):
    row = ROW_A1.replace("Organization A", "Nobody Ltd")
    with pytest.raises(ActivitiesRefused):
        run(three_w, three_w.world.reporter_a, hxl(row), create_organizations=True)
    assert not Organization.objects.filter(name="Nobody Ltd").exists()


def test_unknown_organizations_are_listed_then_created_with_their_kind_when_asked(three_w):
    header = "Org,Type,Kind,Activity,Place"
    tags = "#org,#org+type,#activity+type,#activity,#adm1+code"
    data = f"{header}\n{tags}\nHope Ministry,Government,parenting,Visits,UA-46\nNew Hope,International NGO,parenting,Visits,UA-63\n"
    with pytest.raises(ActivitiesRefused) as refused:
        run(three_w, three_w.world.staff, io.BytesIO(data.encode()))
    assert len(refused.value.problems) == 2
    result = run(three_w, three_w.world.staff, io.BytesIO(data.encode()), create_organizations=True)
    assert {(o.name, o.kind) for o in result.created_organizations} == {
        ("Hope Ministry", "ministry"),
        ("New Hope", "ngo"),
    }
    assert result.activities == 2


def test_an_organization_is_found_by_its_acronym_or_another_language(three_w):
    world = three_w.world
    Organization.objects.filter(pk=world.org_a.pk).update(acronym="OA", name_uk="Організація А")
    rows = [
        ROW_A1.replace("Organization A", "OA"),
        ROW_A2.replace("Organization A", "організація а"),
    ]
    assert run(three_w, world.staff, hxl(*rows)).activities == 1


def test_the_same_file_twice_doubles_nothing(three_w):
    staff = three_w.world.staff
    run(three_w, staff, hxl(ROW_A1, ROW_B))
    again = run(three_w, staff, hxl(ROW_A1, ROW_B), name="copy.csv")
    assert again.duplicate_of is not None
    assert Activity.objects.count() == 2 and ActivityImport.objects.count() == 1


def test_a_corrected_file_replaces_the_earlier_import_keeping_its_history(three_w):
    staff = three_w.world.staff
    run(three_w, staff, hxl(ROW_A1, ROW_A2, ROW_B))
    foster = Activity.objects.get(title="Foster school")
    corrected = run(three_w, staff, hxl(ROW_A1.replace(",30,20,", ",40,20,"), ROW_B))
    assert (corrected.new, corrected.updated, corrected.removed) == (0, 2, 0)
    parents = Activity.objects.get(title="Parents together")
    assert {p.place.code: p.reached for p in parents.places.all()} == {"UA-46": 60}
    assert Activity.objects.get(title="Foster school").pk == foster.pk
    first, second = ActivityImport.objects.order_by("at")
    assert first.replaced_by == second
    # A third version without the foster school removes it; the history keeps it.
    run(three_w, staff, hxl(ROW_A1))
    assert not Activity.objects.filter(pk=foster.pk).exists()
    assert Activity.history.filter(id=foster.pk, history_type="-").exists()


def test_an_export_imports_back_unchanged(three_w):
    staff = three_w.world.staff
    run(three_w, staff, hxl(ROW_A1, ROW_A2, ROW_B))
    Activity.objects.filter(title="Parents together").update(budget=1200, currency="EUR")
    for fmt, name in (("hxl", "back.csv"), ("csv", "back2.csv"), ("xlsx", "back.xlsx")):
        before = export_activities(three_w.world.national, "csv")
        data = export_activities(three_w.world.national, fmt)
        result = run(three_w, staff, io.BytesIO(data), name=name)
        assert (result.new, result.updated) == (0, 2), fmt
        assert export_activities(three_w.world.national, "csv") == before, fmt
    assert Activity.objects.count() == 2 and ActivityPlace.objects.count() == 3


def test_the_hxl_export_keeps_its_tags_for_libhxl(three_w):
    import hxl as libhxl

    run(three_w, three_w.world.staff, hxl(ROW_A1, ROW_A2))
    data = export_activities(three_w.world.national, "hxl")
    dataset = libhxl.data(io.BytesIO(data))
    assert "#org+name" in dataset.display_tags and "#loc+code" in dataset.display_tags
    assert sorted(dataset.get_value_set("#loc+code")) == ["UA-46", "UA-63"]


def test_activities_with_a_budget_are_valid_iati(three_w):
    run(three_w, three_w.world.staff, hxl(ROW_A1, ROW_B))
    Activity.objects.filter(title="Parents together").update(budget=1200, currency="EUR")
    document = etree.fromstring(iati_activities(three_w.world.national))
    iati_schema().assertValid(document)
    activities = document.findall("iati-activity")
    assert len(activities) == 1  # the foster school has no budget
    assert activities[0].find("budget/value").text == "1200.00"
    assert activities[0].find("budget/value").get("currency") == "EUR"
    assert {p.get("role") for p in activities[0].findall("participating-org")} == {"4"}


def test_parse_date_reads_the_forms_3w_files_use():
    assert parse_date("31/03/2025").isoformat() == "2025-03-31"
    assert parse_date("31.03.2025").isoformat() == "2025-03-31"
    assert parse_date("2025-02", end=True).isoformat() == "2025-02-28"
    assert parse_date("2024", end=True).isoformat() == "2024-12-31"
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("next spring")


@pytest.fixture
def rowca(world):
    collective, kinds = build_rowca()
    role_grant(user=world.staff, collective=collective, kind=RoleKind.STAFF)
    return collective


def mali(world, rowca, **options):
    with MALI_3W.open("rb") as stream:
        return import_activities(
            collective=rowca, user=world.staff, file_name=MALI_3W.name, stream=stream, **options
        )


# OCHA's 2014 3W for Mali and Senegal (pre-1.0 hashtags): one row per project, activity,
# indicator, month and region. The activity is the project's code, the organization and the
# activity's id; the cluster is the kind; the Admin2 column is mostly empty.
MALI_MAPPING = {"kind": "#sector", "key": "ProjectCode,#org,#activity_id"}


def test_the_ocha_3w_imports_with_a_stated_mapping(world, rowca):
    result = mali(
        world,
        rowca,
        mapping=MALI_MAPPING,
        ignored=["Admin2", "Achieved"],
        create_organizations=True,
    )
    assert (result.rows, result.activities, result.repeated) == (244, 55, 69)
    assert len(result.created_organizations) == 11
    # "Segou" in the file is Ségou (ML-4); Senegal's regions are found as well.
    places = set(ActivityPlace.objects.values_list("place__code", flat=True))
    assert {"ML-4", "ML-7", "SN-ZG"} <= places
    assert Activity.objects.filter(collective=rowca).count() == 55


def test_the_ocha_3w_with_its_figures_is_refused_for_the_rows_that_are_not_people(world, rowca):
    with pytest.raises(ActivitiesRefused) as refused:
        mali(world, rowca, mapping=MALI_MAPPING, ignored=["Admin2"], create_organizations=True)
    messages = [str(p) for p in refused.value.problems]
    assert (
        "row 7, column Achieved: “24.06” is not a number of people (0 or more, whole)." in messages
    )
    assert all(p.row and p.column for p in refused.value.problems)
    assert (
        not Activity.objects.exists() and not Organization.objects.filter(collective=rowca).exists()
    )


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (SHARED / "hxl").glob("*.csv") if p.name != MALI_3W.name)
)
def test_every_other_hxl_file_is_refused_with_reasons(world, rowca, name):
    """None of them is a 3W: each is refused saying which column or row is wanting."""
    with (SHARED / "hxl" / name).open("rb") as stream, pytest.raises(ActivitiesRefused) as refused:
        import_activities(collective=rowca, user=world.staff, file_name=name, stream=stream)
    assert refused.value.problems
    assert all(p.row or p.column for p in refused.value.problems), refused.value.problems
    assert not Activity.objects.exists()


def test_a_dry_run_that_would_create_organizations_saves_none(three_w):
    row = ROW_A1.replace("Organization A", "Nobody Ltd")
    result = run(three_w, three_w.world.staff, hxl(row), create_organizations=True, dry_run=True)
    assert (result.activities, [o.name for o in result.created_organizations]) == (
        1,
        ["Nobody Ltd"],
    )
    assert not Organization.objects.filter(name="Nobody Ltd").exists()
    assert not Activity.objects.exists() and not ActivityImport.objects.exists()


def test_a_long_key_or_title_never_reaches_the_database_as_such(three_w):
    """A key built of several columns may be longer than the stored key (PostgreSQL refuses
    it, SQLite would keep it): it is stored as a digest, the same for the same file; a title
    longer than the field is refused with its row and column."""
    from backbone.activities.imports.save import KEY_LENGTH, fitted_key

    long_key = "|".join(["PROJECT-" + "X" * 40, "Organization with a long name", "ACT-1"])
    assert len(long_key) > KEY_LENGTH
    assert fitted_key(long_key) == fitted_key(long_key)
    assert len(fitted_key(long_key)) <= KEY_LENGTH
    assert fitted_key("short") == "short"
    world = three_w.world
    with pytest.raises(ActivitiesRefused) as refused:
        run(three_w, world.staff, hxl(ROW_A1.replace("Parents together", "P" * 301)))
    assert any("301 characters long" in str(p) for p in refused.value.problems)
    assert not Activity.objects.exists()
