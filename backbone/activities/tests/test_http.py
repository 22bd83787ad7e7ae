"""The activities pages: what each shows, who may record, edit, import and review, and that a
refused file or form saves nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from backbone.activities.models import Activity, ActivityComment, OverlapReview
from backbone.activities.services import ActivityInput, PlaceFigures, activity_create
from backbone.network.models import Organization

pytestmark = pytest.mark.django_db


def record(three_w, lead, *, title, place=None, reached=10, kind=None, by=None):
    world = three_w.world
    return activity_create(
        collective=world.national,
        data=ActivityInput(
            kind=kind or three_w.parenting,
            title=title,
            lead=lead,
            places=[PlaceFigures(place or three_w.lviv, targeted=50, reached=reached)],
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            status="ongoing",
            groups=[three_w.disability],
        ),
        by=by or world.staff,
    )


@pytest.fixture
def two_activities(three_w):
    world = three_w.world
    Organization.objects.filter(pk=world.org_a.pk).update(acronym="ORGA")
    world.org_a.refresh_from_db()
    a = record(three_w, world.org_a, title="Parents together", reached=30)
    b = record(three_w, world.org_b, title="Parenting circles", reached=12)
    return a, b


def url(name, three_w, *args):
    return reverse(name, args=[three_w.world.national.slug, *args])


PAGES = [
    "activity_list",
    "activity_matrix",
    "activity_map",
    "activity_gaps",
    "activity_overlaps",
    "activity_complementarity",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_for_a_community_member(client, three_w, two_activities, name):
    client.force_login(three_w.world.community)
    response = client.get(url(name, three_w))
    assert response.status_code == 200
    assert "Parents together" in response.text or name in (
        "activity_matrix",
        "activity_map",
        "activity_gaps",
        "activity_complementarity",
    )


def test_an_outsider_sees_no_activity(client, three_w, two_activities):
    client.force_login(three_w.world.outsider)
    assert client.get(url("activity_list", three_w)).status_code == 403


def test_the_list_filters_by_organization_and_place(client, three_w, two_activities):
    world = three_w.world
    record(three_w, world.org_b, title="Kharkiv parents", place=three_w.kharkiv)
    client.force_login(world.community)
    shown = client.get(url("activity_list", three_w), {"organization": world.org_b.pk}).text
    assert "Parenting circles" in shown and "Kharkiv parents" in shown
    assert "Parents together" not in shown
    shown = client.get(url("activity_list", three_w), {"place": three_w.kharkiv.pk}).text
    assert "Kharkiv parents" in shown and "Parenting circles" not in shown


def test_the_detail_shows_organizations_places_and_groups(client, three_w, two_activities):
    a, _b = two_activities
    client.force_login(three_w.world.community)
    response = client.get(url("activity_detail", three_w, a.pk))
    assert response.status_code == 200
    text = response.text
    assert "Organization A" in text and "Lead" in text
    assert "Lvivska oblast" in text and "Children with disabilities" in text
    assert ">30<" in text  # reached in Lviv
    # A community member neither edits nor comments.
    assert url("activity_edit", three_w, a.pk) not in text
    assert url("activity_comment", three_w, a.pk) not in text


def test_a_reporter_cannot_edit_another_organizations_activity(client, three_w, two_activities):
    a, b = two_activities
    client.force_login(three_w.world.reporter_a)
    assert client.get(url("activity_edit", three_w, a.pk)).status_code == 200
    assert client.get(url("activity_edit", three_w, b.pk)).status_code == 403
    assert client.post(url("activity_edit", three_w, b.pk), {"title": "Mine"}).status_code == 403
    b.refresh_from_db()
    assert b.title == "Parenting circles"


def _form(three_w, lead, **changes):
    data = {
        "title": "Foster carers' school",
        "kind": three_w.foster.pk,
        "lead": lead.pk,
        "status": "planned",
        "start": "2026-03-01",
        "end": "2026-06-30",
        "groups": [three_w.leavers.pk],
        "places-TOTAL_FORMS": "2",
        "places-INITIAL_FORMS": "0",
        "places-0-place": "UA-46 — Lvivska oblast",
        "places-0-targeted": "40",
        "places-0-reached": "",
        "places-1-place": "ua4606",
        "places-1-targeted": "",
        "places-1-reached": "",
    }
    data.update(changes)
    return data


def test_a_reporter_records_an_activity_for_their_organization(client, three_w):
    world = three_w.world
    client.force_login(world.reporter_a)
    form = client.get(url("activity_create", three_w)).text
    assert (
        "Organization A" in form
        and "Organization B" not in form.split('name="lead"')[1].split("</select>")[0]
    )
    response = client.post(url("activity_create", three_w), _form(three_w, world.org_a))
    activity = Activity.objects.get(title="Foster carers' school")
    assert response.status_code == 302
    assert response.url == url("activity_detail", three_w, activity.pk)
    assert {p.place.code: p.targeted for p in activity.places.all()} == {
        "UA-46": 40,
        "UA4606": None,
    }
    assert activity.roles.get(role="lead").organization == world.org_a


def test_a_reporter_cannot_record_one_for_another_organization(client, three_w):
    world = three_w.world
    client.force_login(world.reporter_a)
    response = client.post(url("activity_create", three_w), _form(three_w, world.org_b))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Activity.objects.exists()


def test_a_community_member_records_nothing(client, three_w):
    client.force_login(three_w.world.community)
    assert client.get(url("activity_create", three_w)).status_code == 403
    assert client.get(url("activity_import", three_w)).status_code == 403


def test_the_services_refusal_is_shown_at_its_field(client, three_w):
    world = three_w.world
    client.force_login(world.staff)
    response = client.post(
        url("activity_create", three_w),
        _form(three_w, world.org_b, start="2026-06-01", end="2026-01-01", **{
            "places-0-targeted": "10", "places-0-reached": "20",
        }),
    )  # fmt: skip
    text = response.text
    assert "It ends (2026-01-01) before it starts (2026-06-01)." in text
    assert 'id="id_end_error"' in text
    assert not Activity.objects.exists()
    response = client.post(
        url("activity_create", three_w),
        _form(three_w, world.org_b, **{"places-0-targeted": "10", "places-0-reached": "20"}),
    )
    assert "reached 20 people of 10 targeted" in response.text
    assert not Activity.objects.exists()
    response = client.post(
        url("activity_create", three_w), _form(three_w, world.org_b, **{"places-0-place": "Mars"})
    )
    assert "“Mars” is not a place of this collective" in response.text


def test_staff_edit_any_organizations_activity(client, three_w, two_activities):
    _a, b = two_activities
    world = three_w.world
    client.force_login(world.staff)
    data = _form(
        three_w,
        world.org_b,
        title="Parenting circles, renamed",
        **{"places-INITIAL_FORMS": "0", "places-1-place": ""},
    )
    response = client.post(url("activity_edit", three_w, b.pk), data)
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.title == "Parenting circles, renamed"
    assert [p.place.code for p in b.places.all()] == ["UA-46"]


def test_a_facilitator_comments_and_a_community_member_may_not(client, three_w, two_activities):
    a, _b = two_activities
    world = three_w.world
    Activity.objects.filter(pk=a.pk).update(working_group=world.body)
    client.force_login(world.facilitator)
    response = client.post(url("activity_comment", three_w, a.pk), {"body": "Meet on Tuesday"})
    assert response.status_code == 302
    assert ActivityComment.objects.get().body == "Meet on Tuesday"
    assert "Meet on Tuesday" in client.get(url("activity_detail", three_w, a.pk)).text
    client.force_login(world.community)
    assert client.post(url("activity_comment", three_w, a.pk), {"body": "x"}).status_code == 403


def test_the_matrix_names_the_organizations_of_each_place(client, three_w, two_activities):
    client.force_login(three_w.world.community)
    response = client.get(url("activity_matrix", three_w), {"by": "kind"})
    text = response.text
    assert "Parenting programme" in text  # a column
    assert "ORGA" in text and "Organization B" in text  # short names in the Lviv cell
    assert "42 reached" in text  # 30 + 12


def test_the_map_shades_the_oblasts_and_tables_the_same(client, three_w, two_activities):
    client.force_login(three_w.world.community)
    text = client.get(url("activity_map", three_w)).text
    assert "<svg" in text and "Lvivska oblast: 2" in text  # the tile's title: two organizations
    assert "Kharkivska oblast: 0" in text
    assert '<span class="code">UA-46</span>' in text


def test_marking_an_overlap_reviewed_needs_a_reason_then_hides_it(client, three_w, two_activities):
    world = three_w.world
    client.force_login(world.staff)
    page = client.get(url("activity_overlaps", three_w)).text
    assert "1 overlap to look at" in page
    assert "Parents together" in page and "Parenting circles" in page
    fields = {
        "place": three_w.lviv.pk,
        "kind": three_w.parenting.pk,
        "group": three_w.disability.pk,
        "year": 2026,
    }
    response = client.post(url("activity_overlap_review", three_w), {**fields, "reason": " "})
    assert response.status_code == 302
    assert not OverlapReview.objects.exists()
    page = client.get(url("activity_overlaps", three_w)).text
    assert "Say why these activities complement each other" in page
    response = client.post(
        url("activity_overlap_review", three_w),
        {**fields, "reason": "One for mothers, one for fathers"},
    )
    assert response.status_code == 302
    page = client.get(url("activity_overlaps", three_w)).text
    assert "0 overlaps to look at" in page
    assert "One for mothers, one for fathers" in page  # among the reviewed


def test_a_community_member_cannot_mark_an_overlap_reviewed(client, three_w, two_activities):
    client.force_login(three_w.world.community)
    response = client.post(
        url("activity_overlap_review", three_w),
        {"place": three_w.lviv.pk, "kind": three_w.parenting.pk, "year": 2026, "reason": "x"},
    )
    assert response.status_code == 403
    assert "Mark reviewed" not in client.get(url("activity_overlaps", three_w)).text


HEADER = "Organisation,Kind,Activity,Oblast,Start,End,Status,Group,Targeted,Reached"
GOOD = "Organization A,parenting,Parents together,UA-46,2026-01-01,2026-12-31,ongoing,disability,100,40"
BAD = "Organization A,juggling,Circus school,UA-46,2026-01-01,2026-12-31,ongoing,disability,10,5"


def upload(*rows, name="3w.csv"):
    stream = io.BytesIO("\n".join(rows).encode())
    stream.name = name
    return stream


def test_an_import_with_a_bad_row_shows_its_row_and_column_and_saves_nothing(client, three_w):
    client.force_login(three_w.world.reporter_a)
    response = client.post(url("activity_import", three_w), {"file": upload(HEADER, GOOD, BAD)})
    assert response.status_code == 200
    text = response.text
    assert "was not imported: nothing was saved" in text
    assert '<td class="num">3</td><td dir="auto">Kind</td>' in text
    assert "juggling" in text
    assert not Activity.objects.exists()


def test_an_import_shows_what_it_did_and_lists_the_import(client, three_w):
    client.force_login(three_w.world.reporter_a)
    response = client.post(
        url("activity_import", three_w), {"file": upload(HEADER, GOOD), "dry_run": "on"}
    )
    assert "Dry run of 3w.csv: nothing was saved" in response.text
    assert not Activity.objects.exists()
    response = client.post(url("activity_import", three_w), {"file": upload(HEADER, GOOD)})
    text = response.text
    assert "3w.csv is imported" in text
    assert "New: <strong>1</strong>" in text
    assert Activity.objects.get().title == "Parents together"
    assert "reporter_a" in text.split("Recent imports")[1]  # who imported it


def test_a_file_of_unknown_columns_is_mapped_and_imported(client, three_w):
    client.force_login(three_w.world.staff)
    header = "Who,What kind,What,Where,Start,End,Status,Group,Targeted,Reached"
    response = client.post(url("activity_import", three_w), {"file": upload(header, GOOD)})
    text = response.text
    assert 'id="column-mapping"' in text and "No column holds the kind" in text
    token = text.split("/columns/")[0].rsplit("/", 1)[1]
    answer = {f"column-{i}": "" for i in range(10)}
    answer.update(
        {"column-0": "lead", "column-1": "kind", "column-2": "title", "column-3": "place"}
    )
    response = client.post(url("activity_import_mapped", three_w, token), answer)
    assert "3w.csv is imported" in response.text
    activity = Activity.objects.get()
    assert activity.title == "Parents together"
    assert activity.roles.get().organization == three_w.world.org_a


def test_the_organization_page_says_what_it_contributes(client, three_w, two_activities):
    world = three_w.world
    client.force_login(world.community)
    response = client.get(reverse("organization_detail", args=["nation", world.org_a.pk]))
    text = response.text
    assert "What it contributes" in text
    assert "Parents together" in text and "Parenting circles" not in text
    assert "case-management" in text  # the strategy of its kind


def test_the_nav_links_the_activities_for_members(client, three_w):
    client.force_login(three_w.world.community)
    text = client.get(url("activity_list", three_w)).text
    assert f'href="{url("activity_list", three_w)}"' in text
