import pytest

from gongkai.testing import factories


@pytest.fixture
def make_application(db):
    """An application row with known facts (gongkai.testing.factories.recorded_application)."""
    return factories.recorded_application
