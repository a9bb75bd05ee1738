"""Consistency rules (勾稽关系) of the annual report, as pure functions over its JSON form.

The rules are those of ``shared/spec/annual-report-json.md``; the report's content is fixed by
Art. 50 of the Regulation and its tables by 国办公开办函〔2021〕30号 (format 2021) and
〔2019〕60号 (format 2019). ``null`` counts as 0 when adding (spec). A section that is ``null``
as a whole (absent from the source) is not checked.

API (used by the report builder and the parser alike):

- :class:`Finding` — one inconsistency: ``rule`` (1–6), ``row`` (a dotted path from the report
  root, e.g. ``applications.withheld.state_secret``), ``column`` (a column key such as
  ``natural_person`` or ``total``), ``expected``, ``found`` and a Chinese ``message``.
- ``check_row_totals`` (rule 1), ``check_balance`` (rule 2), ``check_results`` (rule 3),
  ``check_appeals`` (rule 4), ``check_carry_over(previous, current)`` (rule 5),
  ``check_text(report, text)`` (rule 6), ``check_in_force(report, previous)`` (rule 7).
- :func:`check_report` runs rules 1–4 and 7, and 5/6 when given the previous report or the prose.

Rule 7 is not in the spec's list of six; it follows from what section 二 counts (Art. 20(1)):
规章 and 行政规范性文件 in force at the end of the year are those in force a year before, plus
those issued, less those repealed (废止 or 失效) during the year.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from gongkai.rules.annual.model import (
    APPEAL_CELLS,
    APPEAL_LINES,
    APPLICANT_KEYS,
    COLUMN_KEYS,
    FORMATS,
    TOTAL,
    application_rows,
    get_row,
    result_rows,
)

__all__ = [
    "Finding",
    "check_appeals",
    "check_balance",
    "check_carry_over",
    "check_in_force",
    "check_report",
    "check_results",
    "check_row_totals",
    "check_text",
]

_COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他组织",
    "total": "总计",
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}
_APPEAL_LABELS = dict(APPEAL_LINES)


@dataclass(frozen=True)
class Finding:
    """One inconsistency found by a rule (发现的勾稽问题)."""

    rule: int
    row: str
    column: str
    expected: Any
    found: Any
    message: str

    def __str__(self) -> str:
        return f"规则{self.rule} {self.place} {self.figures}：{self.message}"

    @property
    def figures(self) -> str:
        """The two figures in words: a prose statement (rule 6) is not what the table "should be"
        (the table is counted from the records), so it reads 正文为 …，表格为 …."""
        if self.rule == 6:
            return f"正文为 {self.expected}，表格为 {self.found}"
        return f"应为 {self.expected}，实为 {self.found}"

    @property
    def place(self) -> str:
        """The row and column in the national format's words (not the JSON keys)."""
        from .names import column_name, row_name

        return f"{row_name(self.row)} · {column_name(self.column)}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _n(value: Any) -> int | float:
    """A cell as a number for adding: ``null`` (blank) is 0 (spec)."""
    if value is None or isinstance(value, str):
        return 0
    number: int | float = value  # a cell holds a number, blank (None) or a note (str)
    return number


def _blank_note(*values: Any) -> str:
    """Said after a finding whose figures include a blank cell (spec: a blank counts as 0)."""
    return "（其中有空白格，按 0 计）" if any(v is None for v in values) else ""


def _format(report: dict[str, Any]) -> str:
    fmt = report.get("format")
    if fmt not in FORMATS:
        raise ValueError(f"年度报告格式应为 2021 或 2019，实为 {fmt!r}")
    return str(fmt)


def _cells(applications: dict[str, Any], key: str) -> dict[str, Any]:
    return get_row(applications, key) or {}


def check_row_totals(report: dict[str, Any]) -> list[Finding]:
    """Rule 1: in every row of section 三, 总计 = the sum of the six applicant columns."""
    apps = report.get("applications")
    if apps is None:
        return []
    findings = []
    for row in application_rows(_format(report)):
        cells = _cells(apps, row.key)
        expected = sum(_n(cells.get(c)) for c in APPLICANT_KEYS)
        found = _n(cells.get(TOTAL))
        if expected != found:
            findings.append(
                Finding(
                    1,
                    f"applications.{row.key}",
                    TOTAL,
                    expected,
                    found,
                    f"“{row.label}”一行的总计应等于六类申请人之和{_blank_note(*cells.values())}",
                )
            )
    return findings


def check_balance(report: dict[str, Any]) -> list[Finding]:
    """Rule 2: per column, 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理."""
    apps = report.get("applications")
    if apps is None:
        return []
    findings = []
    for col in COLUMN_KEYS:
        values = [
            _cells(apps, key).get(col)
            for key in ("new_received", "carried_over", "total_handled", "carried_forward")
        ]
        expected, found = _n(values[0]) + _n(values[1]), _n(values[2]) + _n(values[3])
        if expected != found:
            findings.append(
                Finding(
                    2,
                    "applications.total_handled+carried_forward",
                    col,
                    expected,
                    found,
                    f"{_COLUMN_LABELS[col]}列：本年新收加上年结转（{expected}）应等于办理结果总计加结转下年度（{found}）"
                    f"{_blank_note(*values)}",
                )
            )
    return findings


