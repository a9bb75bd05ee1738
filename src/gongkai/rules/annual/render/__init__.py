"""Exports of an annual report (年度报告, Art. 49–50 of the Regulation): HTML, DOCX, PDF, XLSX.

``render(report, "pdf", prose={"overview": …, "problems": …, "other_matters": …})`` takes the
JSON form of ``shared/spec/annual-report-json.md`` (format 2021 or 2019) and returns the file's
bytes. The prose fills sections 一 (总体情况), 五 (存在的主要问题及改进情况) and
六 (其他需要报告的事项); the tables 二, 三, 四 come from the report. A blank (``null``) cell
prints empty, a written 0 prints "0". Pure Python: no Django import.
"""

from __future__ import annotations

from typing import Any

from gongkai.rules.annual.render.layout import PROSE_KEYS, ReportError, SignOff

FORMATS = ("html", "docx", "pdf", "xlsx")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = ["FORMATS", "MEDIA_TYPES", "PROSE_KEYS", "ReportError", "render"]


def render(
    report: dict[str, Any],
    to: str,
    *,
    prose: dict[str, str] | None = None,
    title: str | None = None,
    sign_off: SignOff | None = None,
) -> bytes:
    """The report rendered ``to`` one of :data:`FORMATS`; raises :class:`ReportError` (a
    ``ValueError`` with a Chinese message) for an unknown target or a malformed report.
    ``sign_off`` = (agency, date) adds the 落款 under section 六 (HTML, DOCX, PDF; a spreadsheet
    of figures has none)."""
    target = (to or "").lower().lstrip(".")
    if target == "html":
        from gongkai.rules.annual.render.html import render_page

        return render_page(report, prose=prose, title=title, sign_off=sign_off).encode("utf-8")
    if target == "docx":
        from gongkai.rules.annual.render.docx import render_docx

        return render_docx(report, prose=prose, title=title, sign_off=sign_off)
    if target == "pdf":
        from gongkai.rules.annual.render.pdf import render_pdf

        return render_pdf(report, prose=prose, title=title, sign_off=sign_off)
    if target == "xlsx":
        from gongkai.rules.annual.render.xlsx import render_xlsx

        return render_xlsx(report, prose=prose, title=title)
    raise ReportError(f"不支持的导出格式：{to!r}（应为 html、docx、pdf 或 xlsx）")
