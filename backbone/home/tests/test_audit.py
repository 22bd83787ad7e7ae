from django.test import Client

from backbone.home.audit import audit_entries
from backbone.network import services


def test_change_through_the_web_is_recorded_with_who_old_and_new(world):
    client = Client()
    client.force_login(world.staff)
    client.post(
        f"/c/nation/organizations/{world.org_a.pk}/edit/",
        {
            "name": "Organization A",
            "name_en": "Organization A",
            "kind": "ngo",
            "phone": "+380 44 123 4567",
        },
    )
    entry = next(
        e for e in audit_entries(world.national, viewer=world.staff) if e.kind == "changed"
    )
    assert entry.who == "staff"
    assert entry.label == "Organization A"
    change = next(c for c in entry.changes if c.field == "contact phone")
    assert (change.old, change.new) == ("—", "+380 44 123 4567")


def test_audit_log_page_shows_the_change_to_staff_only(world):
    services.organization_update(organization=world.org_a, website="https://example.org")
    staff = Client()
    staff.force_login(world.staff)
    html = staff.get("/c/nation/audit/").content.decode()
    assert "https://example.org" in html
    steering = Client()
    steering.force_login(world.steering)
    assert steering.get("/c/nation/audit/").status_code == 403


def test_audit_log_keeps_one_kind_of_record_when_asked(world):
    services.organization_update(organization=world.org_a, website="https://example.org")
    staff = Client()
    staff.force_login(world.staff)
    everything = staff.get("/c/nation/audit/").content.decode()
    assert "https://example.org" in everything
    bodies = staff.get("/c/nation/audit/?record=governance.body").content.decode()
    assert "https://example.org" not in bodies
    assert '<option value="governance.body" selected>' in bodies
    organizations = staff.get("/c/nation/audit/?record=network.organization").content.decode()
    assert "https://example.org" in organizations
    # A kind nobody registered is no filter at all, not an error.
    assert "https://example.org" in staff.get("/c/nation/audit/?record=auth.user").content.decode()


def test_the_trail_shows_lived_experience_to_the_person_and_staff_only(world):
    person = world.community.person
    services.person_update(person=person, lived_experience=["care_leaver"])
    for viewer in (world.steering, world.reporter_a, None):
        members_view = audit_entries(world.national, viewer=viewer, include_private=False)
        assert "lived experience" not in {c.field for e in members_view for c in e.changes}
    for viewer in (world.staff, world.community, world.admin):
        shown = audit_entries(world.national, viewer=viewer)
        assert "lived experience" in {c.field for e in shown for c in e.changes}


def test_audit_of_another_collective_is_not_included(world):
    from backbone.testing import OrganizationFactory

    OrganizationFactory(collective=world.elsewhere, name="Foreign")
    assert all(e.label != "Foreign" for e in audit_entries(world.national, viewer=world.staff))


# The registry, names instead of ids, the measurement workflow ------------------------------

import datetime as dt  # noqa: E402

import pytest  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from backbone.governance import services as governance  # noqa: E402
from backbone.governance.models import BodyMembership  # noqa: E402
from backbone.home.audit import whats_new  # noqa: E402
from backbone.lib.audit import Log, acting_as, registered  # noqa: E402
from backbone.measurement.models import SubmissionEvent  # noqa: E402
from backbone.testing import PersonFactory  # noqa: E402


def test_every_app_declares_its_audited_models():
    from backbone.accounts.models import Role
    from backbone.measurement.models import (
        Adjustment,
        Assignment,
        Category,
        Dimension,
        Indicator,
        IndicatorVersion,
        PeriodClosure,
        Population,
        SubmissionEvent,
        Target,
        ValueComment,
    )
    from backbone.network.models import Organization, Person

    models = {source.model for source in registered()}
    expected = {Role, Organization, Person, BodyMembership}
    expected |= {Indicator, IndicatorVersion, Target, Adjustment, SubmissionEvent}
    expected |= {Dimension, Category, Population, Assignment, PeriodClosure, ValueComment}
    assert expected <= models


