"""Side-by-side comparison of reports: key figures per report, and the XLSX of a selection."""

from __future__ import annotations

import io

from gongkai.rules.annual.figures import FIGURES, key_figures


def comparison(reports) -> dict:
    """Rows of key figures (one per figure) × columns (one per report), plus chart series."""
    columns = [f"{r.agency_name}\n{r.year}" for r in reports]
    values = [key_figures(r.data) for r in reports]
    rows = [(label, [v[key] for v in values]) for key, label in FIGURES]
    chart = {
        "categories": [c.replace("\n", " ") for c in columns],
        "series": [
            {"name": label, "data": [v[key] for v in values]}
            for key, label in FIGURES
            if key
            in (
                "new_received",
                "granted",
                "partially_granted",
                "withheld",
                "unavailable",
                "reconsideration",
                "litigation",
            )
        ],
    }
    return {"columns": columns, "rows": rows, "chart": chart}


def comparison_xlsx(reports) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    data = comparison(reports)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "对比"
    ws.append(["指标", *[c.replace("\n", " ") for c in data["columns"]]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for label, values in data["rows"]:
        ws.append([label, *values])
    ws.column_dimensions["A"].width = 34
    for report in reports:  # one sheet per report with its findings
        sheet = wb.create_sheet(f"{report.agency_name[:20]}{report.year}"[:31])
        sheet.append(["勾稽检查"])
        for f in report.findings or [{"text": "未发现问题"}]:
            sheet.append([f["text"]])
        sheet.append([])
        sheet.append(["解析提示"])
        for w in report.warnings or ["无"]:
            sheet.append([w])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
