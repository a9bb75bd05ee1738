import datetime as dt

import pytest


@pytest.fixture
def on(monkeypatch):
    """Move the applications' clock to 10:00 on a date: ``on(date)``."""
    from django.utils import timezone

    from gongkai.applications import services

    def move(day):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        monkeypatch.setattr(services, "now", lambda: moment)
        return day

    return move