def test_a_seat_is_shown_with_the_person_and_body_names_not_ids(world):
    person = PersonFactory(collective=world.national, name="Марта Бойко")
    governance.membership_add(body=world.body, person=person, role="member")
    entry = next(
        e
        for e in audit_entries(world.national, viewer=world.staff)
        if e.object_id and "Марта" in e.label
    )
    assert entry.label == "Марта Бойко — Member (Working group on foster care)"
    shown = {c.field: c.new for c in entry.changes}
    assert shown["body"] == "Working group on foster care"
    assert shown["person"] == "Марта Бойко"
    assert shown["role"] == "Member"
    html_ids = {str(world.body.pk), str(person.pk)}
    assert not html_ids & set(shown.values())


@pytest.fixture
def measure(world):
    from backbone.measurement.testing import build_measure

    return build_measure(world)


def test_approval_and_return_are_in_the_audit_with_their_reviewer(world, measure):
    from backbone.measurement.submissions.imports import import_values
    from backbone.measurement.submissions.workflow import submission_return, submission_submit
    from backbone.measurement.testing import approved_upload, csv_file

    rows = [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "5"}]
    approved = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    returned = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="again.csv",
        stream=csv_file([{**rows[0], "period": "2025-02"}]),
    ).submission
    submission_submit(submission=returned, by=world.reporter_a)
    submission_return(submission=returned, by=world.staff, reason="Февраль двічі")
    entries = [
        e for e in audit_entries(world.national, viewer=world.staff) if e.model == "submission"
    ]
    steps = {(e.kind, e.object_id and e.label, e.who) for e in entries}
    # Named by who reported for which periods, not by an id alone.
    assert ("approved", f"#{approved.pk} — Organization A, 2025-01", "staff") in steps
    assert ("submitted", f"#{approved.pk} — Organization A, 2025-01", "reporter_a") in steps
    assert ("returned", f"#{returned.pk} — Organization A, 2025-02", "staff") in steps
    reason = next(e for e in entries if e.kind == "returned").changes
    assert [(c.field, c.new) for c in reason] == [("comment", "Февраль двічі")]


def test_a_submission_is_named_by_its_organization_and_the_span_of_its_periods(world, measure):
    from backbone.measurement.testing import approved_upload

    rows = [
        {"indicator": "workers", "place": "UA-46", "period": period, "value": "5"}
        for period in ("2025-03", "2025-01", "2025-02")
    ]
    submission = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    client = Client()
    client.force_login(world.staff)
    html = client.get("/c/nation/audit/").content.decode()
    assert f"<bdi>#{submission.pk} — Organization A, 2025-01 – 2025-03</bdi>" in html


def test_submission_names_cost_the_same_queries_for_one_submission_or_ten(world, measure):
    from backbone.accounts.models import User
    from backbone.measurement.testing import approved_upload

    def upload(n: int) -> None:
        row = {"indicator": "workers", "place": "UA-46", "period": f"2024-{n:02d}", "value": "1"}
        approved_upload(
            collective=world.national,
            organization=world.org_a,
            reporter=world.reporter_a,
            staff=world.staff,
            rows=[row],
            name=f"{n}.csv",
        )

    def queries() -> int:
        reader = User.objects.get(pk=world.staff.pk)
        with CaptureQueriesContext(connection) as ctx:
            entries = audit_entries(world.national, viewer=reader, model=SubmissionEvent)
        assert entries
        return len(ctx.captured_queries)

    upload(1)
    one = queries()
    for n in range(2, 11):
        upload(n)
    assert queries() == one


def test_a_changed_foreign_key_shows_the_old_and_the_new_name(world):
    person = world.community.person
    with acting_as(world.staff):
        person.collective = world.oblast
        person.save(update_fields=["collective"])
    entry = next(
        e
        for e in audit_entries(world.national, viewer=world.staff)
        if e.kind == "changed" and e.object_id == person.pk
    )
    change = next(c for c in entry.changes if c.field == "collective")
    assert (change.old, change.new) == ("National collective", "Oblast collective")


