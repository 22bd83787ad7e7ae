import pytest

from backbone.activities.testing import build_three_w


@pytest.fixture
def three_w(world):
    return build_three_w(world)
