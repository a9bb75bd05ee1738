import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.calendar import HolidayTable, UnknownYearError, chinesecalendar_table

D = dt.date
TABLE = chinesecalendar_table()


def test_receipt_day_not_counted_and_spring_festival_skipped():
    # docs/domain.md: received 2025-01-20, the 20th working day after is 2025-02-21.
    assert TABLE.add_workdays(D(2025, 1, 20), 20) == D(2025, 2, 21)
    assert TABLE.workdays_between(D(2025, 1, 20), D(2025, 2, 21)) == 20


def test_2025_national_day_and_its_weekend_workdays():
    # 2025: Oct 1-8 off; Sunday Sep 28 and Saturday Oct 11 worked (调休).
    assert TABLE.is_workday(D(2025, 9, 28)) and TABLE.is_workday(D(2025, 10, 11))
    assert not any(TABLE.is_workday(D(2025, 10, d)) for d in range(1, 9))
    assert TABLE.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert TABLE.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)


def test_2026_national_day():
    # 2026: Oct 1-7 off; Sunday Sep 20 and Saturday Oct 10 worked.
    assert not any(TABLE.is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert TABLE.is_workday(D(2026, 10, 10)) and TABLE.is_workday(D(2026, 9, 20))
    assert TABLE.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert TABLE.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_unknown_year_names_the_year_to_enter():
    with pytest.raises(UnknownYearError) as exc:
        TABLE.add_workdays(D(2026, 12, 1), 40)
    assert exc.value.year == 2027
    assert "2027年" in str(exc.value)


def test_entered_year_is_used():
    table = HolidayTable.build({D(2030, 1, 1)}, {D(2030, 1, 5)}, {2030})
    assert not table.is_workday(D(2030, 1, 1))
    assert table.is_workday(D(2030, 1, 5))  # a Saturday worked
    assert table.add_workdays(D(2030, 1, 1), 1) == D(2030, 1, 2)


@given(st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 6, 30)), st.integers(min_value=0, max_value=60))
def test_add_and_between_are_inverse(start, n):
    end = TABLE.add_workdays(start, n)
    assert TABLE.workdays_between(start, end) == n
    assert n == 0 or TABLE.is_workday(end)


def _naive_add(table, start, n):
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= table.is_workday(day)
    return day


def _naive_between(table, start, end):
    return sum(table.is_workday(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1))


@given(
    st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 1)),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=900),
)
def test_fast_counting_equals_counting_day_by_day(start, n, span):
    try:
        expected = _naive_add(TABLE, start, n)
    except UnknownYearError:
        with pytest.raises(UnknownYearError):
            TABLE.add_workdays(start, n)
    else:
        assert TABLE.add_workdays(start, n) == expected
    end = start + dt.timedelta(days=span)
    if end.year <= 2026:
        assert TABLE.workdays_between(start, end) == _naive_between(TABLE, start, end)


def test_fast_counting_names_the_missing_year_in_the_middle():
    table = HolidayTable.build(set(), set(), {2030, 2032})
    with pytest.raises(UnknownYearError) as exc:
        table.workdays_between(D(2030, 6, 1), D(2032, 1, 5))
    assert exc.value.year == 2031
    assert table.workdays_between(D(2029, 12, 31), D(2030, 1, 3)) == 3  # 31 Dec itself is not needed
    assert table.add_workdays(D(2029, 12, 31), 1) == D(2030, 1, 1)
