"""Chinese working days (工作日) from a holiday table.

The days off of each statutory holiday and the weekend days worked instead (调休) are set
every year by a State Council notice (《全国年节及纪念日放假办法》, 2024 revision, fixes only
the 13 holiday days), so they are data: a :class:`HolidayTable`. The table is seeded from the
``chinesecalendar`` package and stored in the database, where staff enter later years.

Periods of the Regulation (e.g. Art. 33's 20 working days) exclude their first day: "N working
days after the receipt date" does not count the receipt date itself.

A year whose notice is not yet entered (it is usually published in November or December) never
stops the work: :meth:`HolidayTable.estimating` counts such a year's Mondays to Fridays as
working days, and :meth:`HolidayTable.missing_year` says which year a count ran into. A date so
counted is *pending* (待定): the earliest it can be, given that holidays only push it later — except
that a 调休 Saturday or Sunday just before a holiday can bring the real date a day or two earlier,
so a pending date is shown as an estimate, never as the deadline, and is recounted once the year
is entered.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Date = dt.date


class UnknownYearError(ValueError):
    """A date falls in a year whose holiday arrangement has not been entered."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的法定节假日和调休安排尚未录入，请按国务院办公厅发布的{year}年部分节假日安排通知录入后再计算"
            f" (holiday calendar for {year} is not entered)"
        )


# From this month on, the next year's arrangement should be entered (the State Council's notice
# usually comes out in November or December).
NEXT_YEAR_DUE_MONTH = 11


def pending_text(year: int) -> str:
    return f"{year}年节假日安排尚未录入"


def missing_calendar_year(today: Date, years: Iterable[int]) -> int | None:
    """The year an administrator should enter now: this year if it is missing, and from
    1 November next year if it is missing (banner "下一年度节假日尚未录入")."""
    known = set(years)
    if today.year not in known:
        return today.year
    if today.month >= NEXT_YEAR_DUE_MONTH and today.year + 1 not in known:
        return today.year + 1
    return None


V = TypeVar("V", dt.date, int)  # a Pending holds a date or a count of working days


@dataclass(frozen=True)
class Pending(Generic[V]):
    """A date or a count of working days that may run into a year whose holidays are not entered.

    ``value`` is exact when ``year`` is None; otherwise it was counted with that year's weekends
    only (the earliest possible date; see the module's docstring) and ``year`` names what to enter.
    """

    value: V
    year: int | None = None

    @property
    def pending(self) -> bool:
        return self.year is not None

    def __str__(self) -> str:
        if self.year is None:
            return str(self.value)
        return f"{self.value}（暂估：{pending_text(self.year)}，仅扣除周末）"


@dataclass(frozen=True)
class HolidayTable:
    """Days off (``holidays``), weekend working days (``workdays``, 调休) and the years covered.

    ``estimate``: count a year that is not covered with weekends only instead of raising
    :class:`UnknownYearError` (see :meth:`estimating`).
    """

    holidays: frozenset[Date] = field(default_factory=frozenset)
    workdays: frozenset[Date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)
    estimate: bool = False
    # year → running count of working days from 1 January through each day (built on first use).
    _running: dict[int, list[int]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    _views: dict[str, HolidayTable] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def build(cls, holidays: Iterable[Date], workdays: Iterable[Date], years: Iterable[int]) -> HolidayTable:
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years))

    def estimating(self) -> HolidayTable:
        """The same table, counting a year that is not entered with its weekends only."""
        if self.estimate:
            return self
        view = self._views.get("estimate")
        if view is None:  # kept, so its running counts are built once per table
            view = self._views["estimate"] = HolidayTable(
                self.holidays, self.workdays, self.years, estimate=True
            )
        return view

    def missing_year(self, start: Date, end: Date) -> int | None:
        """The first year not entered among the days after ``start`` up to ``end`` (the days a
        count from ``start`` to ``end`` looks at), or None when all are known."""
        if end < start:
            start, end = end, start
        if end == start:
            return None
        first = (start + dt.timedelta(days=1)).year
        return next((y for y in range(first, end.year + 1) if y not in self.years), None)

    def deadline(self, start: Date, n: int) -> Pending[Date]:
        """:meth:`add_workdays`, never raising: pending when it runs into a year not entered."""
        day = self.estimating().add_workdays(start, n)
        return Pending(day, self.missing_year(start, day))

    def left(self, today: Date, due: Date) -> Pending[int]:
        """:meth:`workdays_between` ``today`` and ``due`` (negative when overdue), never raising."""
        return Pending(self.estimating().workdays_between(today, due), self.missing_year(today, due))

    def is_workday(self, day: Date) -> bool:
        if day.year not in self.years:
            if self.estimate:
                return day.weekday() < 5
            raise UnknownYearError(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def _year(self, year: int) -> list[int]:
        running = self._running.get(year)
        if running is None:
            if year not in self.years and not self.estimate:
                raise UnknownYearError(year)
            running, count, day = [], 0, dt.date(year, 1, 1)
            while day.year == year:
                count += self.is_workday(day)
                running.append(count)
                day += dt.timedelta(days=1)
            self._running[year] = running
        return running

    def _through(self, day: Date) -> int:
        """Working days from 1 January of ``day``'s year through ``day``."""
        return self._year(day.year)[day.timetuple().tm_yday - 1]

    def add_workdays(self, start: Date, n: int) -> Date:
        """The date ``n`` working days after ``start`` (``start`` itself not counted).

        ``n == 0`` gives ``start``; a negative ``n`` counts backwards. Only the days after
        ``start`` need a known year.
        """
        if n < 0:
            return self._subtract_workdays(start, -n)
        if n == 0:
            return start
        year, need = start.year, n
        if start != dt.date(year, 12, 31):
            running = self._year(year)
            need += running[start.timetuple().tm_yday - 1]
        else:
            year, need = year + 1, n
        while True:
            running = self._year(year)
            if need <= running[-1]:
                return dt.date(year, 1, 1) + dt.timedelta(days=bisect_left(running, need))
            need -= running[-1]
            year += 1

    def _subtract_workdays(self, start: Date, n: int) -> Date:
        day, remaining = start, n
        while remaining:
            day -= dt.timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: Date, end: Date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` < ``start``)."""
        if end < start:
            return -self.workdays_between(end, start)
        if end == start:
            return 0
        if end.year == start.year:
            return self._through(end) - self._through(start)
        total = 0
        if start != dt.date(start.year, 12, 31):
            total += self._year(start.year)[-1] - self._through(start)
        for year in range(start.year + 1, end.year):
            total += self._year(year)[-1]
        return total + self._through(end)

    def next_workday(self, day: Date) -> Date:
        """``day`` if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day


def chinesecalendar_table() -> HolidayTable:
    """The arrangement the ``chinesecalendar`` package knows (2004 to its last year)."""
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    return HolidayTable.build(
        constants.holidays.keys(), constants.workdays.keys(), range(min(years), max(years) + 1)
    )
