"""The working-day calendar from the database, as a pure :class:`HolidayTable`."""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone

from gongkai.rules.calendar import HolidayTable, chinesecalendar_table

from .models import CalendarYear, SpecialDay

# Sent inside the transaction that enters a year (``year=``): the apps recount the dates they
# stored as estimates (pending on that year), so the entry and the recount commit together.
year_entered = Signal()

_memo: dict = {"key": None, "table": None}
_lock = threading.Lock()


def _version() -> tuple:
    """Changes whenever the calendar does, in any process: the years' count and last entry time
    (saving or deleting a day touches its year, below) and the number of days."""
    years = CalendarYear.objects.aggregate(n=Count("pk"), at=Max("entered_at"))
    return years["n"], years["at"], SpecialDay.objects.count()


def holiday_table() -> HolidayTable:
    """The table staff maintain. One object per version of the calendar, so its per-year running
    counts are built once per process, not per call."""
    key = _version()
    with _lock:
        if _memo["key"] == key and _memo["table"] is not None:
            return _memo["table"]
    holidays, workdays = [], []
    for date, kind in SpecialDay.objects.values_list("date", "kind"):
        (holidays if kind == SpecialDay.Kind.HOLIDAY else workdays).append(date)
    table = HolidayTable.build(holidays, workdays, CalendarYear.objects.values_list("year", flat=True))
    with _lock:
        _memo["key"], _memo["table"] = key, table
    return table


def clear_cache(**_kwargs) -> None:
    with _lock:
        _memo["key"] = _memo["table"] = None


def _touch_year(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # a restore (loaddata) brings the year's own time with it
        CalendarYear.objects.filter(year=instance.date.year).update(entered_at=timezone.now())
    clear_cache()


post_save.connect(_touch_year, sender=SpecialDay, dispatch_uid="holiday-day-save")
post_delete.connect(_touch_year, sender=SpecialDay, dispatch_uid="holiday-day-delete")
post_save.connect(clear_cache, sender=CalendarYear, dispatch_uid="holiday-year-save")
post_delete.connect(clear_cache, sender=CalendarYear, dispatch_uid="holiday-year-delete")


@transaction.atomic
def seed_from_chinesecalendar() -> int:
    """Store what ``chinesecalendar`` knows; years already entered are left alone. Returns years added."""
    from chinese_calendar import constants

    table = chinesecalendar_table()
    known = set(CalendarYear.objects.values_list("year", flat=True))
    added = sorted(set(table.years) - known)
    names = {d: constants.holidays.get(d, "") for d in table.holidays}
    SpecialDay.objects.bulk_create(
        [
            SpecialDay(date=d, kind=SpecialDay.Kind.HOLIDAY, name=str(names.get(d, ""))[:40])
            for d in sorted(table.holidays)
            if d.year in added
        ]
        + [
            SpecialDay(date=d, kind=SpecialDay.Kind.WORKDAY)
            for d in sorted(table.workdays)
            if d.year in added
        ],
        ignore_conflicts=True,
    )
    CalendarYear.objects.bulk_create([CalendarYear(year=y) for y in added])
    clear_cache()
    return len(added)


@transaction.atomic
def enter_year(
    year: int, holidays, workdays, *, source: str, entered_by: str = "", names: dict | None = None
) -> CalendarYear:
    """Enter (or replace) a year's arrangement from the State Council notice (``names``: date →
    the holiday's name, optional)."""
    bad = [d for d in [*holidays, *workdays] if d.year != year]
    if bad:
        raise ValueError(f"日期{bad[0]}不属于{year}年")
    overlap = set(holidays) & set(workdays)
    if overlap:
        raise ValueError(f"{min(overlap)}不能既是放假日又是调休上班日")
    SpecialDay.objects.filter(date__year=year).delete()
    SpecialDay.objects.bulk_create(
        [
            SpecialDay(date=d, kind=SpecialDay.Kind.HOLIDAY, name=str((names or {}).get(d, ""))[:40])
            for d in sorted(set(holidays))
        ]
        + [SpecialDay(date=d, kind=SpecialDay.Kind.WORKDAY) for d in sorted(set(workdays))]
    )
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source, "entered_by": entered_by}
    )
    clear_cache()
    year_entered.send(sender=CalendarYear, year=year)
    return entry
