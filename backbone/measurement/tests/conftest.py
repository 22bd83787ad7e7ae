import pytest

from backbone.measurement.testing import build_measure


@pytest.fixture
def measure(world):
    return build_measure(world)
