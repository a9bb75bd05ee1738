"""The State Council's holiday notice parsed into days off and 调休 working days (issue 11, item 2):
the real notices for 2024, 2025 and 2026 give exactly the days the ``chinesecalendar`` package holds."""

import datetime as dt
from pathlib import Path

import pytest
from chinese_calendar import constants

from gongkai.rules.holiday_notice import (
    NoticeError,
    month_weeks,
    notice_source,
    parse_date_list,
    parse_notice,
)

D = dt.date.fromisoformat
NOTICES = Path(__file__).parent / "fixtures" / "holiday_notices"


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_real_notice_matches_chinesecalendar(year):
    notice = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    assert notice.year == year
    assert set(notice.holidays) == {d for d in constants.holidays if d.year == year}
    assert set(notice.workdays) == {d for d in constants.workdays if d.year == year}


def test_2025_items_names_and_cross_month_ranges():
    notice = parse_notice((NOTICES / "2025.txt").read_text(encoding="utf-8"))
    assert notice.items == ("元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节")
    spring = dict((name, (off, work)) for name, off, work in notice.summary())["春节"]
    assert spring[0] == [D("2025-01-28") + dt.timedelta(days=i) for i in range(8)]  # 1月28日至2月4日
    assert spring[1] == [D("2025-01-26"), D("2025-02-08")]
    assert notice.holidays[D("2025-06-02")] == "端午节"  # 5月31日至6月2日
    assert notice.holidays[D("2025-10-08")] == "国庆节、中秋节"


def test_items_alone_with_a_chosen_year_and_full_width_digits():
    text = "一、元旦：１月１日（周五）至３日（周日）放假，共３天。\n二、春节：2月6日（周六）至2月13日（周六）放假调休，共8天。2月20日（周六）上班。"
    notice = parse_notice(text, 2027)
    assert sorted(notice.holidays)[:3] == [D("2027-01-01"), D("2027-01-02"), D("2027-01-03")]
    assert notice.workdays == {D("2027-02-20"): "春节"}


@pytest.mark.parametrize(
    ("text", "year", "message"),
    [
        ((NOTICES / "2026.txt").read_text(encoding="utf-8"), 2027, "通知标题是2026年，与所选年份2027年不符"),
        (
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
            2027,
            "1月1日在2027年是周五，通知写的是周四",
        ),
        ("一、元旦：1月1日至3日放假，共4天。", 2027, "写明共4天，按日期数得3天"),
        ("一、元旦：1月1日至3日放假，共3天。1月5日上班。", 2027, "1月5日是工作日"),
        ("一、春节：2月30日放假。", 2027, "2月30日不存在"),
        ("请于明天上班。", 2027, "没有找到“一、元旦：……”"),
        ("一、元旦：1月1日放假。", None, "请选择年份"),
        ("一、元旦：1月1日至3日放假。二、春节：1月3日放假。", 2027, "已列为元旦的假日"),
    ],
)
def test_what_cannot_be_read_is_a_chinese_error(text, year, message):
    with pytest.raises(NoticeError, match=message):
        parse_notice(text, year)


def test_manual_date_lists_and_source():
    assert parse_date_list("2027-02-06..2027-02-08，2027-10-01\n2027-10-02") == [
        D("2027-02-06"),
        D("2027-02-07"),
        D("2027-02-08"),
        D("2027-10-01"),
        D("2027-10-02"),
    ]
    with pytest.raises(NoticeError, match="日期“2027/02/06”格式不正确"):
        parse_date_list("2027/02/06")
    with pytest.raises(NoticeError, match="截止日早于起始日"):
        parse_date_list("2027-02-08..2027-02-06")
    assert (
        notice_source("国办发明电〔2026〕9号\n…", 2027)
        == "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）"
    )
    assert notice_source("一、元旦：…", 2027) == "国务院办公厅关于2027年部分节假日安排的通知"


def test_month_grid_starts_on_monday():
    weeks = month_weeks(2027, 2)
    assert weeks[0][:1] == [D("2027-02-01")]  # 1 Feb 2027 is a Monday
    assert sum(d is not None for w in weeks for d in w) == 28
