"""A correction says, before anyone approves it, which submission it replaces and which figures
change: cell by cell on the review page and in the API, to whoever may see the submission."""

import json

import pytest
from django.urls import reverse

from backbone.accounts.tests.test_http_access import api_headers, client_for
from backbone.measurement.submissions import replacements
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.submissions.replacements import Change, replacement_of
from backbone.measurement.submissions.workflow import (
    submission_approve,
    submission_return,
    submission_submit,
)
from backbone.measurement.testing import approved_upload, csv_file

FIRST = [
    {"indicator": "workers", "place": "UA-46", "period": "2025-01", "sex": "", "age": "", "value": "10"},
    {"indicator": "workers", "place": "UA-63", "period": "2025-01", "sex": "", "age": "", "value": "5"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "m", "age": "0-4", "value": "4"},
]  # fmt: skip
CORRECTED = [
    # 10 → 12; Kharkiv's workers and the girls stay; the boys are no longer reported;
    # Kharkiv's girls of 5-17 and February's workers are new.
    {"indicator": "workers", "place": "UA-46", "period": "2025-01", "sex": "", "age": "", "value": "12"},
    {"indicator": "workers", "place": "UA-63", "period": "2025-01", "sex": "", "age": "", "value": "5"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-63", "period": "2025-01", "sex": "f", "age": "5-17", "value": "2"},
    {"indicator": "workers", "place": "UA-46", "period": "2025-02", "sex": "", "age": "", "value": "9"},
]  # fmt: skip
EXPECTED = {
    "changed": [Change("changed", "workers", "UA-46", "2025-01", (), 10, 12)],
    "added": [
        Change("added", "in-care", "UA-63", "2025-01", ("f", "5-17"), None, 2),
        Change("added", "workers", "UA-46", "2025-02", (), None, 9),
    ],
    "removed": [Change("removed", "in-care", "UA-46", "2025-01", ("m", "0-4"), 4, None)],
}


def _upload(world, rows, name, user=None):
    return import_values(
        collective=world.national,
        organization=world.org_a,
        user=user or world.reporter_a,
        file_name=name,
        stream=csv_file(rows),
    ).submission


@pytest.fixture
def correction(measure, world):
    """An approved submission and a submitted correction of it."""
    first = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=FIRST,
        name="first.csv",
    )
    second = _upload(world, CORRECTED, "corrected.csv")
    submission_submit(submission=second, by=world.reporter_a)
    return first, second


def test_the_overlap_refusal_names_each_missing_month_once(measure, world):
    rows = [
        {"indicator": code, "place": "UA-46", "period": "2026-01", "value": "1"}
        for code in ("workers", "children", "foster-active", "in-care")
    ]
    first = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    with pytest.raises(ImportRefused) as refused:
        _upload(world, rows[:1], "only-workers.csv")
    [problem] = [str(p) for p in refused.value.problems]
    assert problem == (
        f"This file overlaps submission #{first.pk} but does not repeat all of it "
        "(children, foster-active, in-care for 2026-01 are missing). Upload a file that "
        "corrects the whole submission, or remove the overlapping rows."
    )


def test_a_correction_lists_exactly_the_cells_that_change(correction):
    first, second = correction
    found = replacement_of(second)
    assert [e.submission.pk for e in found.earlier] == [first.pk]
    assert found.compared_with == [first.pk]
    assert found.counts == {"changed": 1, "added": 2, "removed": 1, "unchanged": 2}
    assert found.changes == EXPECTED


def test_the_changes_stay_readable_after_approval(correction, world):
    first, second = correction
    [before] = replacements.replacement_notices(second, replacement_of(second).earlier)
    assert before == (
        f"This submission replaces #{first.pk} (approved on {first.reviewed_at.date()}, by "
        f"{world.staff.get_username()}): approving it retires the figures of #{first.pk} and "
        "counts these instead."
    )
    submission_approve(submission=second, by=world.staff)
    found = replacement_of(second)
    assert found.changes == EXPECTED
    [after] = replacements.replacement_notices(second, found.earlier)
    assert after.startswith(f"This submission replaced #{first.pk} (approved on ")
    assert after.endswith("whose figures no longer count.")


def test_pages_of_changes_and_complete_counts(correction):
    _first, second = correction
    found = replacement_of(second, limit=1, offset=1, kinds=("added",))
    assert found.counts["added"] == 2
    assert found.changes == {"added": EXPECTED["added"][1:]}


def test_a_correction_of_a_returned_submission_is_compared_with_it(measure, world):
    returned = _upload(world, FIRST, "first.csv")
    submission_submit(submission=returned, by=world.reporter_a)
    submission_return(submission=returned, by=world.staff, reason="Check the boys")
    second = _upload(world, CORRECTED, "corrected.csv")
    found = replacement_of(second)
    assert found.compared_with == [returned.pk]
    assert found.changes == EXPECTED
    assert replacements.replacement_notices(second, found.earlier) == [
        f"This submission replaced #{returned.pk}, which was never approved."
    ]


def test_a_first_submission_replaces_nothing(measure, world):
    assert replacement_of(_upload(world, FIRST, "first.csv")) is None


