"""draft → submitted → approved / returned → resubmitted; only approved values count."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from backbone.communication.models import Notification
from backbone.events.testing import run_worker
from backbone.measurement.models import SubmissionStatus, Value, ValueComment
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import (
    submission_approve,
    submission_return,
    submission_submit,
)
from backbone.measurement.testing import approved_upload, csv_file

ROWS = [
    {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"},
    {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": "5"},
]


def _draft(world, rows=ROWS, name="v.csv"):
    return import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name=name,
        stream=csv_file(rows),
    ).submission


def _total(measure, world):
    result = rollup(indicator=measure.workers, collective=world.national)
    return result.rows[0]["value"] if result.rows else None


def test_only_approved_values_reach_the_figures(measure, world):
    submission = _draft(world)
    assert _total(measure, world) is None
    submission_submit(submission=submission, by=world.reporter_a)
    assert _total(measure, world) is None
    submission_approve(submission=submission, by=world.staff)
    assert _total(measure, world) == 15


def test_return_needs_a_reason_and_carries_value_comments(measure, world):
    submission = _draft(world)
    submission_submit(submission=submission, by=world.reporter_a)
    with pytest.raises(ValidationError):
        submission_return(submission=submission, by=world.staff, reason="  ")
    value = Value.objects.get(place__code="UA-63")
    submission_return(
        submission=submission,
        by=world.staff,
        reason="Kharkiv looks too low",
        comments={value.pk: "Check against the oblast register"},
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert ValueComment.objects.get().value == value
    run_worker()
    note = Notification.objects.get(user=world.reporter_a)
    assert "returned: Kharkiv looks too low" in note.text
    assert any("Kharkiv looks too low" in m.body for m in mail.outbox)


def test_returned_submission_can_be_resubmitted_and_approved(measure, world):
    submission = _draft(world)
    submission_submit(submission=submission, by=world.reporter_a)
    submission_return(submission=submission, by=world.staff, reason="Check")
    submission_submit(submission=submission, by=world.reporter_a)
    submission_approve(submission=submission, by=world.staff)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    actions = list(submission.events.values_list("action", flat=True))
    assert actions == ["created", "submitted", "returned", "submitted", "approved"]


def test_submitting_notifies_staff(measure, world):
    submission_submit(submission=_draft(world), by=world.reporter_a)
    assert not Notification.objects.exists()  # told after commit, by the worker
    run_worker()
    assert Notification.objects.filter(user=world.staff).count() == 1
    run_worker()
    assert Notification.objects.filter(user=world.staff).count() == 1  # once only


def test_reporter_cannot_approve_and_other_reporter_cannot_submit(measure, world):
    submission = _draft(world)
    with pytest.raises(PermissionDenied):
        submission_submit(submission=submission, by=world.reporter_b)
    submission_submit(submission=submission, by=world.reporter_a)
    with pytest.raises(PermissionDenied):
        submission_approve(submission=submission, by=world.reporter_a)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_draft_cannot_be_approved_twice_or_before_submission(measure, world):
    submission = _draft(world)
    with pytest.raises(ValidationError):
        submission_approve(submission=submission, by=world.staff)
    submission_submit(submission=submission, by=world.reporter_a)
    submission_approve(submission=submission, by=world.staff)
    with pytest.raises(ValidationError):
        submission_approve(submission=submission, by=world.staff)


def test_approved_correction_replaces_the_earlier_values_and_keeps_them(measure, world):
    first = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    corrected = [dict(ROWS[0], value="12"), ROWS[1]]
    second = _draft(world, corrected, name="v2.csv")
    first.refresh_from_db()
    assert first.status == SubmissionStatus.APPROVED  # counts until the correction is approved
    assert _total(measure, world) == 15
    submission_submit(submission=second, by=world.reporter_a)
    submission_approve(submission=second, by=world.staff)
    first.refresh_from_db()
    assert first.status == SubmissionStatus.REPLACED
    assert _total(measure, world) == 17
    history = Value.objects.filter(place__code="UA-46").order_by("pk")
    assert [(v.value, v.approved) for v in history] == [(10, False), (12, True)]


def test_value_history_shows_old_and_new_with_their_submissions(measure, world):
    from django.test import Client
    from django.urls import reverse

    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    second = _draft(world, [dict(ROWS[0], value="12"), ROWS[1]], name="v2.csv")
    new = Value.objects.get(submission=second, place__code="UA-46")
    client = Client()
    client.force_login(world.reporter_a)
    page = client.get(reverse("value_history", args=["nation", new.pk]))
    history = page.context["history"]
    assert [(v.value, v.approved, v.submission.status) for v in history] == [
        (10.0, True, "approved"),
        (12.0, False, "draft"),
    ]
    client.force_login(world.reporter_b)  # no role in the national collective
    assert client.get(reverse("value_history", args=["nation", new.pk])).status_code == 403
    assert client.get(reverse("value_history", args=["ua-46", new.pk])).status_code == 404


def test_notifications_reach_each_person_in_their_own_language(measure, world, client):
    from django.urls import reverse

    # The reporter last used Backbone in Ukrainian: the middleware remembers it.
    client.force_login(world.reporter_a)
    client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="uk")
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.language == "uk"
    world.reporter_a.email = "reporter@example.org"
    world.reporter_a.save(update_fields=["email"])
    submission = _draft(world)
    submission_submit(submission=submission, by=world.reporter_a)
    # Staff work in English; what the reporter receives is in Ukrainian, e-mail included.
    submission_return(submission=submission, by=world.staff, reason="Перевірте Харків")
    run_worker()
    note = Notification.objects.get(user=world.reporter_a)
    expected = f"Подання № {submission.pk} від Organization A повернуто: Перевірте Харків"
    assert note.text == expected
    assert [m.body.splitlines()[0] for m in mail.outbox if m.to == [world.reporter_a.email]] == [
        expected
    ]
    # Shown in whatever language it is read in.
    page = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en")
    assert f"Submission #{submission.pk} of Organization A was returned" in page.content.decode()
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.language == "en"


def _staff_draft(world):
    return import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.staff,
        file_name="entered-by-staff.csv",
        stream=csv_file(ROWS),
    ).submission


def test_nobody_approves_figures_they_submitted_themselves(measure, world):
    submission = _staff_draft(world)
    submission_submit(submission=submission, by=world.staff)
    with pytest.raises(ValidationError, match="second person"):
        submission_approve(submission=submission, by=world.staff)
    # Platform admins are held to it as well when they submitted the figures.
    other = _draft(world, rows=[dict(ROWS[0], period="2025-02")], name="other.csv")
    submission_submit(submission=other, by=world.admin)
    with pytest.raises(ValidationError, match="second person"):
        submission_approve(submission=other, by=world.admin)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert _total(measure, world) is None
    # Someone else may: the reporter's figures, approved by staff, count.
    submission_approve(submission=other, by=world.staff)
    assert _total(measure, world) == 10


def test_a_collective_can_let_the_submitter_approve(measure, world):
    world.national.independent_approval = False
    world.national.save(update_fields=["independent_approval"])
    submission = _staff_draft(world)
    submission_submit(submission=submission, by=world.staff)
    submission_approve(submission=submission, by=world.staff)
    assert _total(measure, world) == 15


def test_review_page_says_why_the_submitter_cannot_approve(measure, world, client):
    submission = _staff_draft(world)
    submission_submit(submission=submission, by=world.staff)
    client.force_login(world.staff)
    url = f"/c/{world.national.slug}/submissions/{submission.pk}/"
    page = client.get(url).content.decode()
    assert "second person to approve" in page
    assert f"/submissions/{submission.pk}/approve/" not in page
    # Posting the approval anyway is refused with the same reason and changes nothing.
    response = client.post(url + "approve/", follow=True)
    assert "second person to approve" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
