"""A supervisor's review of a region's annual reports (年度报告监督检查): flags and ranking.

For each agency (on the platform or harvested from its own site) one :class:`Assessment`:
published or not, on time or late (Art. 49: 部门 by 31 January, 政府 by 31 March of the next
year), blank cells (Art. 50 and the national tables of 国办公开办函〔2021〕30号: every cell
filled), the 勾稽 findings by rule, key figures that moved beyond a threshold since last year
(beside rule 5), the quality score (:mod:`.quality`) and the flags a 通报 lists. Every flag says
where it comes from (table and cell, in the national format's words) and why it was raised (the
rule's Chinese message). :func:`rank` orders by the quality score (ties share a place).

Pure Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from .changes import DEFAULT_THRESHOLD, Change, changes
from .names import column_name, row_name
from .quality import Quality, blank_cells, quality_score
from .timeliness import days_late, publication_deadline

__all__ = [
    "FAULT_CODES",
    "Assessment",
    "Flag",
    "Subject",
    "assess",
    "cell_name",
    "rank",
    "tally",
]

# Flags that put a report in the 通报 (the others are information).
FAULT_CODES = ("overdue", "late", "blank", "rule", "unreadable")
MAX_BLANK_NAMED = 5


@dataclass(frozen=True)
class Flag:
    """One problem of one agency's report: ``code`` (overdue, late, undated, unreadable, blank,
    rule, change), a short ``label``, ``why`` (the rule's Chinese message) and ``where`` (table ·
    row · column in the national format's words, or the source)."""

    code: str
    label: str
    why: str
    where: str = ""
    rule: int | None = None

    @property
    def fault(self) -> bool:
        return self.code in FAULT_CODES


@dataclass(frozen=True)
class Subject:
    """What is known of one agency's report for one year."""

    name: str
    kind: str  # 部门 or 政府 (Art. 49)
    level: str  # 本级, 下一级 …, or 平台外
    on_platform: bool
    found: bool
    report: dict[str, Any] | None = None
    published_on: date | None = None
    url: str = ""  # where the tables were read (page or attachment), or the published page
    findings: Sequence[dict[str, Any]] = ()  # Finding.as_dict() of rules 1–7
    previous: dict[str, Any] | None = None  # last year's report, for the changes
    scanned: bool = False
    reason: str = ""  # why no report was found
    ref: Any = None  # the caller's handle (a link, a record id); not read here


@dataclass(frozen=True)
class Assessment:
    subject: Subject
    deadline: date
    published: bool
    late: bool | None  # published late, or not published and the deadline has passed
    days_late: int | None
    cells: int
    blank: tuple[str, ...]
    findings_by_rule: dict[int, list[dict[str, Any]]]
    changes: tuple[Change, ...]
    quality: Quality
    flags: tuple[Flag, ...]
    rank: int = 0
    status: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def faulty(self) -> bool:
        return any(f.fault for f in self.flags)

    @property
    def findings_count(self) -> int:
        return sum(len(v) for v in self.findings_by_rule.values())


def cell_name(path: str) -> str:
    """``applications.new_received.total`` → “三、申请情况 · 一、本年新收政府信息公开申请数量 · 总计”."""
    row, _, column = path.rpartition(".")
    return f"{row_name(row)} · {column_name(column)}" if row else row_name(path)


# Where the figures a supervisor reads first come from (table · row · column).
FIGURE_CELLS = {
    "new_received": "applications.new_received.total",
    "total_handled": "applications.total_handled.total",
    "granted": "applications.granted.total",
    "carried_over": "applications.carried_over.total",
}


@lru_cache(maxsize=1)
def _figure_sources() -> dict[str, str]:
    return {k: cell_name(v) for k, v in FIGURE_CELLS.items()}


def _status(published: bool, late: bool | None, undated: bool) -> str:
    if not published:
        return "逾期未公布" if late else "未公布（未到期）"
    if undated:
        return "已公布（日期不明）"
    return "逾期公布" if late else "按时公布"


def assess(subject: Subject, year: int, today: date, *, threshold: float = DEFAULT_THRESHOLD) -> Assessment:
    """The assessment of ``subject``'s report on ``year`` as of ``today`` (see the module)."""
    deadline = publication_deadline(subject.kind, year)
    flags: list[Flag] = []
    published = subject.found
    readable = subject.report is not None
    if not published:
        overdue = today > deadline
        late: bool | None = overdue
        late_days = (today - deadline).days if overdue else None
        if overdue:
            flags.append(
                Flag(
                    "overdue",
                    "逾期未公布",
                    f"截至{today:%Y年%m月%d日}未公布{year}年度报告，"
                    f"{subject.kind}应于{deadline:%Y年%m月%d日}前公布（《条例》第四十九条）"
                    + (f"；{subject.reason}" if subject.reason else ""),
                    subject.url,
                )
            )
    else:
        late_days = days_late(subject.kind, year, subject.published_on)
        late = None if late_days is None else late_days > 0
        if late:
            flags.append(
                Flag(
                    "late",
                    "逾期公布",
                    f"{subject.published_on:%Y年%m月%d日}公布，晚于第四十九条规定的"
                    f"{deadline:%Y年%m月%d日}（{subject.kind}）{late_days}天",
                    subject.url,
                )
            )
        elif late is None:
            flags.append(
                Flag("undated", "发布日期不明", "报告页面未标明发布日期，无法确认是否按时公布", subject.url)
            )
        if not readable:
            flags.append(Flag("unreadable", "表格无法读取", "找到报告但未能读取其中的统计表格", subject.url))
    cells, blank = blank_cells(subject.report) if readable and subject.report else (0, [])
    if blank:
        named = "、".join(cell_name(p) for p in blank[:MAX_BLANK_NAMED])
        more = f"等{len(blank)}格" if len(blank) > MAX_BLANK_NAMED else ""
        flags.append(
            Flag(
                "blank",
                f"空白{len(blank)}格",
                f"表格{cells}格中空白{len(blank)}格（国办公开办函〔2021〕30号：无数据的应填0）",
                named + more,
            )
        )
    by_rule: dict[int, list[dict[str, Any]]] = {}
    for finding in subject.findings:
        by_rule.setdefault(int(finding["rule"]), []).append(finding)
    for rule in sorted(by_rule):
        for finding in by_rule[rule]:
            where = f"{row_name(finding['row'])} · {column_name(finding['column'])}"
            figures = (
                f"正文为{finding['expected']}，表格为{finding['found']}"
                if rule == 6
                else f"应为{finding['expected']}，实为{finding['found']}"
            )
            flags.append(Flag("rule", f"勾稽规则{rule}", f"{finding['message']}（{figures}）", where, rule))
    moved: tuple[Change, ...] = ()
    if readable and subject.report and subject.previous:
        moved = tuple(changes(subject.previous, subject.report, threshold=threshold))
        for change in moved:
            flags.append(
                Flag(
                    "change",
                    "同比变化大",
                    f"{change}，超过{threshold:.0%}（与规则5同看：上年报告的数字）",
                    change.label,
                )
            )
    quality = quality_score(
        found=readable,
        report=subject.report,
        rules_failed=by_rule,
        late=late if published else None,
        days_late=late_days if published else None,
        scanned=subject.scanned,
    )
    return Assessment(
        subject=subject,
        deadline=deadline,
        published=published,
        late=late,
        days_late=late_days,
        cells=cells,
        blank=tuple(blank),
        findings_by_rule=by_rule,
        changes=moved,
        quality=quality,
        flags=tuple(flags),
        status=_status(published, late, published and late is None),
        sources=_figure_sources(),
    )


def rank(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Best quality score first; equal scores share a place (1, 1, 3 …); then by name."""
    ordered = sorted(assessments, key=lambda a: (-a.quality.total, a.subject.name))
    out: list[Assessment] = []
    for i, a in enumerate(ordered):
        same = out and out[-1].quality.total == a.quality.total
        out.append(replace(a, rank=out[-1].rank if same else i + 1))
    return out


def tally(assessments: Iterable[Assessment], by: str) -> dict[str, dict[str, float]]:
    """Per agency type (``by="kind"``) or level (``by="level"``): how many on time, late,
    not published, faulty, and the mean quality score — the figures of the charts."""
    out: dict[str, dict[str, float]] = {}
    for a in assessments:
        key = getattr(a.subject, by)
        t = out.setdefault(key, {"on_time": 0, "late": 0, "missing": 0, "faulty": 0, "n": 0, "score": 0.0})
        t["n"] += 1
        if not a.published:
            t["missing"] += 1
        elif a.late:
            t["late"] += 1
        else:
            t["on_time"] += 1
        t["faulty"] += a.faulty
        t["score"] += a.quality.total
    for t in out.values():
        t["score"] = round(t["score"] / t["n"], 1) if t["n"] else 0.0
    return out
