"""Chinese working days (工作日) from a holiday table.

The days off of each statutory holiday and the weekend days worked instead (调休) are set
every year by a State Council notice (《全国年节及纪念日放假办法》, 2024 revision, fixes only
the 13 holiday days), so they are data: a :class:`HolidayTable`. The table is seeded from the
``chinesecalendar`` package and stored in the database, where staff enter later years.

Periods of the Regulation (e.g. Art. 33's 20 working days) exclude their first day: "N working
days after the receipt date" does not count the receipt date itself.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

Date = dt.date


class UnknownYearError(ValueError):
    """A date falls in a year whose holiday arrangement has not been entered."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的法定节假日和调休安排尚未录入，请按国务院办公厅发布的{year}年部分节假日安排通知录入后再计算"
            f" (holiday calendar for {year} is not entered)"
        )


@dataclass(frozen=True)
class HolidayTable:
    """Days off (``holidays``), weekend working days (``workdays``, 调休) and the years covered."""

    holidays: frozenset[Date] = field(default_factory=frozenset)
    workdays: frozenset[Date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)
    # year → running count of working days from 1 January through each day (built on first use).
    _running: dict[int, list[int]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def build(cls, holidays: Iterable[Date], workdays: Iterable[Date], years: Iterable[int]) -> HolidayTable:
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years))

    def is_workday(self, day: Date) -> bool:
        if day.year not in self.years:
            raise UnknownYearError(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def _year(self, year: int) -> list[int]:
        running = self._running.get(year)
        if running is None:
            if year not in self.years:
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
    return HolidayTable.build(constants.holidays.keys(), constants.workdays.keys(), range(min(years), max(years) + 1))
