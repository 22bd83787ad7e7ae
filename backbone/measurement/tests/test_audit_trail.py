"""What the audit log shows of shared measurement beyond indicators and submissions: values
entered through the web grid and corrected, reviewers' comments on values, dimensions and
categories, population figures (one entry per import), assignments and closed periods."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backbone.accounts.models import User
from backbone.home.audit import audit_entries, whats_new
from backbone.lib.audit import acting_as
from backbone.measurement import services
from backbone.measurement.models import (
    Assignment,
    Category,
    Dimension,
    PeriodClosure,
    Population,
    Submission,
    SubmissionEvent,
    Value,
    ValueComment,
)
from backbone.measurement.populations.files import import_population
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import submission_return, submission_submit
from backbone.measurement.testing import csv_file
from backbone.network.models import Place


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _import_population(world, collective, rows, name="population.csv"):
    return import_population(
        collective=collective, user=world.staff, file_name=name, stream=csv_file(rows)
    )


def _figures(measure, years: range, value: int = 1000) -> list[dict]:
    places = (measure.country, measure.lviv, measure.lviv_city, measure.kharkiv)
    return [
        {"place": place.code, "year": str(year), "value": str(value + year)}
        for place in places
        for year in years
    ]


def _entries(world, model, **kwargs):
    return audit_entries(world.national, viewer=world.staff, model=model, **kwargs)


# Population figures: one entry per import ----------------------------------------------------


def test_an_import_of_500_population_figures_is_one_entry_with_its_file_and_importer(
    world, measure
):
    result = _import_population(world, world.national, _figures(measure, range(1900, 2025)))
    assert result.new == 500
    (entry,) = _entries(world, Population, limit=50)
    assert (entry.count, entry.kind, entry.who) == (500, "created", "staff")
    assert entry.changes == []
    expected = "500 population figures imported from “<bdi>population.csv</bdi>”"
    assert str(entry.summary) == expected
    html = _client(world.staff).get("/c/nation/audit/").content.decode()
    assert html.count("population figures imported from") == 1
    assert expected in html
    # Members see it too, told once.
    news = [str(i.text) for i in whats_new(world.national) if "population" in str(i.text)]
    assert news == [expected]


def test_a_reimport_tells_what_it_changed_and_one_figure_shows_old_and_new(world, measure):
    _import_population(world, world.national, _figures(measure, range(2020, 2025)))
    three = _figures(measure, range(2020, 2025))
    for row in three[:3]:
        row["value"] = "7"
    # The same file again, three figures corrected: the others are left as they were.
    _import_population(world, world.national, three)
    one = [{"place": measure.lviv.code, "year": "2024", "value": "9"}]
    _import_population(world, world.national, one, name="lviv.csv")
    newest, changed, imported = _entries(world, Population)
    assert (changed.count, changed.kind) == (3, "changed")
    assert str(changed.summary) == "3 population figures changed by “<bdi>population.csv</bdi>”"
    assert imported.count == 20
    assert (newest.count, newest.kind, newest.who) == (1, "changed", "staff")
    assert newest.label == "Lviv oblast, 2024"
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("population", "3,024", "9"),
        ("source", "population.csv", "lviv.csv"),
    ]


def test_a_population_figure_of_a_subgroup_is_named_by_its_categories(world, measure):
    rows = [{"place": measure.lviv.code, "year": "2024", "sex": "f", "value": "100"}]
    _import_population(world, world.national, rows)
    (entry,) = _entries(world, Population)
    assert entry.label == "Lviv oblast, 2024 (Female)"


def test_another_collectives_population_figures_are_not_in_the_audit(world, measure):
    _import_population(world, world.elsewhere, _figures(measure, range(2020, 2022)))
    assert _entries(world, Population) == []
    assert Population.objects.filter(collective=world.elsewhere).count() == 8


# Values: entered through the web grid, corrected, commented on -----------------------------


def test_values_entered_and_corrected_through_the_web_grid_are_in_the_audit(world, measure):
    world.org_a.places_served.set([measure.lviv])
    client = _client(world.reporter_a)
    query = f"?organization={world.org_a.pk}&period=2025-03&indicators={measure.in_care.pk}"
    url = reverse("submission_grid", args=["nation"]) + query
    cells = client.get(url).context["grids"][0].cells
    assert client.post(url, {cells[0].name: "5", cells[1].name: "2"}).status_code == 302
    client.post(url, {cells[0].name: "6", cells[1].name: "2"})
    first, correction = Submission.objects.order_by("pk")
    entries = _entries(world, SubmissionEvent)
    steps = [(e.kind, e.label, e.who) for e in entries]
    assert steps == [
        ("created", f"#{correction.pk} — Organization A, 2025-03", "reporter_a"),
        ("replaced", f"#{first.pk} — Organization A, 2025-03", "reporter_a"),
        ("created", f"#{first.pk} — Organization A, 2025-03", "reporter_a"),
    ]
    created = {(c.field, c.new) for c in entries[0].changes}
    assert {("entered through", "Web form"), ("values", "2")} <= created
    replaced = {(c.field, c.new) for c in entries[1].changes}
    assert replaced == {("comment", f"Replaced by submission #{correction.pk}.")}


def test_a_reviewers_comment_on_a_value_is_shown_to_staff_with_the_value(world, measure):
    rows = [
        {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f",
         "age": "0-4", "value": "12"},
    ]  # fmt: skip
    submission = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="values.csv",
        stream=csv_file(rows),
    ).submission
    submission_submit(submission=submission, by=world.reporter_a)
    value = Value.objects.get(submission=submission)
    submission_return(
        submission=submission,
        by=world.staff,
        reason="Check January",
        comments={value.pk: "Twelve girls under five in one institution?"},
    )
    (entry,) = _entries(world, ValueComment)
    assert entry.who == "staff"
    assert entry.model == "comment on a value"
    assert entry.label == (
        f"{measure.in_care}, Lviv oblast, 2025-01 (Female, 0–4): 12, #{submission.pk}"
    )
    assert [(c.field, c.new) for c in entry.changes] == [
        ("comment", "Twelve girls under five in one institution?")
    ]
    members = audit_entries(world.national, viewer=world.community, include_private=False)
    assert all(e.model != "comment on a value" for e in members)


# Dimensions, assignments, closed periods ------------------------------------------------------


def test_a_new_dimension_and_its_categories_are_audited_by_name(world, measure):
    with acting_as(world.facilitator):
        services.dimension_create(
            collective=world.national,
            code="disability",
            name="Disability",
            categories=[("yes", "With a disability"), ("no", "Without")],
        )
    (dimension,) = [e for e in _entries(world, Dimension) if e.label == "Disability"]
    assert (dimension.kind, dimension.who) == ("created", "facilitator")
    assert ("code", "disability") in {(c.field, c.new) for c in dimension.changes}
    labels = {e.label for e in _entries(world, Category) if e.who == "facilitator"}
    assert labels == {"With a disability (Disability)", "Without (Disability)"}
    members = audit_entries(world.national, viewer=world.community, include_private=False)
    assert all(e.model not in ("dimension", "category") for e in members)


def test_assignments_are_audited_with_the_organization_indicator_and_place(world, measure):
    with acting_as(world.staff):
        assignment = services.assignment_add(
            collective=world.national,
            organization=world.org_a,
            indicator=measure.workers,
            place=measure.lviv,
            user=world.reporter_a,
        )
        assignment.delete()
    removed, added = _entries(world, Assignment)
    assert added.label == f"Organization A — {measure.workers}, Lviv oblast"
    assert (added.kind, added.who) == ("created", "staff")
    shown = {c.field: c.new for c in added.changes}
    assert shown["organization"] == "Organization A"
    assert shown["place"] == "Lviv oblast"
    assert shown["user"] == "reporter_a"
    assert (removed.kind, removed.label) == ("deleted", added.label)
    members = audit_entries(world.national, viewer=world.community, include_private=False)
    assert all(e.model != "reporting assignment" for e in members)


def test_closing_periods_is_audited_with_the_old_and_new_date(world, measure):
    with acting_as(world.staff):
        services.period_close(collective=world.national, closed_through=dt.date(2024, 12, 31))
        services.period_close(collective=world.national, closed_through=dt.date(2025, 3, 31))
    with acting_as(world.staff):
        services.period_close(collective=world.elsewhere, closed_through=dt.date(2025, 3, 31))
    changed, closed = _entries(world, PeriodClosure)
    assert (closed.kind, closed.label, closed.who) == ("created", "National collective", "staff")
    assert changed.kind == "changed"
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("closed through", "12/31/2024", "03/31/2025")
    ]


# Cost ----------------------------------------------------------------------------------------


def test_the_new_sources_cost_the_same_queries_for_few_rows_or_many(world, measure):
    def queries() -> int:
        reader = User.objects.get(pk=world.staff.pk)
        with CaptureQueriesContext(connection) as ctx:
            entries = audit_entries(world.national, viewer=reader)
        assert entries
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        place = Place.objects.create(code=f"UA-T{n}", name=f"Place {n}", level=1)
        rows = [{"place": place.code, "year": "2024", "sex": "f", "value": "5"}]
        _import_population(world, world.national, rows, name=f"{n}.csv")
        with acting_as(world.staff):
            services.assignment_add(
                collective=world.national,
                organization=world.org_a,
                indicator=measure.workers,
                place=place,
            )
            services.period_close(
                collective=world.national, closed_through=dt.date(2000 + n, 1, 31)
            )
        rows = [{"indicator": "in-care", "place": "UA-46", "period": f"2023-{n:02d}",
                 "sex": "m", "age": "5-17", "value": str(n)}]  # fmt: skip
        submission = import_values(
            collective=world.national,
            organization=world.org_a,
            user=world.reporter_a,
            file_name=f"{n}.csv",
            stream=csv_file(rows),
        ).submission
        submission_submit(submission=submission, by=world.reporter_a)
        value = Value.objects.get(submission=submission)
        submission_return(
            submission=submission, by=world.staff, reason="Check", comments={value.pk: "?"}
        )

    add(1)
    few = queries()
    for n in range(2, 12):
        add(n)
    assert queries() == few
