"""The 自查报告 (self-inspection report): a findings object exported to XLSX and PDF.

Findings are grouped by indicator (国办秘函〔2019〕19号 / 《政府网站发展指引》), single-veto
indicators first, each group saying what to fix. The PDF is rendered by WeasyPrint with the Noto
CJK fonts (Debian ``fonts-noto-cjk``); the XLSX has an overview sheet and a 问题清单 sheet with an
empty 整改情况 column for the people doing the fixing.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from .findings import FIXES, KINDS

KIND_LABELS = {
    "site_unreachable": "站点无法访问",
    "homepage_stale": "首页不更新",
    "stale_column": "栏目不更新",
    "empty_column": "空白栏目",
    "broken_link": "不可用链接",
    "external_link_notice": "外链无离站提示",
    "text_error": "文字错误",
    "missing_metadata": "信息要素缺失",
}

BEIJING = ZoneInfo("Asia/Shanghai")  # what the crawler records in UTC is reported in Beijing time


def grouped(report: dict) -> OrderedDict[str, list[dict]]:
    """Findings by indicator: single-veto indicators first, then in the order of KINDS."""

    def order(f: dict) -> tuple:
        return (not f["indicator"].startswith("单项否决"), KINDS.index(f["kind"]), f["indicator"])

    out: OrderedDict[str, list[dict]] = OrderedDict()
    for f in sorted(report["findings"], key=order):
        out.setdefault(f["indicator"], []).append(f)
    return out


def _when(report: dict) -> str:
    try:
        when = datetime.fromisoformat(report["started_at"])
        if when.tzinfo is not None:
            when = when.astimezone(BEIJING)  # the report is read in Beijing time
        return when.strftime("%Y年%m月%d日 %H:%M")
    except (KeyError, ValueError):
        return ""


def write_xlsx(report: dict, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    bold = Font(bold=True)
    rows = [
        ("网站自查报告", ""),
        ("网站", report.get("site", "")),
        ("检查时间", _when(report)),
        ("检查页面数", report["pages"]),
        ("链接数", report["links"]),
        ("问题总数", len(report["findings"])),
    ]
    for row in rows:
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(())
    ws.append(("单项否决情况", "；".join(report.get("veto") or []) or "未触及单项否决指标"))
    ws.append(())
    ws.append(("问题类型", "数量", "整改要求"))
    for cell in ws[ws.max_row]:
        cell.font = bold
    counts = {k: sum(1 for f in report["findings"] if f["kind"] == k) for k in KINDS}
    for kind in KINDS:
        if counts[kind]:
            ws.append((KIND_LABELS[kind], counts[kind], FIXES[kind]))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 50

    sheet = wb.create_sheet("问题清单")
    header = ("序号", "指标", "问题类型", "页面", "链接或栏目", "证据", "整改要求", "整改情况")
    sheet.append(header)
    fill = PatternFill("solid", fgColor="DDE7F3")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    n = 0
    for indicator, items in grouped(report).items():
        for f in items:
            n += 1
            sheet.append(
                (
                    n,
                    indicator,
                    KIND_LABELS[f["kind"]],
                    f["page"],
                    f["target"] or "",
                    f["evidence"],
                    FIXES[f["kind"]],
                    "",
                )
            )
    for col, width in zip("ABCDEFGH", (6, 40, 14, 45, 45, 60, 36, 16), strict=True):
        sheet.column_dimensions[col].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    path = Path(path)
    wb.save(path)
    return path


_CSS = """
@page { size: A4; margin: 18mm 15mm; @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; line-height: 1.5; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-left: 4px solid #b22; padding-left: 2mm; }
.meta { text-align: center; color: #444; margin-bottom: 4mm; }
.veto { border: 1px solid #b22; background: #fbeaea; padding: 2mm 3mm; margin: 3mm 0; }
.ok { border: 1px solid #2a7; background: #eaf7f0; padding: 2mm 3mm; margin: 3mm 0; }
.fix { color: #222; margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; table-layout: fixed; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; word-break: break-all; }
th { background: #e8edf3; }
th.n, td.n { width: 9mm; text-align: center; }
th.u { width: 26%; }
tr { page-break-inside: avoid; }
.sum td, .sum th { font-size: 10pt; }
"""


def render_html(report: dict) -> str:
    e = escape
    counts = {k: sum(1 for f in report["findings"] if f["kind"] == k) for k in KINDS}
    parts = [
        f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>",
        "<h1>网站自查报告</h1>",
        f"<p class='meta'>{e(report.get('site', ''))}　检查时间：{e(_when(report))}　"
        f"检查页面 {report['pages']} 个，链接 {report['links']} 条</p>",
    ]
    veto = report.get("veto") or []
    if veto:
        parts.append("<div class='veto'><b>单项否决风险：</b>" + "；".join(map(e, veto)) + "</div>")
    else:
        parts.append("<div class='ok'>未触及单项否决指标（国办秘函〔2019〕19号）。</div>")
    parts.append(
        "<table class='sum'><tr><th>问题类型</th><th style='width:18mm'>数量</th><th>整改要求</th></tr>"
    )
    for kind in KINDS:
        if counts[kind]:
            parts.append(
                f"<tr><td>{KIND_LABELS[kind]}</td><td>{counts[kind]}</td><td>{e(FIXES[kind])}</td></tr>"
            )
    if not report["findings"]:
        parts.append("<tr><td colspan='3'>未发现问题</td></tr>")
    parts.append("</table>")
    for indicator, items in grouped(report).items():
        kind = items[0]["kind"]
        parts.append(f"<h2>{e(indicator)}（{len(items)}处）</h2><p class='fix'>整改：{e(FIXES[kind])}</p>")
        parts.append(
            "<table><tr><th class='n'>序号</th><th class='u'>页面</th><th class='u'>链接或栏目</th><th>证据</th></tr>"
        )
        for i, f in enumerate(items, 1):
            parts.append(
                f"<tr><td class='n'>{i}</td><td>{e(f['page'])}</td><td>{e(f['target'] or '')}</td>"
                f"<td>{e(f['evidence'])}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def write_pdf(report: dict, path: str | Path) -> Path:
    from weasyprint import HTML

    path = Path(path)
    HTML(string=render_html(report)).write_pdf(path)
    return path
