"""Submissions filed at national level for an oblast organization: its own reporter, whose
role is held in the oblast, sees and works on them; nobody else below national does."""

from django.urls import reverse

from backbone.accounts.tests.test_http_access import api_headers, client_for
from backbone.events.testing import run_worker
from backbone.measurement.models import Value
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import submission_submit
from backbone.measurement.testing import csv_file

ROWS = [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"}]


def _filed_at_national_for_org_b(world):
    # National staff file the oblast organization's figures in the national collective.
    result = import_values(
        collective=world.national,
        organization=world.org_b,
        user=world.staff,
        file_name="b.csv",
        stream=csv_file(ROWS),
    )
    assert result.submission.collective == world.national
    return result.submission


def test_the_organizations_reporter_sees_it_under_their_collective(measure, world):
    submission = _filed_at_national_for_org_b(world)
    reporter = client_for(world, "reporter_b")
    listing = reporter.get(reverse("submission_list", args=["ua-46"]))
    assert submission in list(listing.context["submissions"])
    detail = reporter.get(reverse("submission_detail", args=["ua-46", submission.pk]))
    assert detail.status_code == 200
    value = Value.objects.get(submission=submission)
    history = reporter.get(reverse("value_history", args=["ua-46", value.pk]))
    assert history.status_code == 200
    api = reporter.get(
        f"/api/collectives/ua-46/submissions/{submission.pk}",
        **api_headers(world, "reporter_b"),
    )
    assert api.status_code == 200, api.content


def test_the_reporter_can_submit_it_and_the_notice_links_where_they_can_go(measure, world):
    submission = _filed_at_national_for_org_b(world)
    reporter = client_for(world, "reporter_b")
    url = reverse("submission_action", args=["ua-46", submission.pk, "submit"])
    assert reporter.post(url).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"
    from backbone.measurement.submissions.workflow import submission_return

    submission_return(submission=submission, by=world.staff, reason="Check Kharkiv")
    run_worker()
    note = world.reporter_b.notifications.get()
    assert reporter.get(note.url).status_code == 200
    # Staff of the national collective reach the same link.
    assert client_for(world, "staff").get(note.url).status_code == 200


def test_other_organizations_and_other_collectives_still_do_not_see_it(measure, world):
    submission = _filed_at_national_for_org_b(world)
    # Another organization's reporter is told nothing, not even that it exists (404); who
    # has no role in the collective is refused the collective's submissions at all (403).
    for persona, slug, status in (
        ("reporter_a", "nation", 404),
        ("reporter_a", "ua-46", 404),
        ("outsider", "ua-46", 403),
    ):
        page = client_for(world, persona).get(
            reverse("submission_detail", args=[slug, submission.pk])
        )
        assert page.status_code == status, (persona, slug)
    listing = client_for(world, "reporter_a").get(reverse("submission_list", args=["nation"]))
    assert submission not in list(listing.context["submissions"])
    submission_submit(submission=submission, by=world.staff)
    # Reviewing stays with the staff of the collective it is filed in.
    approve = reverse("submission_action", args=["ua-46", submission.pk, "approve"])
    assert client_for(world, "reporter_b").post(approve).status_code == 403
    submission.refresh_from_db()
    assert submission.status == "submitted"
