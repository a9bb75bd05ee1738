"""Reading a whole annual report (年度报告解析) from its text: the parser's entry point.

The result is the report in the interchange JSON form (``shared/spec/annual-report-json.md``)
plus warnings: every cell the parser could not read with certainty is ``null`` and has a
warning; it never guesses a number. Rules 1–4 and 6 of :mod:`gongkai.rules.annual.checks`
run on every parsed report (rule 6 against the report's own prose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.annual.checks import Finding, check_appeals, check_report, check_row_totals
from gongkai.rules.annual.model import empty_report
from gongkai.rules.annual.parse.detect import detect_agency, detect_format, detect_year
from gongkai.rules.annual.parse.normalize import normalize
from gongkai.rules.annual.parse.tables import (
    TableResult,
    locate,
    read_active,
    read_appeals,
    read_applications,
)


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not read with certainty (解析提示)."""

    where: str  # a dotted path in the report ("applications.granted") or a part ("source")
    message: str  # Chinese

    def __str__(self) -> str:
        """The place in the national format's words (三、申请情况 · （三）不予公开1.属于国家秘密), then the message."""
        from ..names import row_name

        return f"{row_name(self.where)}：{self.message}"


@dataclass
class ParseResult:
    report: dict[str, Any]
    warnings: list[ParseWarning] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    prose: str = ""  # the text outside the tables (for rule 6)
    source: str | None = None

    @property
    def found_tables(self) -> bool:
        r = self.report
        return any(r.get(k) is not None for k in ("active_disclosure", "applications", "appeals"))


def parse_text(text: str, *, source: str | None = None) -> ParseResult:
    """Parse the text of one published annual report (any flattening of its tables)."""
    work, notes = normalize(text)
    warnings = [ParseWarning("source", n) for n in notes]
    year = detect_year(work)
    agency = detect_agency(work)
    fmt, note = detect_format(work, year)
    if note:
        warnings.append(ParseWarning("format", note))
    if year is None:
        warnings.append(ParseWarning("year", "未能从标题或正文确定报告年度"))
    if agency is None:
        warnings.append(ParseWarning("agency", "未能从标题或正文确定机关名称"))
    report = empty_report(fmt, year, agency)
    sections = locate(work)
    readers: tuple[tuple[str, tuple[int, int] | None, Callable[[tuple[int, int]], TableResult]], ...] = (
        ("active_disclosure", sections.active, lambda s: read_active(work, s, fmt)),
        ("applications", sections.applications, lambda s: read_applications(work, s, fmt)),
        ("appeals", sections.appeals, lambda s: read_appeals(work, s)),
    )
    for key, span, reader in readers:
        if span is None:
            report[key] = None
            warnings.append(
                ParseWarning(key, f"原文中没有找到{_SECTION_NAMES[key]}，整部分记为空（原文可能不完整）")
            )
            continue
        table = reader(span)
        report[key] = table.values
        warnings += [ParseWarning(where, message) for where, message in table.warnings]
    if report["applications"] is not None and _all_blank(report["applications"]):
        warnings.append(ParseWarning("applications", "第三部分表格的数字全部缺失，各格记为空"))
    findings = check_report(report, text=sections.prose)
    return ParseResult(report, warnings, findings, sections.prose, source)


_SECTION_NAMES = {
    "active_disclosure": "第二部分（主动公开政府信息情况）表格",
    "applications": "第三部分（收到和处理政府信息公开申请情况）表格",
    "appeals": "第四部分（行政复议、行政诉讼情况）表格",
}


def _all_blank(node: Any) -> bool:
    if isinstance(node, dict):
        return all(_all_blank(v) for v in node.values())
    return node is None


def distrust_ocr_rows(result: ParseResult) -> None:
    """Blank the rows read by OCR whose own sums fail (rules 1 and 4), with a warning each.

    A recognised digit may be wrong without the recogniser knowing; a row whose 总计 is not the
    sum of its cells holds such a digit somewhere, so none of its cells is kept. The values read
    are given in the warning (to check against the scan). Column rules (2, 3) cannot tell which
    row is wrong: their findings stay findings.
    """
    report = result.report
    for finding in [*check_row_totals(report), *check_appeals(report)]:
        section, _, key = finding.row.partition(".")
        node: Any = report.get(section)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            continue
        read = "、".join("空" if v is None else str(v) for v in node.values())
        for cell in node:
            node[cell] = None
        result.warnings.append(
            ParseWarning(
                finding.row,
                f"文字识别结果不满足本行勾稽关系（规则{finding.rule}：合计应为{finding.expected}，识别为{finding.found}），"
                f"本行各格记为空，请与原件核对（识别为：{read}）",
            )
        )
    result.findings = check_report(report, text=result.prose)
