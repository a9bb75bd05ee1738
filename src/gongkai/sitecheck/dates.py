"""Dates as Chinese government pages write them: 2024-01-05, 2024/1/5, 2024.01.05, 2024年1月5日.

Only full dates (year, month and day) count: 国办秘函〔2019〕19号 treats information without a
publication date as not updated, so a date the reader cannot see is no date.
"""

from __future__ import annotations

import re
from datetime import date

from gongkai.rules.text import halfwidth_digits

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)(?!\d)"
)
# A labelled publication date: 发布日期：2018-12-10, 发布时间:2017-06-21 09:00, 日期：…
_LABEL = re.compile(
    r"(发\s*布\s*(?:日\s*期|时\s*间)|发\s*文\s*日\s*期|成\s*文\s*日\s*期|更新时间|发表时间|"
    r"(?<![\u4e00-\u9fff])日\s*期|(?<![\u4e00-\u9fff])时\s*间)\s*[:：]?\s*$"
)
_TIME_AFTER = re.compile(r"^\s*\d{1,2}:\d{2}")


def _make(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


_FULLWIDTH = re.compile("[\uff10-\uff19]")
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_dates(text: str) -> list[date]:
    """Every valid full date in ``text``, in order."""
    if _FULLWIDTH.search(text):
        text = halfwidth_digits(text)
    elif not _YEAR.search(text):  # most list-item texts: no year, no date (fast path)
        return []
    out = []
    for m in _DATE.finditer(text):
        value = _make(m[1], m[2] or m[4], m[3] or m[5])
        if value:
            out.append(value)
    return out


def first_date(text: str) -> date | None:
    dates = find_dates(text)
    return dates[0] if dates else None


def publication_date(text: str) -> date | None:
    """The date a page shows as its publication date: one after a label (发布日期、发布时间、成文
    日期、日期…) or one carrying a time of day (``2024-01-05 09:30``, the CMS publish stamp)."""
    text = halfwidth_digits(text)
    for m in _DATE.finditer(text):
        value = _make(m[1], m[2] or m[4], m[3] or m[5])
        if value is None:
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        if _LABEL.search(before) or _TIME_AFTER.match(text[m.end() : m.end() + 8]):
            return value
    return None
