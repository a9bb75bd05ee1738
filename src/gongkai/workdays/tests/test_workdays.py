import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from gongkai.workdays.calendar import enter_year, holiday_table


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_cli_add_and_between_from_the_seeded_calendar():
    assert run("add", "2025-01-20", "20") == "2025-02-21"
    assert run("between", "2025-01-20", "2025-02-21") == "20"
    # Across National Day 2025 (Oct 1-8 off, Oct 11 worked) and 2026 (Oct 1-7 off, Oct 10 worked).
    assert run("add", "2025-09-30", "2") == "2025-10-10"
    assert run("add", "2025-09-30", "3") == "2025-10-11"
    assert run("add", "2026-09-30", "3") == "2026-10-10"
    assert run("between", "2026-09-30", "2026-10-12") == "4"


@pytest.mark.django_db
def test_year_without_data_asks_for_it_then_staff_enter_it():
    with pytest.raises(CommandError, match="2027年"):
        run("add", "2027-01-04", "3")
    run(
        "enter",
        "2027",
        "--holidays",
        "2027-01-01..2027-01-03",
        "--workdays",
        "",
        "--source",
        "国办发明电〔2026〕X号",
    )
    assert run("add", "2026-12-31", "1") == "2027-01-04"
    assert holiday_table().is_workday(dt.date(2027, 1, 4))


@pytest.mark.django_db
def test_entering_inconsistent_days_is_refused():
    with pytest.raises(ValueError, match="不属于2028年"):
        enter_year(2028, [dt.date(2027, 1, 1)], [], source="x")
    with pytest.raises(ValueError, match="既是放假日又是调休上班日"):
        enter_year(2028, [dt.date(2028, 1, 1)], [dt.date(2028, 1, 1)], source="x")
