"""The demo's 3W: what a newcomer is meant to find in it (see backbone/demo/activities.py)."""

from collections import Counter

from django.db.models import F
from django.utils import timezone

from backbone.accounts.models import User
from backbone.activities import selectors
from backbone.activities.models import (
    Activity,
    ActivityComment,
    ActivityImport,
    ActivityKind,
    ActivityOrganization,
    Group,
    ProgressReport,
)
from backbone.demo.builder import build_demo
from backbone.home.audit import audit_entries
from backbone.interchange import periods
from backbone.network.models import Collective


def test_demo_3w_shows_a_gap_a_duplication_a_suggestion_and_six_months_of_progress(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert build_demo() is True
    national = Collective.objects.get(slug="ukraine")
    lviv = Collective.objects.get(slug="ua-46")
    users = {u.username: u for u in User.objects.all()}

    # A vocabulary in three languages; the group of children with disabilities has a need.
    kinds = ActivityKind.objects.filter(collective=national)
    assert kinds.count() == 8
    assert all(k.name_uk and k.name_he and k.strategy and k.strengths for k in kinds)
    disability = Group.objects.get(code="children-disabilities")
    assert disability.category.code == "yes"
    assert all(g.name_uk and g.name_he for g in Group.objects.all())

    # About eighty activities of about twenty-five organizations, mostly ongoing.
    assert 75 <= Activity.objects.count() <= 85
    organizations = ActivityOrganization.objects.values("organization").distinct().count()
    assert 22 <= organizations <= 30
    statuses = Counter(Activity.objects.values_list("status", flat=True))
    assert statuses["suspended"] == 1 and statuses["cancelled"] == 1
    assert statuses["ongoing"] > Activity.objects.count() / 2
    assert statuses["planned"] and statuses["completed"]
    assert Activity.objects.exclude(budget=None).values("currency").distinct().count() == 3

    # The gap: Kharkiv oblast's children with disabilities, whom nothing active serves.
    gaps = selectors.gaps(national)
    kharkiv = [g for g in gaps if g.place and g.place.code == "UA-63" and g.group == disability]
    assert kharkiv and kharkiv[0].need > 0
    assert not [g for g in gaps if g.place and g.place.code in ("UA-46", "UA-51")]

    # The duplication: two Lviv NGOs, one parenting programme, the same families, this year.
    year = timezone.localdate().year
    for collective in (national, lviv):
        (overlap,) = selectors.overlaps(collective)
        assert (overlap.place.code, overlap.kind.code, overlap.group.code, overlap.year) == (
            "UA-46",
            "parenting",
            "families-at-risk",
            year,
        )
        assert {o.name_en for o in overlap.organizations} == {
            "Space of Trust",
            "Open Doors Family Centre",
        }
    (reviewed,) = selectors.overlaps(national, reviewed=True)
    assert reviewed.place.code == "UA-51" and reviewed.review.reason
    assert reviewed.review.by == users["facilitator"]

    # The suggestion: a parish that recruits foster families, in no foster-recruitment work.
    suggestions = selectors.complementarity(national)
    assert any(
        s.strategy["key"] == "foster-recruitment"
        and s.organization.name_en == "St Andrew's Parish Youth Community"
        for s in suggestions
    )
    led = {
        (a.strategy_key, r.organization_id)
        for a in Activity.objects.select_related("kind")
        for r in a.roles.filter(role="lead")
    }
    assert not [s for s in suggestions if (s.strategy["key"], s.organization.pk) in led]

    # Six months of progress ending last month: approved by staff, one returned with its
    # reason, two awaiting review; nobody approves what they submitted.
    last = periods.current_month() - 1
    reports = ProgressReport.objects.all()
    assert set(reports.values_list("period", flat=True)) == set(range(last - 5, last + 1))
    assert Counter(reports.values_list("status", flat=True)) == {
        "approved": reports.count() - 3,
        "returned": 1,
        "submitted": 2,
    }
    assert reports.get(status="returned").comment
    # Dated when they happened: early in the month after, reviewed a few days later.
    assert all(r.submitted_at < r.reviewed_at for r in reports.exclude(reviewed_at=None))
    assert reports.earliest("submitted_at").submitted_at.date() < timezone.localdate().replace(
        day=1
    )
    assert not reports.filter(reviewed_by_id=F("submitted_by_id")).exists()
    assert set(
        reports.exclude(reviewed_by=None).values_list("reviewed_by__username", flat=True)
    ) == {"staff"}
    assert reports.filter(figures__combination__categories__code="f").exists()

    # One file imported by the charity's reporter, its activities in the history.
    (record,) = ActivityImport.objects.all()
    assert record.by == users["reporter"] and record.organization.name_en == "Family Nearby Charity"
    assert record.activities == Activity.objects.filter(source_import=record).count() == 7
    assert Activity.history.filter(history_change_reason=record.file_name).count() == 7

    assert ActivityComment.objects.filter(author=users["facilitator"]).count() == 2

    # Kept over the past year, the 3W leaves the audit log's first page to the latest work.
    first_page = audit_entries(national, limit=200, viewer=users["staff"])
    assert any(str(e.model) == "seat in a body" for e in first_page)
