"""The State Council's yearly holiday notice (国务院办公厅关于××年部分节假日安排的通知) as data.

Each year the notice sets the days off of the statutory holidays and the weekend days worked
instead (调休; 《全国年节及纪念日放假办法》 fixes only the 13 holiday days). Its items read::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    五、端午节：6月10日放假，与周末连休。

:func:`parse_notice` turns pasted text into a :class:`HolidayNotice` (days off and 调休 working
days per holiday) and checks it against itself: a stated weekday (周四, 星期日) must be that date's
weekday in the year, "共N天" must be the days counted, a 调休 working day must fall on a weekend.
Anything it cannot read is an error in Chinese, never a silently shorter calendar.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["HolidayNotice", "NoticeError", "month_weeks", "notice_source", "parse_date_list", "parse_notice"]

_CN_NUM = "一二三四五六七八九十"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ITEM = re.compile(rf"(?:^|\n|\s|。)([{_CN_NUM}]{{1,3}})、\s*([^：:\n]{{1,20}}?)\s*[：:]")
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_PAREN = r"(?:[（(]([^）)]*)[）)])?"
_RANGE = re.compile(
    rf"{_DATE}\s*{_PAREN}\s*(?:至|到|—|－|-|~|～)\s*(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日\s*{_PAREN}"
)
_SINGLE = re.compile(rf"{_DATE}\s*{_PAREN}")
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*(?:部分)?节假日安排")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class NoticeError(ValueError):
    """The text cannot be read as a holiday notice; the message (Chinese) says where."""


@dataclass(frozen=True)
class HolidayNotice:
    """A year's arrangement: ``holidays`` and ``workdays`` map each date to its holiday's name."""

    year: int
    holidays: dict[dt.date, str]
    workdays: dict[dt.date, str]
    items: tuple[str, ...]  # the holidays' names in the notice's order

    def summary(self) -> list[tuple[str, list[dt.date], list[dt.date]]]:
        """(holiday, its days off, its 调休 working days) per item, for the confirmation page."""
        return [
            (
                name,
                sorted(d for d, n in self.holidays.items() if n == name),
                sorted(d for d, n in self.workdays.items() if n == name),
            )
            for name in self.items
        ]


def _weekday_in(paren: str | None) -> int | None:
    m = re.search(r"(?:周|星期|礼拜)([一二三四五六日天])", paren or "")
    return _WEEKDAYS[m.group(1)] if m else None


def _date(year: int, month: str | int, day: str | int, where: str) -> dt.date:
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        raise NoticeError(f"“{where}”中的日期{month}月{day}日不存在") from None


def _check_weekday(day: dt.date, paren: str | None, where: str) -> None:
    stated = _weekday_in(paren)
    if stated is not None and stated != day.weekday():
        names = "一二三四五六日"
        raise NoticeError(
            f"“{where}”：{day.month}月{day.day}日在{day.year}年是周{names[day.weekday()]}，"
            f"通知写的是周{names[stated]}，请核对年份和日期"
        )


def _year_of(text_year: str | None, year: int, where: str) -> int:
    if text_year and int(text_year) != year:
        raise NoticeError(f"“{where}”中的日期属于{text_year}年，与通知年份{year}年不符")
    return year


def _days_off(clause: str, year: int, where: str) -> list[dt.date]:
    days: list[dt.date] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(clause):
        y1, mo1, d1, p1, y2, mo2, d2, p2 = m.groups()
        start = _date(_year_of(y1, year, where), mo1, d1, where)
        end = _date(_year_of(y2, year, where), mo2 or mo1, d2, where)
        if end < start:
            raise NoticeError(
                f"“{where}”：放假截止日{end.month}月{end.day}日早于起始日{start.month}月{start.day}日"
            )
        _check_weekday(start, p1, where)
        _check_weekday(end, p2, where)
        days += [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        taken.append(m.span())
    for m in _SINGLE.finditer(clause):
        if any(a <= m.start() < b for a, b in taken):
            continue
        y, mo, d, paren = m.groups()
        day = _date(_year_of(y, year, where), mo, d, where)
        _check_weekday(day, paren, where)
        days.append(day)
    return days


def _work_days(clause: str, year: int, where: str) -> list[dt.date]:
    out = []
    for m in _SINGLE.finditer(clause):
        y, mo, d, paren = m.groups()
        day = _date(_year_of(y, year, where), mo, d, where)
        _check_weekday(day, paren, where)
        if day.weekday() < 5:
            raise NoticeError(
                f"“{where}”：调休上班日{day.month}月{day.day}日是工作日（周{'一二三四五'[day.weekday()]}），"
                "不是周末，请核对"
            )
        out.append(day)
    return out


def _clauses(body: str) -> list[str]:
    """Sentences, and within one sentence the comma parts when it both gives days off and work days."""
    out = []
    for sentence in re.split(r"[。；;\n]", body):
        if "上班" in sentence and re.search(r"放假|补休", sentence):
            out += re.split(r"[，,]", sentence)
        else:
            out.append(sentence)
    return [c.strip() for c in out if c.strip()]


def _notice_year(text: str, year: int | None) -> int:
    """The year in the title ("关于2027年部分节假日安排的通知"), which must agree with the one chosen."""
    titled = _TITLE_YEAR.search(text)
    if titled:
        if year is not None and int(titled.group(1)) != year:
            raise NoticeError(f"通知标题是{titled.group(1)}年，与所选年份{year}年不符")
        year = int(titled.group(1))
    if year is None:
        raise NoticeError("请选择年份，或连同标题（国务院办公厅关于××年部分节假日安排的通知）一起粘贴")
    if not 2000 <= year <= 2100:
        raise NoticeError(f"年份{year}不在2000至2100年之间")
    return year


def _item(body: str, name: str, where: str, year: int, workdays: dict[dt.date, str]) -> list[dt.date]:
    """One item ("二、春节：……"): its days off, and its 调休 working days added to ``workdays``."""
    off: list[dt.date] = []
    for clause in _clauses(body):
        if "上班" in clause:
            for day in _work_days(clause, year, where):
                if day in workdays:
                    raise NoticeError(f"“{where}”：{day.month}月{day.day}日已列为{workdays[day]}的调休上班日")
                workdays[day] = name
        elif re.search(r"放假|补休|休息", clause) and not re.search(r"鼓励|安排职工", clause):
            off += _days_off(clause, year, where)
    if not off:
        raise NoticeError(f"“{where}”没有读到放假日期")
    total = _TOTAL.search(body)
    if total and int(total.group(1)) != len(set(off)):
        raise NoticeError(f"“{where}”写明共{total.group(1)}天，按日期数得{len(set(off))}天，请核对")
    return off


def parse_notice(text: str, year: int | None = None) -> HolidayNotice:
    """Read the notice's items into days off and 调休 working days of ``year`` (taken from the
    title "关于2027年部分节假日安排的通知" when not given). Raises :class:`NoticeError`."""
    text = (text or "").translate(_DIGITS).replace("\r", "")
    year = _notice_year(text, year)
    starts = [m for m in _ITEM.finditer(text) if "节" in m.group(2) or "元旦" in m.group(2)]
    if not starts:
        raise NoticeError("没有找到“一、元旦：……”这样的放假安排条目，请粘贴通知正文")
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    names: list[str] = []
    for i, m in enumerate(starts):
        name = m.group(2).strip()
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        where = f"{m.group(1)}、{name}"
        for day in _item(text[m.end() : end], name, where, year, workdays):
            if day in holidays and holidays[day] != name:
                raise NoticeError(f"“{where}”：{day.month}月{day.day}日已列为{holidays[day]}的假日")
            holidays[day] = name
        names.append(name)
    both = set(holidays) & set(workdays)
    if both:
        day = min(both)
        raise NoticeError(f"{day.month}月{day.day}日不能既放假又上班")
    return HolidayNotice(year, holidays, workdays, tuple(names))


def notice_source(text: str, year: int) -> str:
    """What to record as the source: the notice's 文号 (e.g. 国办发明电〔2025〕7号) when pasted, else its title."""
    m = re.search(r"(国办发明电|国办发)\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d+)\s*号", text or "")
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"
    return f"{title}（{m.group(1)}〔{m.group(2)}〕{m.group(3)}号）" if m else title


def parse_date_list(text: str) -> list[dt.date]:
    """Dates typed by hand: ISO dates or ranges ``2027-02-06..2027-02-13``, separated by commas,
    spaces or new lines. Raises :class:`NoticeError` naming the first it cannot read."""
    out: list[dt.date] = []
    for part in re.split(r"[\s,，、；;]+", (text or "").translate(_DIGITS)):
        if not part:
            continue
        try:
            if ".." in part:
                a, b = (dt.date.fromisoformat(x) for x in part.split("..", 1))
                if b < a:
                    raise NoticeError(f"日期区间“{part}”的截止日早于起始日")
                out += [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
            else:
                out.append(dt.date.fromisoformat(part))
        except ValueError as exc:
            if isinstance(exc, NoticeError):
                raise
            raise NoticeError(f"日期“{part}”格式不正确，应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD") from None
    return out


def month_weeks(year: int, month: int) -> list[list[dt.date | None]]:
    """The weeks (Monday first) of a month for a calendar grid; days of other months are None."""
    return [
        [d if d.month == month else None for d in week]
        for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
