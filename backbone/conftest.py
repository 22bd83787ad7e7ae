import pytest

# Browser fixtures (a demo server and Debian's Chromium) for every app's browser tests.
from backbone.browsing import browser, demo_server, page  # noqa: F401
from backbone.testing import build_world


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return build_world()
