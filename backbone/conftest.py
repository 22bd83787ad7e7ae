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


def pytest_collection_modifyitems(items):
    """The 3W browser test imports files into the shared demo, adding entries to its audit log;
    it runs last, so the tests that read the log's first page still find the demo's bodies
    there (the order of every other test is unchanged)."""
    last = [item for item in items if "activities/tests/test_browser" in item.nodeid]
    if last:
        items[:] = [item for item in items if item not in last] + last
