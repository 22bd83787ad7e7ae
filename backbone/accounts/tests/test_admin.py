"""The admin site: every registered model opens for a platform admin, the records the services
own are read-only, and nobody but a superuser gets in."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from backbone.accounts import services as account_services
from backbone.accounts.models import ApiToken, Invitation, Role, RoleKind
from backbone.documents.services import endorsement_give
from backbone.events.services import record
from backbone.events.testing import run_worker
from backbone.governance.services import scope_publish
from backbone.interchange import periods
from backbone.measurement import services as measurement_services
from backbone.measurement.models import (
    ApprovedStock,
    ApprovedTotal,
    IndicatorVersion,
    Population,
    Submission,
    SubmissionEvent,
    Value,
    ValueComment,
)
from backbone.measurement.populations.files import import_population
from backbone.measurement.testing import approved_upload, build_measure, csv_file
from backbone.network.services import affiliation_start
from backbone.testing import UserFactory

ROWS = [
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "m", "age": "0-4", "value": "4"},
    {"indicator": "foster-active", "place": "UA-46", "period": "2025-01", "value": "12"},
]  # fmt: skip
READ_ONLY = (
    Submission, SubmissionEvent, Value, IndicatorVersion, ApprovedTotal, ApprovedStock, Population,
)  # fmt: skip


@pytest.fixture
def every_record(world):
    """At least one row of every model the admin shows."""
    measure = build_measure(world)
    submission = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    ValueComment.objects.create(value=submission.values.first(), text="Checked.", by=world.staff)
    account_services.invitation_create(
        email="new@example.org",
        collective=world.national,
        kind=RoleKind.COMMUNITY,
        invited_by=world.staff,
    )
    account_services.api_token_create(user=world.reporter_a, name="laptop")
    with transaction.atomic():
        record("test.told", audience=[world.reporter_a], message="Your figures were approved.")
    run_worker()
    scope = scope_publish(body=world.body, text="We meet monthly.", by=world.staff)
    affiliation_start(
        person=world.reporter_a.person, organization=world.org_a, title="Analyst", speaks_for=True
    )
    endorsement_give(version=scope, organization=world.org_a, by=world.reporter_a)
    january = periods.parse("2025-01")
    measurement_services.target_set(
        indicator=measure.in_care, collective=world.national, kind="target", period=january,
        value=10,
    )  # fmt: skip
    measurement_services.adjustment_set(
        collective=world.national, indicator=measure.in_care, place=measure.lviv,
        period=january.start, amount=1, reason="Shared cases.", by=world.staff,
    )  # fmt: skip
    measurement_services.assignment_add(
        collective=world.national, organization=world.org_a, indicator=measure.in_care
    )
    measurement_services.period_close(
        collective=world.national, closed_through=dt.date(2024, 6, 30)
    )
    import_population(
        collective=world.national,
        user=world.staff,
        file_name="population.csv",
        stream=csv_file([{"place": "UA-46", "year": "2025", "value": "478000"}]),
    )
    Group.objects.create(name="Operators")
    # django-axes' records of log-ins: a failure (kept while it counts) and a success.
    Client().post("/accounts/login/", {"username": "steering", "password": "wrong"})
    Client().post("/accounts/login/", {"username": "facilitator", "password": "pw"})
    return submission


def test_every_registered_model_lists_and_opens_for_the_platform_admin(client, world, every_record):
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 200
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        listing = client.get(reverse("admin:%s_%s_changelist" % info))
        assert listing.status_code == 200, model
        obj = model_admin.get_queryset(listing.wsgi_request).first()
        assert obj is not None, f"the fixture makes no {model.__name__} to open"
        page = client.get(reverse("admin:%s_%s_change" % info, args=[obj.pk]))
        assert page.status_code == 200, model


def test_the_admin_has_the_models_an_operator_needs(world):
    registered = {model.__name__ for model in admin.site._registry}
    assert {
        "User", "Role", "Invitation", "ApiToken", "Collective", "Place", "Organization",
        "Person", "Body", "BodyMembership", "Indicator", "IndicatorVersion", "Dimension",
        "Category", "Target", "Submission", "SubmissionEvent", "Value", "ApprovedTotal",
    } <= registered  # fmt: skip


def test_secrets_are_not_shown_in_the_admin(client, world, every_record):
    client.force_login(world.admin)
    token = ApiToken.objects.get()
    invitation = Invitation.objects.get()
    for obj, secret in ((token, token.key_hash), (invitation, invitation.token_hash)):
        info = obj._meta.app_label, obj._meta.model_name
        for url in (
            reverse("admin:%s_%s_changelist" % info),
            reverse("admin:%s_%s_change" % info, args=[obj.pk]),
        ):
            assert secret not in client.get(url).content.decode()
    page = client.get(reverse("admin:accounts_user_change", args=[world.reporter_a.pk]))
    assert world.reporter_a.password not in page.content.decode()


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_records_a_service_keeps_are_read_only_in_the_admin(client, world, every_record, model):
    client.force_login(world.admin)
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    before = list(model.objects.values())
    request = client.get("/admin/").wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    info = model._meta.app_label, model._meta.model_name
    change = reverse("admin:%s_%s_change" % info, args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert escape(str(model_admin.admin_note)) in page.content.decode()  # says why
    assert client.get(reverse("admin:%s_%s_add" % info)).status_code == 403
    assert client.post(change, {"value": "999", "status": "draft"}).status_code == 403
    assert (
        client.post(
            reverse("admin:%s_%s_delete" % info, args=[obj.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    changelist = reverse("admin:%s_%s_changelist" % info)
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert list(model.objects.values()) == before


def test_the_submission_list_says_the_workflow_changes_figures(client, world, every_record):
    client.force_login(world.admin)
    page = client.get(reverse("admin:measurement_submission_changelist")).content.decode()
    assert "figures move through the workflow on the site" in page


def test_ending_roles_in_the_admin_goes_through_the_service(client, world):
    client.force_login(world.admin)
    role = Role.objects.get(user=world.community)
    response = client.post(
        reverse("admin:accounts_role_changelist"),
        {"action": "end_roles", "_selected_action": [role.pk]},
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.ended_at is not None
    assert Role.objects.filter(ended_at__isnull=True).exclude(user=world.community).count() == 5


def test_lists_cost_the_same_queries_however_many_rows(client, world, every_record):
    client.force_login(world.admin)
    urls = [
        reverse("admin:measurement_value_changelist"),
        reverse("admin:accounts_role_changelist"),
        reverse("admin:measurement_submission_changelist"),
    ]

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for url in urls:
        queries(url)  # the first request of a session warms caches (content types)
    before = [queries(url) for url in urls]
    for n in range(3):
        user = UserFactory(username=f"more{n}")
        account_services.role_grant(
            user=user, collective=world.oblast, kind=RoleKind.REPORTER, organization=world.org_b
        )
    approved_upload(
        collective=world.oblast,
        organization=world.org_b,
        reporter=world.reporter_b,
        staff=world.staff,
        rows=[dict(row, place="UA-63") for row in ROWS],
    )
    assert [queries(url) for url in urls] == before


def test_a_staff_flag_without_superuser_does_not_open_the_admin(client, world):
    operator = UserFactory(username="operator", is_staff=True)
    client.force_login(operator)
    for url in ("/admin/", reverse("admin:measurement_submission_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    client.force_login(world.staff)  # backbone staff of a collective, not a platform admin
    assert client.get("/admin/").status_code == 302
