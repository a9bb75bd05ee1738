"""Fixtures of the annual-report tests: applications whose facts are known, and staff."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Staff are created with a password; PBKDF2's deliberate slowness is not what these tests test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_application(db):
    """An application received on ``received`` and, if ``closed``, closed with ``outcome`` — the
    cached facts :func:`gongkai.applications.stats.applications_table` reads."""
    from gongkai.applications.models import Application
    from gongkai.rules.deadline_events import Status

    def make(agency, kind, received, closed=None, outcome="", *, fee=None, overdue=False):
        n = next(_serial)
        return Application.objects.create(
            agency=agency,
            year=received.year,
            serial=n,
            number=f"{received.year}-{n:04d}",
            access_code_hash="x",
            channel="in_person",
            applicant_kind=kind,
            applicant_name="申请人",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13812345678",
            description="所需信息",
            medium="electronic",
            delivery="email",
            submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
            received_on=received,
            status=Status.CLOSED if closed else Status.RUNNING,
            outcome=outcome,
            closed_on=closed,
            fee_amount=fee,
            fee_paid=bool(fee),
            overdue=overdue,
        )

    return make


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