# The review page --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "reporter_a"])
def test_the_review_page_shows_the_replacement_and_each_changed_cell(correction, world, persona):
    first, second = correction
    response = client_for(world, persona).get(
        reverse("submission_detail", args=["nation", second.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"This submission replaces #{first.pk} (approved on {first.reviewed_at.date()}" in html
    assert "1 figure changes · 2 cells added · 1 cell no longer reported · 2 unchanged" in html
    section = html[html.index('id="changes"') : html.index("</table>", html.index('id="changes"'))]
    assert section.count("<tr>") == 1 + 4  # the header and four cells
    assert 'class="changes-removed"' in section and "no longer reported" in section


def test_the_review_page_caps_the_cells_and_says_how_many_are_left(correction, world, monkeypatch):
    _first, second = correction
    monkeypatch.setattr(replacements, "SAMPLE", 1)
    html = (
        client_for(world, "staff")
        .get(reverse("submission_detail", args=["nation", second.pk]))
        .content.decode()
    )
    assert "and 1 more like this, not shown" in html  # the second added cell


def test_another_organizations_reporter_sees_no_replacement(correction, world):
    _first, second = correction
    reporter = client_for(world, "reporter_b")
    # Refused the national collective's submissions (their role is in the oblast), and under
    # their own collective the submission is not there at all.
    assert reporter.get(reverse("submission_detail", args=["nation", second.pk])).status_code == 403
    assert reporter.get(reverse("submission_detail", args=["ua-46", second.pk])).status_code == 404


# The API ------------------------------------------------------------------------------------


def _api(world, persona, path):
    return client_for(world, "anonymous").get(
        f"/api/collectives/nation/submissions/{path}", **api_headers(world, persona)
    )


def test_the_api_says_what_a_submission_replaces_on_every_answer(correction, world):
    first, second = correction
    detail = _api(world, "staff", second.pk).json()
    assert detail["replaced_ids"] == [first.pk]
    [replaced] = detail["replaces"]
    assert replaced["id"] == first.pk and replaced["status"] == "approved"
    assert replaced["approved_by"] == world.staff.get_username()
    assert replaced["approved_at"]
    assert detail["warnings"] == [
        {
            "row": None,
            "column": None,
            "message": f"This submission replaces #{first.pk} (approved on "
            f"{first.reviewed_at.date()}, by {world.staff.get_username()}): approving it "
            f"retires the figures of #{first.pk} and counts these instead.",
        }
    ]
    approved = client_for(world, "anonymous").post(
        f"/api/collectives/nation/submissions/{second.pk}/approve", **api_headers(world, "staff")
    )
    assert approved.json()["replaced_ids"] == [first.pk]
    assert approved.json()["replaces"][0]["status"] == "replaced"


def test_the_api_created_answer_names_every_submission_it_replaces(correction, world):
    first, second = correction
    response = client_for(world, "anonymous").post(
        "/api/collectives/nation/submissions",
        data=json.dumps(
            {
                "organization_id": world.org_a.pk,
                "values": [
                    {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": 11},
                    {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": 5},
                    {"indicator": "in-care", "place": "UA-46", "period": "2025-01",
                     "categories": {"sex": "f", "age": "0-4"}, "value": 3},
                    {"indicator": "workers", "place": "UA-46", "period": "2025-02", "value": 9},
                    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "value": 30},
                ],
            }
        ),
        content_type="application/json",
        **api_headers(world, "reporter_a"),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body["replaced_ids"]) == {first.pk, second.pk}
    messages = [w["message"] for w in body["warnings"]]
    # The checks' own warnings first, then what the submission replaces.
    assert "differs from the sum of its disaggregations (3)" in messages[0]
    assert any(
        m.startswith(f"This submission replaces #{first.pk} (approved on ") for m in messages
    )
    assert f"This submission replaced #{second.pk}, which was never approved." in messages


def test_the_api_changes_are_counted_and_paged(correction, world):
    first, second = correction
    body = _api(world, "reporter_a", f"{second.pk}/changes").json()
    assert body["compared_with"] == [first.pk]
    assert body["counts"] == {"changed": 1, "added": 2, "removed": 1, "unchanged": 2}
    assert body["changes"] == [c.as_dict() for kind in EXPECTED.values() for c in kind]
    assert body["changes"][0] == {
        "kind": "changed",
        "indicator": "workers",
        "place": "UA-46",
        "period": "2025-01",
        "categories": [],
        "old": 10.0,
        "new": 12.0,
    }
    page = _api(world, "staff", f"{second.pk}/changes?kind=added&offset=1&limit=1").json()
    assert page["changes"] == [EXPECTED["added"][1].as_dict()]
    assert _api(world, "staff", f"{second.pk}/changes?kind=colour").status_code == 422
    assert _api(world, "staff", f"{second.pk}/changes?limit=5000").status_code == 422
    nothing = _api(world, "staff", f"{first.pk}/changes").json()
    assert nothing["compared_with"] == [] and nothing["counts"]["unchanged"] == 4


@pytest.mark.parametrize("persona", ["reporter_b", "community", "outsider"])
def test_the_api_changes_are_refused_to_who_may_not_see_the_submission(correction, world, persona):
    _first, second = correction
    # None of them holds a reporting or staff role in the national collective: refused there.
    assert _api(world, persona, f"{second.pk}/changes").status_code == 403
    assert _api(world, persona, second.pk).status_code == 403
