import pytest

from gongkai.testing.factories import APPLICANT


@pytest.fixture
def form_data():
    return dict(APPLICANT)


@pytest.fixture
def case_staff(agency_tree, make_staff):
    city = agency_tree["city"]
    return {
        "handler": make_staff(city, "handler", username="handler"),
        "head": make_staff(city, "office_head", username="head"),
        "leader": make_staff(city, "leader", username="leader"),
        "outsider": make_staff(agency_tree["other"], "handler", "office_head", "leader", username="outsider"),
    }


@pytest.fixture
def on(monkeypatch):
    """Move the applications' clock to 10:00 on a date: ``on(date)``."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.applications import services

    def move(day):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        monkeypatch.setattr(services, "now", lambda: moment)
        return day

    return move
