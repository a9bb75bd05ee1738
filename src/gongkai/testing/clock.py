"""Moving a service module's clock in a test: the services read the time through their module's
``now()``, so a test sets the day by replacing it (``monkeypatch``: undone after the test)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType


def clock_mover(monkeypatch, module: ModuleType) -> Callable[[dt.date], dt.date]:
    """``move(day)``: from now on ``module.now()`` is 10:00 on ``day`` (local time); returns ``day``."""
    from django.utils import timezone

    def move(day: dt.date) -> dt.date:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        monkeypatch.setattr(module, "now", lambda: moment)
        return day

    return move
