import pytest
from django.conf import settings as django_settings
from django.utils import translation

# Browser fixtures (a demo server and Debian's Chromium) for every app's browser tests.
from backbone.browsing import browser, demo_server, page  # noqa: F401
from backbone.testing import build_world


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    # A request's LocaleMiddleware leaves its language active in the thread afterwards (a
    # test asking for Hebrew would turn the next test's messages Hebrew).
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    return build_world()


# The test modules whose behaviour can differ by database, beyond those marked in the module
# itself: imports and exports (bulk writes, field lengths PostgreSQL enforces and SQLite does
# not), roll-ups and selectors (aggregation, collation, date functions), locking and claims
# (select_for_update, conditional updates: workflow, events, deliveries, meetings),
# migrations, the place tree, text a database refuses (NUL), query counts and the audit log's
# grouped queries. `make test` runs every test on SQLite and these again on PostgreSQL.
POSTGRES_BEHAVIOUR = frozenset(
    {
        "activities/tests/test_imports.py",
        "activities/tests/test_selectors.py",
        "activities/tests/test_services.py",
        "communication/tests/test_preferences.py",
        "communication/tests/test_notifications.py",
        "documents/tests/test_documents.py",
        "events/tests/test_events.py",
        "events/tests/test_jobs.py",
        "events/tests/test_worker.py",
        "home/tests/test_audit.py",
        "lib/tests/test_collation.py",
        "lib/tests/test_text_input.py",
        "measurement/tests/test_audit_trail.py",
        "measurement/tests/test_commands.py",
        "measurement/tests/test_export_jobs.py",
        "measurement/tests/test_figures.py",
        "measurement/tests/test_iati.py",
        "measurement/tests/test_imports.py",
        "measurement/tests/test_imports_layouts.py",
        "measurement/tests/test_query_counts.py",
        "measurement/tests/test_replacements.py",
        "measurement/tests/test_reporting.py",
        "measurement/tests/test_rollups.py",
        "measurement/tests/test_selectors.py",
        "measurement/tests/test_totals.py",
        "measurement/tests/test_workflow.py",
        "meetings/tests/test_cli.py",
        "meetings/tests/test_services.py",
        "network/tests/test_api_input.py",
        "network/tests/test_migrations.py",
        "network/tests/test_places.py",
        "network/tests/test_selectors.py",
        "readiness/tests/test_reports.py",
        "webhooks/tests/test_delivery.py",
    }
)


def pytest_collection_modifyitems(items):
    """Marks the modules of POSTGRES_BEHAVIOUR. And the 3W browser test imports files into the
    shared demo, adding entries to its audit log: it runs last, so the tests that read the
    log's first page still find the demo's bodies there (the order of every other test is
    unchanged)."""
    for item in items:
        module = item.nodeid.split("::", 1)[0].removeprefix("backbone/")
        if module in POSTGRES_BEHAVIOUR:
            item.add_marker(pytest.mark.postgres_behaviour)
    last = [item for item in items if "activities/tests/test_browser" in item.nodeid]
    if last:
        items[:] = [item for item in items if item not in last] + last
