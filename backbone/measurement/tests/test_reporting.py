"""Who reports what: one answer (selectors.reporting), the same on the grid form, the template
download, the upload check and the service rules that used to live in views."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backbone.accounts.models import RoleKind
from backbone.accounts.services import role_grant
from backbone.accounts.tests.test_http_access import client_for
from backbone.measurement import services
from backbone.measurement.forms import GridChoiceForm
from backbone.measurement.selectors.reporting import reporting_for
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.testing import csv_file
from backbone.testing import OrganizationFactory


def _row(indicator: str, place: str) -> dict:
    return {"indicator": indicator, "place": place, "period": "2025-03", "value": "3"}


def test_staff_report_for_every_active_organization_without_limits(world, measure):
    OrganizationFactory(collective=world.oblast, name="Closed", archived_at=dt.datetime.now(dt.UTC))
    reporting = reporting_for(world.staff, world.national)
    assert reporting.everything
    assert set(reporting.organizations()) == {world.org_a, world.org_b}
    assert reporting.indicator_ids() is None


def test_a_reporter_reports_for_their_own_organization_only(world, measure):
    reporting = reporting_for(world.reporter_a, world.national)
    assert list(reporting.organizations()) == [world.org_a]
    assert not reporting.may_report_for(world.org_b)
    with pytest.raises(ImportRefused, match="you do not report for it"):
        import_values(
            collective=world.national, organization=world.org_b, user=world.reporter_a,
            file_name="b.csv", stream=csv_file([_row("workers", "UA-46")]),
        )  # fmt: skip


def test_an_oblast_reporter_reports_there_not_for_the_national_collective(world, measure):
    assert list(reporting_for(world.reporter_b, world.oblast).organizations()) == [world.org_b]
    # org_b is in the national tree too: its reporter files there for it, and only for it.
    assert list(reporting_for(world.reporter_b, world.national).organizations()) == [world.org_b]
    assert not reporting_for(world.community, world.national).organization_ids


def test_a_persons_assignments_limit_the_form_the_template_and_the_upload_alike(world, measure):
    services.assignment_add(
        collective=world.national, organization=world.org_a, indicator=measure.workers,
        place=measure.lviv, user=world.reporter_a,
    )  # fmt: skip
    reporting = reporting_for(world.reporter_a, world.national)
    assert reporting.indicator_ids() == {measure.workers.pk}
    form = GridChoiceForm(user=world.reporter_a, collective=world.national)
    assert [i.code for i in form.fields["indicators"].queryset] == ["workers"]
    world.org_a.places_served.add(measure.lviv)
    template = client_for(world, "reporter_a").get("/c/nation/submissions/template/")
    rows = list(csv.DictReader(io.StringIO(template.content.decode())))
    assert rows and {row["indicator"] for row in rows} == {"workers"}
    # The upload takes Lviv oblast and the places below it, nothing else.
    result = import_values(
        collective=world.national, organization=world.org_a, user=world.reporter_a,
        file_name="ok.csv", stream=csv_file([_row("workers", "UA-46"), _row("workers", "UA-46-001")]),
    )  # fmt: skip
    assert result.rows == 2
    with pytest.raises(ImportRefused, match="not assigned to report in-care for UA-46"):
        import_values(
            collective=world.national, organization=world.org_a, user=world.reporter_a,
            file_name="no.csv", stream=csv_file([_row("in-care", "UA-46")]),
        )  # fmt: skip
    with pytest.raises(ImportRefused, match="not assigned to report workers for UA-63"):
        import_values(
            collective=world.national, organization=world.org_a, user=world.reporter_a,
            file_name="no.csv", stream=csv_file([_row("workers", "UA-63")]),
        )  # fmt: skip


def test_what_an_organization_is_expected_to_report_limits_nobody(world, measure):
    """An assignment naming no person is the organization's expected reporting (it counts
    for completeness); its reporters may still report anything."""
    services.assignment_add(
        collective=world.national, organization=world.org_a, indicator=measure.workers
    )
    assert reporting_for(world.reporter_a, world.national).indicator_ids() is None
    form = GridChoiceForm(user=world.reporter_a, collective=world.national)
    assert "in-care" in {i.code for i in form.fields["indicators"].queryset}


def test_overlaps_are_recorded_only_for_indicators_added_up(world, measure):
    with pytest.raises(ValidationError, match="only for indicators added up"):
        services.adjustment_set(
            collective=world.national, indicator=measure.workers_per_10k, place=measure.lviv,
            period=1, amount=1, reason="shared", by=world.staff,
        )  # fmt: skip
    assert not measure.workers_per_10k.adjustments.exists()


def test_an_inherited_indicator_is_defined_only_where_it_belongs(world, measure):
    oblast_staff = world.steering  # a user with a staff role in the oblast only
    role_grant(user=oblast_staff, collective=world.oblast, kind=RoleKind.STAFF)
    with pytest.raises(PermissionDenied):
        services.indicator_redefine(
            indicator=measure.workers, counting_rule="Ours.", effective_from=dt.date(2025, 1, 1),
            change_note="oblast wants its own", by=oblast_staff,
        )  # fmt: skip
    assert measure.workers.versions.count() == 1
    # National staff on the oblast's page are sent to where the indicator belongs.
    response = client_for(world, "staff").get("/c/ua-46/indicators/workers/definition/")
    assert response.status_code == 302
    assert response.url == "/c/nation/indicators/workers/definition/"
    assert client_for(world, "steering").get(response.url).status_code == 403