def test_indicator_definitions_targets_and_adjustments_are_audited(world, measure):
    from backbone.interchange import periods
    from backbone.measurement import services

    services.indicator_redefine(
        indicator=measure.workers,
        counting_rule="Social workers in post, full-time equivalent.",
        effective_from=dt.date(2025, 1, 1),
        change_note="Count full-time equivalents",
        by=world.staff,
    )
    period = periods.Period(periods.month_index(2025, 1), periods.ANNUAL)
    with acting_as(world.staff):
        services.target_set(
            indicator=measure.workers,
            collective=world.national,
            kind="target",
            period=period,
            value=120,
        )
        services.target_set(
            indicator=measure.workers,
            collective=world.national,
            kind="target",
            period=period,
            value=150,
        )
    services.adjustment_set(
        collective=world.national,
        indicator=measure.workers,
        place=measure.lviv,
        period=periods.month_index(2025, 1),
        amount=3,
        reason="Two NGOs count the same workers",
        by=world.facilitator,
    )
    entries = audit_entries(world.national, viewer=world.staff)
    definition = next(e for e in entries if e.model == "indicator definition" and "v2" in e.label)
    assert definition.who == "staff"
    assert ("what changed", "Count full-time equivalents") in {
        (c.field, c.new) for c in definition.changes
    }
    target = next(e for e in entries if e.model == "baseline or target" and e.kind == "changed")
    assert target.label == f"{measure.workers} — Target 2025"
    assert [(c.field, c.old, c.new) for c in target.changes] == [("value", "120", "150")]
    assert target.who == "staff"
    adjustment = next(e for e in entries if e.model == "overlap adjustment")
    # Nobody was logged in, but the adjustment says who made it.
    assert adjustment.who == "facilitator"
    assert "Lviv oblast" in adjustment.label


def test_audit_costs_the_same_queries_for_one_seat_or_twenty(world):
    from backbone.accounts.models import User

    def queries() -> int:
        reader = User.objects.get(pk=world.staff.pk)  # as each request has: nothing cached
        with CaptureQueriesContext(connection) as ctx:
            audit_entries(world.national, viewer=reader)
        return len(ctx.captured_queries)

    governance.membership_add(
        body=world.body, person=PersonFactory(collective=world.national), role="member"
    )
    few = queries()
    for _ in range(20):
        person = PersonFactory(collective=world.national)
        governance.membership_add(body=world.body, person=person, role="member")
    assert queries() == few
    # A query or so per registered source, whatever the number of rows: 45 for 33 sources once
    # the agenda and readiness joined the log, 53 for 41 with activities' eight; a bound per
    # source, so that an app's sources may join but a source costing a query a row may not.
    from backbone.lib import audit

    assert few <= len(audit.registered()) + 12, few


# What is new -------------------------------------------------------------------------------


def test_what_is_new_tells_repeated_joins_once_with_their_actor(world):
    with acting_as(world.staff):
        for n in range(8):
            person = PersonFactory(collective=world.national, name=f"Учасник {n}")
            governance.membership_add(body=world.body, person=person, role="member")
    items = whats_new(world.national)
    texts = [str(i.text) for i in items]
    joined = next(i for i in items if "joined" in str(i.text))
    assert joined.count == 8
    assert joined.who == "staff"
    assert str(joined.text) == "8 people joined “<bdi>Working group on foster care</bdi>”"
    assert sum("joined" in t for t in texts) == 1


def test_what_is_new_is_newest_first(world):
    from datetime import timedelta

    from django.utils import timezone

    governance.membership_add(
        body=world.body, person=PersonFactory(collective=world.national), role="member"
    )
    old = BodyMembership.history.model.objects.order_by("history_id").first()
    old.history_date = timezone.now() - timedelta(days=3)
    old.save()
    items = whats_new(world.national)
    assert [i.when for i in items] == sorted((i.when for i in items), reverse=True)


def test_what_is_new_on_the_page_is_grouped(world):
    with acting_as(world.staff):
        for _ in range(3):
            person = PersonFactory(collective=world.national)
            governance.membership_add(body=world.body, person=person, role="member")
    client = Client()
    client.force_login(world.community)
    html = client.get("/c/nation/").content.decode()
    assert "3 people joined" in html
    assert html.count("joined") == 1


# Labels in the reader's language ---------------------------------------------------------


def test_audit_values_are_labels_in_ukrainian(world):
    from backbone.testing import BodyFactory

    BodyFactory(collective=world.national, name="Рада громади", kind="community_council")
    services.organization_update(organization=world.org_a, non_traditional=True)
    with translation.override("uk"):
        entries = audit_entries(world.national, viewer=world.staff)
        body = next(e for e in entries if e.label == "Рада громади")
        org = next(e for e in entries if e.kind == "changed" and e.label == "Organization A")
        assert body.model == "орган управління"
        kind = next(c for c in body.changes if c.field == "тип")
        assert kind.new == "Громадська рада"
        flag = next(c for c in org.changes if c.field == "нетрадиційний учасник")
        assert (flag.old, flag.new) == ("ні", "так")
        assert entries[-1].who == "система"


