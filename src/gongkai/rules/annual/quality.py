"""The quality score of a published annual report (年度报告质量评分), for a supervisor's ranking.

A documented, reproducible score out of 100 — every point lost comes with its reason, so that a
ranking can be explained to the agency concerned. It reads what the Regulation requires of the
report: that it is published (Art. 49–50), on time (Art. 49: departments by 31 January,
governments by 31 March of the following year), complete (Art. 50 and the national tables of
国办公开办函〔2021〕30号: every cell filled, 0 where there is nothing to count) and consistent
(the 勾稽 rules of :mod:`gongkai.rules.annual.checks`).

=========  ======  ===================================================================
part       points  how
=========  ======  ===================================================================
及时        25      on time 25; date not shown 15; late by 1–30 days 10; later 0
完整        25      25 × filled cells ÷ cells of the national tables (rounded)
勾稽        40      40 − 10 for each rule (1–7) with at least one finding, at least 0
可读        10      text (web page, DOCX, text PDF) 10; scanned image read by OCR 5
=========  ======  ===================================================================

A report not found scores 0. Pure Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Part", "Quality", "blank_cells", "quality_score"]

TIMELY_POINTS = 25
COMPLETE_POINTS = 25
CONSISTENT_POINTS = 40
READABLE_POINTS = 10
PER_RULE = 10
_SECTIONS = ("active_disclosure", "applications", "appeals")


@dataclass(frozen=True)
class Part:
    """One part of the score: its name, points got out of ``out_of``, and why (Chinese)."""

    name: str
    points: int
    out_of: int
    why: str


@dataclass(frozen=True)
class Quality:
    total: int
    parts: tuple[Part, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "parts": [
                {"name": p.name, "points": p.points, "out_of": p.out_of, "why": p.why} for p in self.parts
            ],
        }


def _leaves(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key))
    else:
        yield path, node


def blank_cells(report: dict[str, Any]) -> tuple[int, list[str]]:
    """The number of cells of the report's tables and the dotted paths of the blank ones (a cell
    that is ``null`` or empty text). A section absent from the source counts as all blank."""
    cells = 0
    blank: list[str] = []
    for section in _SECTIONS:
        for path, value in _leaves(report.get(section) or {}, section):
            cells += 1
            if value is None or (isinstance(value, str) and not value.strip()):
                blank.append(path)
    return cells, blank


def _timely(late: bool | None, days_late: int | None) -> Part:
    if late is None:
        return Part("及时", 15, TIMELY_POINTS, "页面未标明发布日期，无法确认是否按时公布（第四十九条）")
    if not late:
        return Part("及时", TIMELY_POINTS, TIMELY_POINTS, "按第四十九条规定的期限公布")
    days = days_late or 0
    points = 10 if days <= 30 else 0
    return Part("及时", points, TIMELY_POINTS, f"晚于第四十九条规定的期限{days}天公布")


def quality_score(
    *,
    found: bool,
    report: dict[str, Any] | None = None,
    rules_failed: Iterable[int] = (),
    late: bool | None = None,
    days_late: int | None = None,
    scanned: bool = False,
) -> Quality:
    """The score of one agency's report for one year (see the module's table).

    ``rules_failed`` are the rule numbers of the report's findings (repeats count once);
    ``late``/``days_late`` come from :mod:`gongkai.rules.annual.timeliness` (Art. 49);
    ``scanned`` is true when the tables were read from an image (OCR).
    """
    if not found or report is None:
        return Quality(0, (Part("公布", 0, 100, "未找到本年度的政府信息公开工作年度报告（第四十九条）"),))
    timely = _timely(late, days_late)
    cells, blank = blank_cells(report)
    filled = cells - len(blank)
    complete_points = round(COMPLETE_POINTS * filled / cells) if cells else 0
    complete = Part(
        "完整",
        complete_points,
        COMPLETE_POINTS,
        f"表格{cells}格中空白{len(blank)}格" if blank else f"表格{cells}格均已填写",
    )
    rules = sorted(set(rules_failed))
    consistent = Part(
        "勾稽",
        max(0, CONSISTENT_POINTS - PER_RULE * len(rules)),
        CONSISTENT_POINTS,
        ("不符合勾稽规则" + "、".join(str(r) for r in rules)) if rules else "勾稽关系检查未发现问题",
    )
    readable = Part(
        "可读",
        READABLE_POINTS // 2 if scanned else READABLE_POINTS,
        READABLE_POINTS,
        "报告为扫描图片，经文字识别读取" if scanned else "报告为可复制的文字",
    )
    parts = (timely, complete, consistent, readable)
    return Quality(sum(p.points for p in parts), parts)
