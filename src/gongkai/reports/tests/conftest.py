"""Fixtures of the annual-report tests: applications whose facts are known, and staff."""

import pytest

from gongkai.testing import factories


@pytest.fixture
def make_application(db):
    """An application received on ``received`` and, if ``closed``, closed with ``outcome`` — the
    cached facts :func:`gongkai.applications.stats.applications_table` reads
    (gongkai.testing.factories.recorded_application)."""
    return factories.recorded_application


@pytest.fixture
def report_staff(agency_tree, make_staff):
    city = agency_tree["city"]
    return {
        "editor": make_staff(city, "editor", username="rep-editor"),
        "reviewer": make_staff(city, "reviewer", username="rep-reviewer"),
        "head": make_staff(city, "office_head", "handler", username="rep-head"),
        "supervisor": make_staff(agency_tree["province"], "supervisor", username="rep-supervisor"),
        "outsider": make_staff(
            agency_tree["other"], "editor", "office_head", "handler", "supervisor", username="rep-outsider"
        ),
    }
