import datetime as dt

import pytest
from django.test import Client

from gongkai.applications import letters, services
from gongkai.testing.factories import APPLICANT

D = dt.date
DAY = D(2026, 3, 2)  # a Monday


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(agency_tree, case_staff, on):
    """An online application to 随州市民政局 by e-mail delivery, received, with its 查询码."""
    on(DAY)
    app, code = services.submit(agency_tree["city"], dict(APPLICANT))
    services.confirm_receipt(case_staff["handler"], app, DAY, "网上申请系统与申请人确认")
    app.refresh_from_db()
    return app, code


@pytest.fixture
def send(case_staff, on):
    """``send(app, outcome, **details)``: draft, sign and send the reply on DAY + 3 days."""

    def run(app, outcome="granted", **details):
        on(DAY + dt.timedelta(days=3))
        letters.draft_reply(case_staff["handler"], app, outcome, **details)
        letters.sign_reply(case_staff["leader"], app)
        row = letters.send_reply(case_staff["handler"], app, DAY + dt.timedelta(days=3))
        app.refresh_from_db()
        return row

    return run


def applicant(app, code) -> Client:
    """A browser that proved the number and the 查询码."""
    client = Client()
    client.post(f"/{app.agency.slug}/apply/status/", {"number": app.number, "code": code})
    return client
