"""Recording an activity by hand, reporting and reviewing progress, and the CLI's import."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from backbone.activities.models import Activity, ProgressStatus
from backbone.activities.services import (
    ActivityInput,
    PlaceFigures,
    activity_comment,
    activity_create,
    activity_update,
    progress_review,
    progress_submit,
)
from backbone.activities.tests.test_imports import HEADER, ROW_A1, ROW_B, TAGS
from backbone.measurement.services import combination_for
from backbone.network.models import Place


def data(three_w, **changes):
    fields = {
        "kind": three_w.parenting,
        "title": "Parents together",
        "lead": three_w.world.org_a,
        "places": [PlaceFigures(three_w.lviv, 100, 40)],
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
    }
    return ActivityInput(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"end": dt.date(2025, 1, 1)}, "end", "before it starts"),
        ({"places": []}, "places", "at least one place"),
        ({"title": "  "}, "title", "needs a title"),
        ({"budget": 100}, "currency", "needs its currency"),
        ({"status": "asleep"}, "status", "is not a status"),
    ],
)
def test_a_bad_activity_is_refused_at_its_field(three_w, changes, field, words):
    with pytest.raises(ValidationError) as refused:
        activity_create(
            collective=three_w.world.national, by=three_w.world.staff, data=data(three_w, **changes)
        )
    assert words in refused.value.message_dict[field][0]
    assert not Activity.objects.exists()


def test_places_outside_the_collective_and_reached_above_target_without_a_note(three_w):
    poland = Place.objects.create(code="PL", name="Poland", level=0)
    national = three_w.world.national
    with pytest.raises(ValidationError) as refused:
        activity_create(collective=national, by=three_w.world.staff,
                        data=data(three_w, places=[PlaceFigures(poland, 1, 1)]))  # fmt: skip
    assert refused.value.message_dict["places"] == ["PL is outside National collective."]
    over = [PlaceFigures(three_w.lviv, 10, 12)]
    with pytest.raises(ValidationError) as refused:
        activity_create(
            collective=national, by=three_w.world.staff, data=data(three_w, places=over)
        )
    assert "say why in the note" in refused.value.message_dict["reached"][0]
    activity = activity_create(
        collective=national, by=three_w.world.staff,
        data=data(three_w, places=over, note="Siblings joined"),
    )  # fmt: skip
    assert activity.source_key == f"backbone-{activity.pk}"


def test_an_update_keeps_one_lead_and_the_places_given(three_w):
    national = three_w.world.national
    activity = activity_create(collective=national, by=three_w.world.staff, data=data(three_w))
    activity_update(
        activity=activity,
        data=data(three_w, places=[PlaceFigures(three_w.kharkiv, 5, 1)], lead=three_w.world.org_b),
    )
    assert [p.place for p in activity.places.all()] == [three_w.kharkiv]
    assert [(r.organization, r.role) for r in activity.roles.all()] == [
        (three_w.world.org_b, "lead")
    ]
    assert activity.history.count() >= 2


def test_progress_is_submitted_then_approved_or_returned(three_w):
    world = three_w.world
    activity = activity_create(collective=world.national, by=world.staff, data=data(three_w))
    total = combination_for([])
    report = progress_submit(
        activity=activity, period=700, figures=[(three_w.lviv.pk, total, 12)], by=world.reporter_a
    )
    with pytest.raises(ValidationError):
        progress_review(report=report, by=world.staff, approve=False)  # a return needs a reason
    returned = progress_review(report=report, by=world.staff, approve=False, comment="Check March")
    assert returned.status == ProgressStatus.RETURNED
    again = progress_submit(
        activity=activity, period=700, figures=[(three_w.lviv.pk, total, 14)], by=world.reporter_a
    )
    assert again.pk == report.pk and again.status == ProgressStatus.SUBMITTED
    assert [f.reached for f in again.figures.all()] == [14]
    progress_review(report=again, by=world.staff, approve=True)
    with pytest.raises(ValidationError):
        progress_submit(
            activity=activity,
            period=700,
            figures=[(three_w.lviv.pk, total, 1)],
            by=world.reporter_a,
        )
    with pytest.raises(ValidationError):  # not a place of the activity
        progress_submit(
            activity=activity,
            period=701,
            figures=[(three_w.kharkiv.pk, total, 1)],
            by=world.reporter_a,
        )


def test_a_comment_needs_words(three_w):
    activity = activity_create(
        collective=three_w.world.national, by=three_w.world.staff, data=data(three_w)
    )
    with pytest.raises(ValidationError):
        activity_comment(activity=activity, by=three_w.world.facilitator, body=" ")
    assert (
        activity_comment(activity=activity, by=three_w.world.facilitator, body="Good").body
        == "Good"
    )


def test_the_import_command_prints_activities_and_rows_or_the_reasons(three_w, tmp_path):
    path = tmp_path / "3w.csv"
    path.write_text("\n".join([HEADER, TAGS, ROW_A1, ROW_B.replace("foster-training", "juggling")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 problem\(s\); nothing was saved"):
        call_command(
            "import",
            "activities",
            str(path),
            "--collective",
            "nation",
            "--user",
            "staff",
            stderr=err,
        )
    assert err.getvalue().startswith("row 4, column Kind: “juggling” is not a kind of activity")
    path.write_text("\n".join([HEADER, TAGS, ROW_A1, ROW_B]))
    out = io.StringIO()
    call_command(
        "import",
        "activities",
        str(path),
        "--collective",
        "nation",
        "--user",
        "staff",
        "--dry-run",
        stdout=out,
    )
    assert out.getvalue() == "dry run: 2 activities from 2 rows: 2 new, 0 updated (nothing saved)\n"
    assert not Activity.objects.exists()
    out = io.StringIO()
    call_command(
        "import", "activities", str(path), "--collective", "nation", "--user", "staff", stdout=out
    )
    assert out.getvalue() == "2 activities from 2 rows: 2 new, 0 updated\n"
    out = io.StringIO()
    call_command(
        "import", "activities", str(path), "--collective", "nation", "--user", "staff", stdout=out
    )
    assert "nothing was added" in out.getvalue() and Activity.objects.count() == 2


def test_the_export_command_writes_each_format(three_w, tmp_path):
    path = tmp_path / "3w.csv"
    path.write_text("\n".join([HEADER, TAGS, ROW_A1]))
    call_command(
        "import",
        "activities",
        str(path),
        "--collective",
        "nation",
        "--user",
        "staff",
        stdout=io.StringIO(),
    )
    for fmt in ("hxl", "csv", "xlsx", "iati"):
        out = tmp_path / f"out.{fmt}"
        call_command(
            "export",
            "activities",
            "--collective",
            "nation",
            "--format",
            fmt,
            "-o",
            str(out),
            stderr=io.StringIO(),
        )
        assert out.stat().st_size > 100
    assert (tmp_path / "out.hxl").read_text().splitlines()[1].startswith("#activity+id,#org+name")


def test_approved_progress_feeds_the_indicator_the_kind_says(world):
    from backbone.activities.models import ActivityKind
    from backbone.measurement.models import Category, SubmissionStatus, Value
    from backbone.measurement.testing import build_measure

    measure = build_measure(world)
    kind = ActivityKind.objects.create(
        collective=world.national, code="care", name="Care", feeds=measure.in_care
    )
    activity = activity_create(
        collective=world.national,
        by=world.staff,
        data=ActivityInput(
            kind=kind, title="Care", lead=world.org_a, places=[PlaceFigures(measure.lviv, 10, 0)]
        ),
    )
    girls = Category.objects.get(dimension__code="sex", code="f")
    report = progress_submit(
        activity=activity,
        period=2025 * 12,  # 2025-01
        figures=[(measure.lviv.pk, combination_for([girls.pk]), 7)],
        by=world.reporter_a,
    )
    progress_review(report=report, by=world.staff, approve=True)
    report.refresh_from_db()
    assert report.submission.status == SubmissionStatus.APPROVED
    assert report.submission.organization == world.org_a
    value = Value.objects.get(submission=report.submission)
    assert (value.indicator, value.place, value.value) == (measure.in_care, measure.lviv, 7)
