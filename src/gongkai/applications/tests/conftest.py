import pytest

from gongkai.testing.factories import APPLICANT


@pytest.fixture
def form_data():
    return dict(APPLICANT)
