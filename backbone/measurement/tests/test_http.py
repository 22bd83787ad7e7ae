"""Measurement through the web and the API: each role can do what it should, nothing more."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from backbone.accounts.services import role_grant
from backbone.accounts.tests.test_http_access import api_headers, client_for
from backbone.measurement import services
from backbone.measurement.models import Submission, SubmissionStatus, Value
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.testing import approved_upload, csv_file
from backbone.network.models import Organization, Place
from backbone.testing import PERSONAS

ROWS = [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"}]


def _draft_b(world):
    return import_values(
        collective=world.oblast,
        organization=world.org_b,
        user=world.reporter_b,
        file_name="b.csv",
        stream=csv_file(ROWS),
    ).submission


PAGES = [
    ("measurement_dashboard", lambda w, s: {"slug": "nation"}, set(PERSONAS)),
    ("indicator_detail", lambda w, s: {"slug": "nation", "code": "in-care"}, set(PERSONAS)),
    ("indicator_equity", lambda w, s: {"slug": "nation", "code": "in-care"}, set(PERSONAS)),
    ("submission_list", lambda w, s: {"slug": "nation"}, {"admin", "staff", "reporter_a"}),
    ("template_download", lambda w, s: {"slug": "ua-46"}, {"admin", "staff", "reporter_a", "reporter_b"}),
    ("submission_detail", lambda w, s: {"slug": "ua-46", "pk": s.pk}, {"admin", "staff", "reporter_b"}),
]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_page_access(measure, world, persona, name, kwargs, allowed):
    submission = _draft_b(world)
    response = client_for(world, persona).get(reverse(name, kwargs=kwargs(world, submission)))
    if persona in allowed:
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        # Another organization's submission is not even acknowledged to its reporters.
        hidden = name == "submission_detail" and persona == "reporter_a"
        assert response.status_code == (404 if hidden else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_approve_through_the_web(measure, world, persona):
    submission = _draft_b(world)
    client_for(world, "reporter_b").post(
        reverse("submission_action", args=["ua-46", submission.pk, "submit"])
    )
    client_for(world, persona).post(
        reverse("submission_action", args=["ua-46", submission.pk, "approve"])
    )
    submission.refresh_from_db()
    approved = submission.status == SubmissionStatus.APPROVED
    assert approved is (persona in {"admin", "staff"})
    assert Value.objects.filter(approved=True).exists() is approved


def test_upload_with_errors_shows_rows_and_saves_nothing(measure, world):
    client = client_for(world, "reporter_a")
    data = csv_file([dict(ROWS[0], value="ten")]).getvalue()
    upload = io.BytesIO(data)
    upload.name = "values.csv"
    response = client.post(
        reverse("submission_upload", args=["nation"]),
        {"organization": world.org_a.pk, "file": upload},
    )
    assert response.status_code == 422
    assert "“ten” is not a number." in response.content.decode()
    assert Submission.objects.count() == 0
    token = response.context["rejected"]
    errors = client.get(reverse("rejected_errors", args=["nation", token]))
    assert errors.status_code == 200
    lines = errors.content.decode().splitlines()
    assert lines[0] == "indicator,place,period,value,errors"
    assert lines[1] == "workers,UA-46,2025-01,ten,value: “ten” is not a number."
    # Someone else cannot fetch that file.
    other = client_for(world, "staff").get(reverse("rejected_errors", args=["nation", token]))
    assert other.status_code == 404
    # The address the refused upload left in the browser, reloaded, leads back to the form
    # (the demo's reporter also starts there).
    again = client.get(reverse("submission_upload", args=["nation"]))
    assert again.status_code == 302
    assert again["Location"] == reverse("submission_list", args=["nation"]) + "#upload-heading"
    page = client.get(again["Location"])
    assert page.status_code == 200
    assert "Upload values" in page.content.decode()


OWN_COLUMNS = [
    ["Indicator ID", "Oblast", "Month", "Gender", "Age band", "Children", "Remarks"],
    ["in-care", "UA-46", "2025-01", "f", "0-4", "3", "checked by phone"],
    ["in-care", "UA-46", "2025-01", "m", "0-4", "4", ""],
]


def _upload_own_columns(client):
    upload = io.BytesIO(csv_file(OWN_COLUMNS[1:], headers=OWN_COLUMNS[0]).getvalue())
    upload.name = "oblast-report.csv"
    return client.post(
        reverse("submission_upload", args=["nation"]),
        {"organization": Organization.objects.get(name="Organization A").pk, "file": upload},
    )


def test_a_file_with_its_own_column_names_can_be_mapped_in_the_browser(measure, world):
    client = client_for(world, "reporter_a")
    refused = _upload_own_columns(client)
    assert refused.status_code == 422
    columns = refused.context["columns"]
    assert [(c["label"], c["sample"], c["role"]) for c in columns] == [
        ("Indicator ID", "in-care", ""),
        ("Oblast", "UA-46", ""),
        ("Month", "2025-01", "period"),  # a header we know
        ("Gender", "f", ""),
        ("Age band", "0-4", "age"),  # the age dimension's name
        ("Children", "3", ""),
        ("Remarks", "checked by phone", ""),
    ]
    assert 'name="column-6"' in refused.content.decode()
    token = refused.context["rejected"]
    url = reverse("submission_upload_mapped", args=["nation", token])
    chosen = {"column-0": "indicator", "column-1": "place", "column-2": "period",
              "column-3": "sex", "column-4": "age", "column-5": "value", "column-6": ""}  # fmt: skip
    # Someone else's session does not have this file.
    assert client_for(world, "staff").post(url, chosen).status_code == 404
    # Two columns said to hold the place: refused, nothing saved, the choices kept.
    twice = client.post(url, {**chosen, "column-0": "place"})
    assert twice.status_code == 422
    assert (
        "“Indicator ID” and “Oblast” are both marked as the place code; keep one."
        in twice.content.decode()
    )
    assert [c["role"] for c in twice.context["columns"]][:2] == ["place", "place"]
    assert Submission.objects.count() == 0
    mapped = client.post(url, chosen)
    assert mapped.status_code == 302
    submission = Submission.objects.get()
    assert submission.organization.name == "Organization A"
    assert sorted(Value.objects.filter(submission=submission).values_list("value", flat=True)) == [
        3,
        4,
    ]


def test_a_mapping_that_leaves_a_column_unexplained_asks_again(measure, world):
    client = client_for(world, "reporter_a")
    token = _upload_own_columns(client).context["rejected"]
    url = reverse("submission_upload_mapped", args=["nation", token])
    again = client.post(url, {"column-0": "indicator", "column-1": "place", "column-2": "period"})
    assert again.status_code == 422
    body = again.content.decode()
    assert "the file has no value column" in body
    assert 'id="column-mapping"' in body  # the form again, with the choices made so far
    assert [c["role"] for c in again.context["columns"]][:3] == ["indicator", "place", "period"]
    assert Submission.objects.count() == 0


def test_submission_page_narrows_and_pages_the_values(measure, world, monkeypatch):
    from backbone.measurement.views import submissions as submission_views

    rows = [
        {"indicator": "in-care", "place": place, "period": "2025-01", "sex": sex, "age": "0-4",
         "value": str(n)}
        for n, (place, sex) in enumerate(
            [("UA-46", "f"), ("UA-46", "m"), ("UA-46-001", "f"), ("UA-63", "f")], start=1
        )
    ] + [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "9"}]  # fmt: skip
    submission = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="five.csv",
        stream=csv_file(rows),
    ).submission
    client = client_for(world, "reporter_a")
    url = reverse("submission_detail", args=["nation", submission.pk])

    def shown(query=""):
        response = client.get(url + query)
        assert response.status_code == 200
        return [
            (r["value"].indicator.code, r["value"].place.code) for r in response.context["rows"]
        ]

    everything = shown()
    assert len(everything) == 5
    assert shown("?indicator=workers") == [("workers", "UA-46")]
    assert shown("?indicator=in-care&place=ua-46") == [
        ("in-care", "UA-46"), ("in-care", "UA-46"), ("in-care", "UA-46-001")
    ]  # fmt: skip
    assert shown("?place=UA-99") == []
    monkeypatch.setattr(submission_views, "VALUES_PER_PAGE", 2)
    first, second = shown("?indicator=in-care"), shown("?indicator=in-care&page=2")
    assert len(first) == len(second) == 2
    assert sorted(first + second) == sorted(everything[:4])  # in-care sorts first
    assert shown("?indicator=in-care&page=9") == second  # past the end: the last page
    page = client.get(url + "?indicator=in-care").content.decode()
    assert "?indicator=in-care&amp;page=2" in page


def test_reporter_cannot_upload_for_another_organization(measure, world):
    upload = io.BytesIO(csv_file(ROWS).getvalue())
    upload.name = "values.csv"
    response = client_for(world, "reporter_a").post(
        reverse("submission_upload", args=["ua-46"]),
        {"organization": world.org_b.pk, "file": upload},
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert Submission.objects.count() == 0


def test_indicator_page_download_is_exactly_the_table_shown(measure, world):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[
            {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"},
            {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": "4"},
        ],
    )
    client = client_for(world, "anonymous")
    page = client.get(reverse("indicator_detail", args=["nation", "workers"]))
    assert page.status_code == 200
    csv_response = client.get(
        reverse("indicator_detail", args=["nation", "workers"]) + "?format=csv&table=series"
    )
    assert csv_response.content.decode().splitlines() == [
        "period,value,definition_version",
        "2025-01,14.0,1",
    ]
    places = client.get(
        reverse("indicator_detail", args=["nation", "workers"]) + "?format=csv&table=places"
    )
    assert places.content.decode().splitlines()[1:] == [
        "UA-46,Lviv oblast,2025-01,10.0",
        "UA-63,Kharkiv oblast,2025-01,4.0",
    ]


def test_tables_and_downloads_crossing_a_definition_change_mark_it(measure, world):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[
            {"indicator": "in-care", "place": "UA-46", "period": period, "sex": sex, "age": "0-4",
             "value": value}
            for period, sex, value in [("2025-01", "f", "3"), ("2025-01", "m", "4"),
                                       ("2025-02", "f", "5"), ("2025-02", "m", "6")]
        ],
    )  # fmt: skip
    services.indicator_redefine(
        indicator=measure.in_care,
        counting_rule="Also children in small group homes.",
        effective_from=dt.date(2025, 2, 1),
        change_note="small group homes counted",
        by=world.staff,
    )
    client = client_for(world, "anonymous")
    url = reverse("indicator_detail", args=["nation", "in-care"])
    by_sex = client.get(url + "?format=csv&table=dim-sex").content.decode().splitlines()
    assert by_sex == ["period,f,m,definition_version", "2025-01,3.0,4.0,1", "2025-02,5.0,6.0,2"]
    page = client.get(url).content.decode()
    # The series table, each dimension's table: the period where version 2 starts says so.
    assert page.count("(definition v2)") == 1 + measure.in_care.dimensions.count()
    equity = client.get(reverse("indicator_equity", args=["nation", "in-care"])).content.decode()
    assert "(definition v2)" in equity


# API -----------------------------------------------------------------------------------


def _post_values(world, persona, org, values, slug="nation"):
    return client_for(world, "anonymous").post(
        f"/api/collectives/{slug}/submissions",
        data=json.dumps({"organization_id": org.pk, "values": values, "submit": True}),
        content_type="application/json",
        **api_headers(world, persona),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_submit_values_for_own_organization_only(measure, world, persona):
    values = [{"indicator": "in-care", "place": "UA-46", "period": "2025-01",
               "categories": {"sex": "f", "age": "0-4"}, "value": 3}]  # fmt: skip
    response = _post_values(world, persona, world.org_a, values)
    created = Submission.objects.filter(organization=world.org_a).exists()
    if persona in {"admin", "staff", "reporter_a"}:
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "submitted"
        assert created
    else:
        assert response.status_code == (401 if persona == "anonymous" else 403)
        assert not created


def test_api_refusal_lists_problems_by_row_and_field(measure, world):
    values = [
        {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": 3},
        {"indicator": "workers", "place": "UA-46", "period": "2025-13", "value": -1},
    ]
    response = _post_values(world, "reporter_a", world.org_a, values)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {
            "row": 2,
            "column": "period",
            "message": "“2025-13” is not a period; write 2025-01, 2025-Q1 or 2025.",
        },
        {"row": 2, "column": "value", "message": "a value cannot be negative."},
    ]
    assert Submission.objects.count() == 0


def test_api_organization_of_another_collective_is_not_found_through_this_one(measure, world):
    response = _post_values(world, "staff", world.org_a, [], slug="ua-46")
    assert response.status_code == 404
    assert _post_values(world, "staff", world.org_a, [], slug="elsewhere").status_code == 403


def test_api_review_and_rollup(measure, world):
    response = _post_values(world, "reporter_a", world.org_a, [
        {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": 3},
        {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": 4},
    ])  # fmt: skip
    pk = response.json()["id"]
    client = client_for(world, "anonymous")
    refused = client.post(
        f"/api/collectives/nation/submissions/{pk}/approve", **api_headers(world, "reporter_a")
    )
    assert refused.status_code == 403
    approved = client.post(
        f"/api/collectives/nation/submissions/{pk}/approve", **api_headers(world, "staff")
    )
    assert approved.json()["status"] == "approved"
    rollup = client.get("/api/collectives/nation/indicators/workers/rollup?by=place:1")
    assert rollup.status_code == 200
    assert [(r["place"], r["value"]) for r in rollup.json()["rows"]] == [
        ("UA-46", 3.0),
        ("UA-63", 4.0),
    ]
    bad = client.get("/api/collectives/nation/indicators/workers/rollup?by=colour")
    assert bad.status_code == 422


def test_web_grid_saves_a_draft_with_one_value_per_filled_cell(measure, world):
    world.org_a.places_served.set([measure.lviv, measure.kharkiv])
    client = client_for(world, "reporter_a")
    query = f"?organization={world.org_a.pk}&period=2025-03&indicators={measure.in_care.pk}"
    url = reverse("submission_grid", args=["nation"]) + query
    page = client.get(url)
    assert page.status_code == 200
    # One grid per place the organization serves, each sex × age band: 2 × 2 cells.
    grids = page.context["grids"]
    assert [g.place.code for g in grids] == ["UA-46", "UA-63"]
    assert all(len(g.cells) == 4 for g in grids)
    first = page.context["grids"][0]
    refused = client.post(url, {first.cells[0].name: "5", first.cells[1].name: "-2"})
    assert refused.status_code == 422
    assert refused.context["errors"] == {first.cells[1].name: ["a value cannot be negative."]}
    assert Submission.objects.count() == 0
    saved = client.post(url, {first.cells[0].name: "5", first.cells[1].name: "2"})
    assert saved.status_code == 302
    submission = Submission.objects.get()
    assert submission.source == "web" and submission.status == "draft"
    assert sorted(Value.objects.values_list("value", flat=True)) == [2.0, 5.0]
    # Opening the grid again shows what was entered; saving again replaces the draft.
    again = client.get(url)
    assert again.context["grids"][0].cells[0].value == "5"
    client.post(url, {first.cells[0].name: "6", first.cells[1].name: "2"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REPLACED


def _grid_choices(world, persona: str, slug: str) -> list:
    page = client_for(world, persona).get(reverse("submission_grid", args=[slug]))
    assert page.status_code == 200
    return list(page.context["form"].fields["organization"].queryset)


def test_web_grid_offers_a_reporter_only_their_organization(measure, world):
    # The national collective's tree holds both organizations; each reporter is offered theirs.
    assert _grid_choices(world, "staff", "nation") == [world.org_a, world.org_b]
    assert _grid_choices(world, "reporter_a", "nation") == [world.org_a]
    assert _grid_choices(world, "reporter_b", "ua-46") == [world.org_b]
    # Organization A is national: the oblast collective cannot file for it (the pipeline
    # refuses "This organization is not in this collective."), so its reporter, whose role
    # reaches down into the oblast, is offered nothing there, and not organization B.
    assert _grid_choices(world, "reporter_a", "ua-46") == []


def test_completeness_shows_late_organizations_and_staff_remind_them(measure, world):
    from backbone.communication.models import Notification
    from backbone.measurement.services import assignment_add

    for org, collective in ((world.org_a, world.national), (world.org_b, world.oblast)):
        assignment_add(collective=collective, organization=org, indicator=measure.workers)
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    url = reverse("completeness", args=["nation"]) + "?period=2025-01"
    page = client_for(world, "steering").get(url)
    [row] = page.context["rows"]
    assert row["reported"] == [world.org_a] and row["late"] == [world.org_b]
    assert client_for(world, "reporter_a").post(url).status_code == 403
    assert not Notification.objects.filter(user=world.reporter_b).exists()
    response = client_for(world, "staff").post(url)
    assert response.status_code == 302
    from backbone.events.testing import run_worker

    assert not Notification.objects.filter(user=world.reporter_b).exists()  # not in the request
    run_worker()
    [note] = Notification.objects.filter(user=world.reporter_b)
    assert note.text == "Reminder: Organization B has not reported workers for 2025-01 yet."
    assert not Notification.objects.filter(
        user=world.reporter_a, text__startswith="Reminder"
    ).exists()


@pytest.mark.parametrize("persona", ["staff", "reporter_a", "steering", "anonymous"])
def test_only_staff_record_overlaps(measure, world, persona):
    from backbone.measurement.models import Adjustment

    url = reverse("adjustment_add", args=["nation", "workers"])
    client_for(world, persona).post(
        url, {"place": measure.lviv.pk, "period": "2025-01", "amount": "3", "reason": "Same team"}
    )
    assert Adjustment.objects.exists() is (persona == "staff")


def test_overlap_form_errors_are_said_and_nothing_saved(measure, world):
    from backbone.measurement.models import Adjustment

    url = reverse("adjustment_add", args=["nation", "workers"])
    response = client_for(world, "staff").post(
        url,
        {"place": measure.lviv.pk, "period": "March", "amount": "-3", "reason": ""},
        follow=True,
    )
    text = response.content.decode()
    assert "Write the month as 2026-10." in text
    assert not Adjustment.objects.exists()


def _indicator_post(**changes):
    data = {
        "code": "kinship",
        "name_en": "Children in kinship care",
        "name_uk": "Діти під опікою родичів",
        "counting_rule_en": "Children living with relatives under guardianship at month end.",
        "counting_rule_uk": "Діти, які на кінець місяця живуть у родичів під опікою.",
        "effective_from": "2025-01-01",
        "kind": "population",
        "unit": "count",
        "aggregation": "sum",
        "time_aggregation": "last",
        "population_rate_per": "10000",
        "direction": "up",
        "frequency": "monthly",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["staff", "reporter_a", "steering"])
def test_only_staff_create_indicators(measure, world, persona):
    from backbone.measurement.models import Indicator

    url = reverse("indicator_create", args=["nation"])
    response = client_for(world, persona).post(url, _indicator_post(dimensions=[measure.sex.pk]))
    created = Indicator.objects.filter(code="kinship").first()
    if persona == "staff":
        assert response.status_code == 302
        assert (created.time_aggregation, created.population_rate_per) == ("last", 10000)
        assert (created.name_en, created.name_uk, created.name_he) == (
            "Children in kinship care",
            "Діти під опікою родичів",
            None,
        )
        assert created.current_definition().counting_rule_uk.startswith("Діти, які")
        assert [d.code for d in created.dimensions.all()] == ["sex"]
        assert created.current_definition().counting_rule.startswith("Children living")
    else:
        assert response.status_code == 403 and created is None


def test_indicator_form_errors_are_beside_their_fields(measure, world):
    client = client_for(world, "staff")
    url = reverse("indicator_create", args=["nation"])
    response = client.post(url, _indicator_post(code="in-care", unit="rate", aggregation="ratio"))
    errors = response.context["form"].errors
    assert "already exists" in errors["code"][0]
    assert "numerator" in errors and "rate_per" in errors


def test_definition_change_is_a_new_version_and_a_stale_form_is_refused(measure, world):
    client = client_for(world, "staff")
    url = reverse("indicator_redefine", args=["nation", "in-care"])
    data = {
        "counting_rule_en": "Now also boarding schools.",
        "effective_from": "2025-07-01",
        "change_note": "Boarding schools counted",
        "based_on": "1",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, dict(data, effective_from="2025-09-01"))
    assert "was published while you were editing" in str(stale.context["form"].errors)
    assert [v.number for v in measure.in_care.versions.all()] == [1, 2]
    page = client.get(reverse("indicator_detail", args=["nation", "in-care"]))
    assert "Version 2, in force from" in page.content.decode()


def test_definitions_are_compared_side_by_side_and_endorsed_on_their_page(measure, world):
    from backbone.documents.models import Endorsement
    from backbone.network.services import affiliation_start

    services.indicator_redefine(
        indicator=measure.in_care,
        counting_rule="Children living in a residential institution or a boarding school on the "
        "last day of the month.",
        effective_from=dt.date(2025, 7, 1),
        change_note="Boarding schools counted",
        by=world.staff,
    )
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    url = reverse("definition_versions", args=["nation", "in-care"])
    page = client_for(world, "reporter_a").get(url).content.decode()
    assert "<ins>July 1, 2025</ins>" in page  # the date it is in force from, as a changed value
    assert "<ins> or a boarding school</ins>" in page  # the words of the rule
    assert "Endorse version 2" in page
    version = measure.in_care.versions.get(number=2)
    endorse = reverse("document_endorse", kwargs={"kind": "definition", "pk": version.pk})
    response = client_for(world, "reporter_a").post(endorse, {"organization": world.org_a.pk})
    assert response.url == url
    assert Endorsement.objects.of([version]).standing().get().organization == world.org_a
    detail = client_for(world, "reporter_a").get(
        reverse("indicator_detail", args=["nation", "in-care"])
    )
    assert url in detail.content.decode()


def test_subgroup_target_is_set_through_the_form(measure, world):
    from backbone.measurement.models import Target

    female = measure.sex.categories.get(code="f")
    url = reverse("target_set", args=["nation", "in-care"])
    response = client_for(world, "staff").post(
        url, {"kind": "target", "period": "2026-12", "value": "40", "category": female.pk}
    )
    assert response.status_code == 302
    goal = Target.objects.get()
    assert (goal.category, goal.value, goal.period.code) == (female, 40.0, "2026-12")
    bad = client_for(world, "staff").post(url, {"kind": "target", "period": "soon", "value": "x"})
    assert set(bad.context["form"].errors) == {"period", "value"}


def test_api_values_may_name_their_place(measure, world):
    values = [{"indicator": "workers", "place": "Львівська область", "period": "2025-01", "value": 3},
              {"indicator": "workers", "place": "Kharkiv oblst", "period": "2025-01", "value": 4}]  # fmt: skip
    response = _post_values(world, "reporter_a", world.org_a, values)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"row": 2, "column": "place",
         "message": "unknown place “Kharkiv oblst”. Did you mean “UA-63 Kharkiv oblast”?"},
    ]  # fmt: skip
    response = _post_values(world, "reporter_a", world.org_a, values[:1])
    assert response.status_code == 201, response.content
    assert Value.objects.get().place == measure.lviv


def _template(world, persona) -> list[dict]:
    response = client_for(world, persona).get(reverse("template_download", args=["nation"]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_template_lists_the_places_the_reporters_organizations_serve(measure, world):
    world.national.place = measure.country
    world.national.save(update_fields=["place"])
    Place.objects.create(code="UA-51", name="Odeska oblast", level=1, parent=measure.country)
    world.org_a.places_served.set([measure.kharkiv])
    rows = _template(world, "reporter_a")
    assert {(r["place"], r["place name"]) for r in rows} == {("UA-63", "Kharkiv oblast")}
    # Staff get every first-level place of the collective.
    assert {r["place"] for r in _template(world, "staff")} == {"UA-46", "UA-51", "UA-63"}
    # A reporter for two organizations gets the places of both.
    world.org_b.places_served.set([measure.lviv])
    role_grant(
        user=world.reporter_a, collective=world.oblast, kind="reporter", organization=world.org_b
    )
    assert {r["place"] for r in _template(world, "reporter_a")} == {"UA-46", "UA-63"}


def test_a_filled_in_template_uploads_as_it_is(measure, world):
    world.org_a.places_served.set([measure.kharkiv])
    rows = _template(world, "reporter_a")
    filled = csv_file([dict(row, value="1") for row in rows])
    result = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="template.csv",
        stream=filled,
    )
    assert result.rows == len(rows)


def test_the_old_address_of_the_targets_form_leads_to_the_new_one(measure, world):
    response = client_for(world, "staff").get("/c/nation/indicators/in-care/goals/")
    assert response.status_code == 301
    assert response.url == reverse("target_set", args=["nation", "in-care"])