def test_audit_log_in_hebrew_isolates_quoted_names(world):
    services.organization_update(organization=world.org_a, website="https://example.org")
    client = Client()
    client.force_login(world.staff)
    html = client.get("/c/nation/audit/", HTTP_ACCEPT_LANGUAGE="he").content.decode()
    assert "&quot;<bdi>Organization A</bdi>&quot;" in html
    assert "«" not in html
    assert "system" not in html
    assert "True" not in html and "False" not in html


def test_what_is_new_leaves_out_reviews_and_roles_that_only_staff_see(world):
    from backbone.accounts.services import role_grant

    with acting_as(world.staff):
        role_grant(user=world.outsider, collective=world.national, kind="community")
    with translation.override("en"):
        staff_view = {e.model for e in audit_entries(world.national, viewer=world.staff)}
        members_view = {
            e.model
            for e in audit_entries(world.national, viewer=world.community, include_private=False)
        }
        news = whats_new(world.national)
    assert "role" in staff_view
    assert "role" not in members_view
    assert all("role" not in str(i.text) for i in news)


def test_an_entry_names_each_field_once(world):
    from backbone.testing import OrganizationFactory

    OrganizationFactory(collective=world.national, name="Фонд «Надія»")
    for entry in audit_entries(world.national, viewer=world.staff):
        fields = [c.field for c in entry.changes]
        assert len(fields) == len(set(fields)), (entry.label, fields)


def test_lists_of_codes_show_their_labels(world):
    person = world.community.person
    services.person_update(person=person, languages=["uk", "he"])
    with translation.override("uk"):
        entry = next(
            e for e in audit_entries(world.national, viewer=world.staff) if e.kind == "changed"
        )
        languages = next(c for c in entry.changes if c.field == "мови")
    assert languages.new == "Українська, Іврит"


@pytest.mark.parametrize("language", ["uk", "he"])
def test_every_audited_field_and_record_name_is_translated(language):
    from django.utils.translation import ngettext

    from backbone.home.audit import _field_label, _verbose

    untranslated = []
    for source in registered():
        shown = [
            f
            for f in source.model._meta.concrete_fields
            if not f.primary_key and f.name not in getattr(source, "hidden", ())
        ]
        if isinstance(source, Log):
            shown = []
        kinds = getattr(source, "fields_of_kind", {})
        with translation.override("en"):
            english = [_field_label(f) for f in shown] + list(_verbose(source))
            english += [str(label) for label in getattr(source, "fields", {}).values()]
            english += [str(label) for more in kinds.values() for label in more.values()]
            english += [ngettext(*phrase, 5) for phrase in source.phrases.values()]
        with translation.override(language):
            local = [_field_label(f) for f in shown] + list(_verbose(source))
            local += [str(label) for label in getattr(source, "fields", {}).values()]
            local += [str(label) for more in kinds.values() for label in more.values()]
            local += [ngettext(*phrase, 5) for phrase in source.phrases.values()]
        untranslated += [
            (source.model.__name__, en) for en, loc in zip(english, local, strict=True) if en == loc
        ]
    # Per-language columns carry their language's code ("name [uk]") and are named alike.
    assert [u for u in untranslated if not u[1].endswith("]")] == []


def test_scope_versions_and_endorsements_are_audited(world):
    from backbone.documents.services import endorsement_give
    from backbone.governance.services import scope_publish

    scope_publish(body=world.body, text="We meet monthly.", by=world.staff)
    second = scope_publish(
        body=world.body, text="We meet quarterly.", by=world.facilitator, change_note="Less often",
        based_on=1,
    )  # fmt: skip
    services.affiliation_start(
        person=world.reporter_a.person, organization=world.org_a, speaks_for=True
    )
    with acting_as(world.reporter_a):
        endorsement_give(version=second, organization=world.org_a, by=world.reporter_a)
    entries = audit_entries(world.national, viewer=world.staff)
    second = next(e for e in entries if e.model == "version of a scope of work" and "v2" in e.label)
    assert second.who == "facilitator"
    assert ("what changed", "Less often") in {(c.field, c.new) for c in second.changes}
    endorsement = next(e for e in entries if e.model == "endorsement")
    assert endorsement.label == "Organization A — Person of reporter_a"
    assert endorsement.who == "reporter_a"
