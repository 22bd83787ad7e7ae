"""Reporting a month's progress from the activity's page."""

import datetime as dt

from backbone.activities.models import ProgressReport
from backbone.activities.services import ActivityInput, PlaceFigures, activity_create


def _activity(three_w):
    return activity_create(
        collective=three_w.world.national,
        by=three_w.world.staff,
        data=ActivityInput(
            kind=three_w.parenting,
            title="Parents together",
            lead=three_w.world.org_a,
            places=[PlaceFigures(three_w.lviv, 100, 0), PlaceFigures(three_w.kharkiv, 50, 0)],
            start=dt.date(2026, 1, 1),
        ),
    )


def test_the_lead_reporter_reports_a_month_and_staff_see_it_to_review(client, three_w):
    activity = _activity(three_w)
    url = f"/c/nation/activities/{activity.pk}/progress/"
    client.force_login(three_w.world.reporter_a)
    page = client.get(f"/c/nation/activities/{activity.pk}/")
    assert (
        'action="/c/nation/activities/' + str(activity.pk) + '/progress/"' in page.content.decode()
    )
    answer = client.post(
        url, {"period": "2026-05", f"reached-{three_w.lviv.pk}": "12"}, follow=True
    )
    assert "Progress for 2026-05 is submitted for review." in answer.content.decode()
    report = ProgressReport.objects.get()
    assert (report.period, [f.reached for f in report.figures.all()]) == (2026 * 12 + 4, [12])
    bad = client.post(url, {"period": "2026-06", f"reached-{three_w.lviv.pk}": "many"}, follow=True)
    assert "“many” for Lvivska oblast is not a number of people" in bad.content.decode()
    assert client.post(url, {"period": "May", f"reached-{three_w.lviv.pk}": "1"}).status_code == 302
    assert ProgressReport.objects.count() == 1
    client.force_login(three_w.world.reporter_b)
    assert (
        client.post(url, {"period": "2026-07", f"reached-{three_w.lviv.pk}": "1"}).status_code
        == 403
    )
    client.force_login(three_w.world.staff)
    review = client.get(f"/c/nation/activities/{activity.pk}/").content.decode()
    assert 'value="approve"' in review