def check_results(report: dict[str, Any]) -> list[Finding]:
    """Rule 3: per column, 三(七) 总计 = the sum of all result rows (予以公开 … 其他处理)."""
    apps = report.get("applications")
    if apps is None:
        return []
    results = result_rows(_format(report))
    findings = []
    for col in COLUMN_KEYS:
        expected = sum(_n(_cells(apps, r.key).get(col)) for r in results)
        found = _n(_cells(apps, "total_handled").get(col))
        if expected != found:
            findings.append(
                Finding(
                    3,
                    "applications.total_handled",
                    col,
                    expected,
                    found,
                    f"{_COLUMN_LABELS[col]}列：办理结果总计应等于各项办理结果之和",
                )
            )
    return findings


def check_appeals(report: dict[str, Any]) -> list[Finding]:
    """Rule 4: in section 四, every line's 总计 = 维持 + 纠正 + 其他结果 + 尚未审结."""
    appeals = report.get("appeals")
    if appeals is None:
        return []
    parts = [c for c, _ in APPEAL_CELLS if c != TOTAL]
    findings = []
    for line, label in APPEAL_LINES:
        cells = appeals.get(line) or {}
        expected = sum(_n(cells.get(c)) for c in parts)
        found = _n(cells.get(TOTAL))
        if expected != found:
            findings.append(
                Finding(
                    4,
                    f"appeals.{line}",
                    TOTAL,
                    expected,
                    found,
                    f"{label}的总计应等于结果维持、结果纠正、其他结果与尚未审结之和"
                    f"{_blank_note(*(cells.get(c) for c in (*parts, TOTAL)))}",
                )
            )
    return findings


def check_carry_over(previous: dict[str, Any], current: dict[str, Any]) -> list[Finding]:
    """Rule 5: this year's 上年结转 = last year's 结转下年度继续办理, column by column.

    Both reports must be of the same agency; when both state a year, ``current`` must be the
    year after ``previous``.
    """
    py, cy = previous.get("year"), current.get("year")
    if py is not None and cy is not None and cy != py + 1:
        raise ValueError(f"规则5比较相邻两年的报告，收到的是 {py} 年与 {cy} 年")
    if previous.get("applications") is None or current.get("applications") is None:
        return []
    last = _cells(previous["applications"], "carried_forward")
    this = _cells(current["applications"], "carried_over")
    findings = []
    for col in COLUMN_KEYS:
        expected, found = _n(last.get(col)), _n(this.get(col))
        if expected != found:
            findings.append(
                Finding(
                    5,
                    "applications.carried_over",
                    col,
                    expected,
                    found,
                    f"{_COLUMN_LABELS[col]}列：上年结转应等于上一年度报告的结转下年度继续办理",
                )
            )
    return findings


_REGULATORY = (("rules", "规章"), ("normative_documents", "行政规范性文件"))


