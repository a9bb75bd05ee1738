"""Roll-up for supervisors (汇总): the reports of an agency's subtree for one year.

* :func:`sum_reports` adds every cell of the reports (``null`` counts as 0, but a cell blank in
  every report stays blank; money keeps its decimals);
* :func:`rollup` gives one row per agency of the subtree with the key figures — applications
  received, share disclosed (予以公开 + 部分公开 over 办理结果总计), overdue replies, appeal results
  corrected — and whether its report is late under Art. 49 (departments by 31 January,
  governments by 31 March of the following year; filed = published in the catalogue).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.collected.models import CollectedReport
from gongkai.rules.annual import model

from .models import AnnualReport, ReportState, deadline


def _add(a: Any, b: Any) -> Any:
    if b is None or isinstance(b, str):
        return a
    if a is None or isinstance(a, str):
        return b
    if isinstance(a, float) or isinstance(b, float):
        return float(Decimal(str(a)) + Decimal(str(b)))
    return a + b


def _merge(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            _merge(total.setdefault(key, {}), value)
        else:
            total[key] = _add(total.get(key), value)


def sum_reports(
    reports: list[dict[str, Any]], *, year: int | None = None, agency: str | None = None
) -> dict[str, Any]:
    """The cell-by-cell sum of reports of format 2021 (the supervisor's 汇总表)."""
    out = model.empty_report(model.FORMAT_2021, year, agency)
    for report in reports:
        if report.get("format") != model.FORMAT_2021:
            raise ValueError(f"只能汇总2021年格式的报告，收到 {report.get('format')!r}")
        for section in ("active_disclosure", "applications", "appeals"):
            if report.get(section) is not None:
                _merge(out[section], report[section])
    return out


@dataclass
class Row:
    agency: Agency
    report: AnnualReport | None
    received: int | None
    handled: int | None
    disclosed: int | None
    overdue: int
    corrected: int | None
    deadline: dt.date
    late: bool  # not published by the deadline (and the deadline has passed), or published after it
    collected: CollectedReport | None = None  # a published report read in (issue 5), when not built here

    @property
    def disclosed_share(self) -> float | None:
        if not self.handled:
            return None
        return round(self.disclosed * 100 / self.handled, 1)

    @property
    def status(self) -> str:
        if self.report is None:
            return "已导入外部报告" if self.collected else "未编制"
        return self.report.get_state_display()


def _total(data: dict[str, Any] | None, key: str) -> int | None:
    if not data or data.get("applications") is None:
        return None
    return (model.get_row(data["applications"], key) or {}).get(model.TOTAL) or 0


def _collected_copies(root: Agency, year: int) -> dict[int, CollectedReport]:
    """One read-in report per agency of the subtree. Several agencies may each keep a copy of the
    same published report: the agency's own copy first, then one imported inside ``root``'s
    subtree, then the command line's, then the earliest."""
    inside = set(root.subtree().values_list("pk", flat=True))
    chosen: dict[int, CollectedReport] = {}

    def rank(c: CollectedReport) -> int:
        return (
            0 if c.owner_id == c.agency_id else 1 if c.owner_id in inside else 2 if c.owner_id is None else 3
        )

    for c in CollectedReport.objects.filter(agency__path__startswith=root.path, year=year).order_by(
        "imported_at", "pk"
    ):
        if c.agency_id not in chosen or rank(c) < rank(chosen[c.agency_id]):
            chosen[c.agency_id] = c
    return chosen


def rollup(root: Agency, year: int, today: dt.date) -> tuple[list[Row], dict[str, Any]]:
    """Rows for every agency of ``root``'s subtree, and the sum of their reports."""
    agencies = list(root.subtree().order_by("path"))
    reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__path__startswith=root.path, year=year)
    }
    collected = _collected_copies(root, year)
    overdue = dict(
        Application.objects.filter(agency__path__startswith=root.path, overdue=True)
        .filter(Q(closed_on__year=year) | Q(closed_on__isnull=True, received_on__year=year))
        .values_list("agency_id")
        .annotate(n=Count("pk"))
    )
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        outside = collected.get(agency.pk) if report is None else None
        data = report.data if report else (outside.data if outside else None)
        due = deadline(agency.kind, year)
        published = report.published_on if report and report.state == ReportState.PUBLISHED else None
        late = (published > due) if published else today > due
        corrected = None
        if data and data.get("appeals"):
            corrected = sum((cells.get("corrected") or 0) for cells in data["appeals"].values())
        rows.append(
            Row(
                agency,
                report,
                _total(data, "new_received"),
                _total(data, "total_handled"),
                (_total(data, "granted") or 0) + (_total(data, "partially_granted") or 0) if data else None,
                overdue.get(agency.pk, 0),
                corrected,
                due,
                late,
                outside,
            )
        )
    parts = [r.data for r in reports.values() if r.data]
    parts += [
        c.data
        for agency_id, c in collected.items()
        if agency_id not in reports and c.format == model.FORMAT_2021
    ]
    total = sum_reports(parts, year=year, agency=f"{root.name}（汇总）")
    return rows, total


HEADERS = (
    "机关",
    "类型",
    "报告状态",
    "本年新收申请",
    "办结",
    "公开比例（%）",
    "逾期答复",
    "复议诉讼被纠正",
    "公开期限",
    "公开日期",
    "逾期未公开",
)


def row_values(row: Row) -> list[Any]:
    return [
        row.agency.name,
        row.agency.get_kind_display(),
        row.status,
        row.received,
        row.handled,
        row.disclosed_share,
        row.overdue,
        row.corrected,
        row.deadline,
        row.report.published_on if row.report else None,
        "是" if row.late else "",
    ]


def rollup_xlsx(root: Agency, year: int, rows: list[Row]) -> bytes:
    """The table of agencies × key figures as an Excel workbook."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年度汇总"
    ws.append([f"{root.name}及下级机关{year}年政府信息公开工作年度报告汇总"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    late = PatternFill("solid", fgColor="FDE2E1")
    for row in rows:
        ws.append(row_values(row))
        if row.late:
            for cell in ws[ws.max_row]:
                cell.fill = late
        ws.cell(ws.max_row, 9).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 10).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 32
    for col in "BCDEFGHIJK":
        ws.column_dimensions[col].width = 13
    ws.freeze_panes = "B3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
