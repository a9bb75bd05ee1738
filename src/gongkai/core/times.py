"""One time zone for what people read (settings.TIME_ZONE, Asia/Shanghai): the database keeps UTC,
everything shown, charted or exported is converted here (templates do it themselves with |date)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_iso(moment: dt.datetime | None = None) -> str:
    """``2026-12-06T10:30:00+08:00`` — for JSON exports and stored stamps."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def local_text(value: dt.datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A datetime (or an ISO string with an offset, as older stamps were stored in UTC) in local time."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if timezone.is_naive(value):
        return value.strftime(fmt)
    return timezone.localtime(value).strftime(fmt)