def _in_force_cells(report: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """The 本年制发/本年废止/现行有效 cells of section 二's row ``key`` (format 2021 only: the 2019
    trial format counted 制作/公开, not what is in force)."""
    if not report or report.get("format") != "2021":
        return None
    return (report.get("active_disclosure") or {}).get(key) or None


def check_in_force(report: dict[str, Any], previous: dict[str, Any] | None = None) -> list[Finding]:
    """Rule 7: 现行有效 of 规章 and of 行政规范性文件 (Art. 20(1), section 二) agrees with the year's
    changes: with last year's report known, 现行有效 = last year's 现行有效 + 本年制发 − 本年废止;
    without it, 现行有效 is at least 本年制发 − 本年废止 (last year's stock is never negative).
    A blank 现行有效 is not checked (nothing was stated)."""
    findings = []
    for key, label in _REGULATORY:
        cells = _in_force_cells(report, key)
        if cells is None or cells.get("in_force") is None:
            continue
        issued, repealed, in_force = cells.get("issued"), cells.get("repealed"), cells["in_force"]
        last = (_in_force_cells(previous, key) or {}).get("in_force")
        change = _n(issued) - _n(repealed)
        if last is not None:
            expected = _n(last) + change
            if _n(in_force) != expected:
                findings.append(
                    Finding(
                        7,
                        f"active_disclosure.{key}",
                        "in_force",
                        expected,
                        in_force,
                        f"{label}：现行有效件数（{in_force}）应等于上年现行有效（{last}）加本年制发（{_n(issued)}）"
                        f"减本年废止（{_n(repealed)}），即{expected}{_blank_note(issued, repealed)}",
                    )
                )
        elif _n(in_force) < change:
            findings.append(
                Finding(
                    7,
                    f"active_disclosure.{key}",
                    "in_force",
                    change,
                    in_force,
                    f"{label}：现行有效件数（{in_force}）少于本年制发（{_n(issued)}）减本年废止（{_n(repealed)}），"
                    f"至少应为{change}{_blank_note(issued, repealed)}",
                )
            )
    return findings


# Rule 6: figures stated in the prose. Each pattern's group 1 is the figure; the table side is a
# function of the report. Only plain statements are read ("共受理政府信息公开申请12件"); a figure
# the prose qualifies differently is left alone rather than guessed at.
_NUM = r"(\d[\d,]*)"
_TEXT_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(r"(?:收到|受理|新收|接收)[^。；;\d]{0,20}?申请[^。；;\d]{0,4}?" + _NUM + r"\s*[件个份]"),
        "applications.new_received",
        TOTAL,
        "正文所述收到（受理）的政府信息公开申请数",
    ),
    (
        re.compile(
            r"(?:收到|受理|新收|接收)[^。；;\d]{0,10}?" + _NUM + r"\s*件(?:政府信息公开|信息公开)?申请"
        ),
        "applications.new_received",
        TOTAL,
        "正文所述收到（受理）的政府信息公开申请数",
    ),
    (
        re.compile(r"行政复议(?:案件|申请)?[^。；;，,\d]{0,4}?" + _NUM + r"\s*[件起个宗]"),
        "appeals.reconsideration",
        TOTAL,
        "正文所述行政复议数",
    ),
    (
        re.compile(r"行政诉讼(?:案件)?[^。；;，,\d]{0,4}?" + _NUM + r"\s*[件起个宗]"),
        "appeals.litigation",
        TOTAL,
        "正文所述行政诉讼数",
    ),
    # The count before the noun: "有 1 件涉及政府信息公开工作的行政复议", "发生3起行政诉讼".
    (
        re.compile(_NUM + r"\s*[件起个宗](?:[^。；;，,、\d]{0,14}?的)?行政复议"),
        "appeals.reconsideration",
        TOTAL,
        "正文所述行政复议数",
    ),
    (
        re.compile(_NUM + r"\s*[件起个宗](?:[^。；;，,、\d]{0,14}?的)?行政诉讼"),
        "appeals.litigation",
        TOTAL,
        "正文所述行政诉讼数",
    ),
)


def _table_value(report: dict[str, Any], row: str) -> tuple[Any, tuple[Any, ...]]:
    """The table figure a prose statement is compared with, and other readings it may mean."""
    if row == "applications.new_received":
        apps = report.get("applications")
        if apps is None:
            return None, ()
        new = _cells(apps, "new_received").get(TOTAL)
        carried = _cells(apps, "carried_over").get(TOTAL)
        if new is None:
            return None, ()
        # "受理…N件" sometimes includes the applications carried over from last year.
        return new, (_n(new) + _n(carried),)
    appeals = report.get("appeals")
    if appeals is None:
        return None, ()
    if row == "appeals.reconsideration":
        value = (appeals.get("reconsideration") or {}).get(TOTAL)
        return value, ()
    lines = [
        (appeals.get(k) or {}).get(TOTAL) for k in ("litigation_direct", "litigation_after_reconsideration")
    ]
    if all(v is None for v in lines):
        return None, ()
    return sum(_n(v) for v in lines), ()


def check_text(report: dict[str, Any], text: str) -> list[Finding]:
    """Rule 6: figures stated in the prose agree with the tables.

    Reads at least "收到/受理…申请 N 件" (against 本年新收·总计) and the 行政复议 / 行政诉讼
    counts (against section 四's totals). A statement whose table cell is blank is not checked.
    """
    findings = []
    seen: set[tuple[str, int]] = set()
    for pattern, row, column, what in _TEXT_RULES:
        for m in pattern.finditer(text or ""):
            stated = int(m.group(1).replace(",", ""))
            table, alternatives = _table_value(report, row)
            if table is None or (row, stated) in seen:
                continue
            seen.add((row, stated))
            if stated != _n(table) and stated not in alternatives:
                findings.append(
                    Finding(6, row, column, stated, table, f"{what}为{stated}（“{m.group(0)}”），与表格不符")
                )
    return findings


def check_report(
    report: dict[str, Any], *, text: str | None = None, previous: dict[str, Any] | None = None
) -> list[Finding]:
    """Rules 1–4 and 7 on ``report``; rule 6 when its prose ``text`` is given; rule 5 with
    ``previous`` (which rule 7 also reads: last year's 现行有效)."""
    findings = [
        *check_row_totals(report),
        *check_balance(report),
        *check_results(report),
        *check_appeals(report),
    ]
    if previous is not None:
        findings += check_carry_over(previous, report)
    findings += check_in_force(report, previous)
    if text:
        findings += check_text(report, text)
    return findings
