"""The three tables of an annual report (年度报告, Art. 50) as an Excel workbook (openpyxl).

One sheet per table (sections 二, 三, 四), named after its section heading, with the merged
header cells of the national format. Figures are stored as numbers (a blank source cell stays
an empty cell, a written 0 is the number 0); only text cells (the 2019 procurement amount as
written, e.g. "6805947.43元") are strings.
"""

from __future__ import annotations

import io
import math
import unicodedata
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from gongkai.rules.annual.render import fonts
from gongkai.rules.annual.render.layout import BANNER, DATA, LABEL, SIGNED_CELLS, Table, document, place

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=fonts.TABLE[0], size=10.5, charset=134)  # 134: GB2312
_TITLE_FONT = Font(name=fonts.HEADING[0], size=14, charset=134)
_TOTAL_CHARS = {"active_disclosure": 64, "applications": 112, "appeals": 105}
_LINE_HEIGHT = 14.0  # points per line of 10.5 pt text
_FIRST_ROW = 3  # rows 1 and 2 hold the report title and the section heading


def _display_width(text: str) -> int:
    """Columns a text takes: a Chinese character counts two, a Latin character one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet(ws: Any, heading: str, table: Table) -> None:
    total = sum(table.widths)
    widths = [max(4.0, table_w / total * _TOTAL_CHARS[table.key]) for table_w in table.widths]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row, text, font in ((1, heading, _TITLE_FONT), (2, table.title, _TITLE_FONT)):
        ws.cell(row=row, column=1, value=text).font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=table.ncols)
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="left", vertical="center")
    lines = [1] * len(table.rows)
    for r, c, cell in place(table):
        top, left = _FIRST_ROW + r, 1 + c
        slot = ws.cell(row=top, column=left, value=cell.value if cell.kind == DATA else cell.text)
        if cell.path and cell.path.rsplit(".", 1)[-1] in SIGNED_CELLS:
            slot.number_format = "+0;-0;0"  # 本年增/减, still a number
        left_aligned = cell.kind in (LABEL, BANNER) and cell.rowspan == 1
        align = Alignment(horizontal="left" if left_aligned else "center", vertical="center", wrap_text=True)
        for rr in range(top, top + cell.rowspan):
            for cc in range(left, left + cell.colspan):
                slot = ws.cell(row=rr, column=cc)
                slot.border = _BORDER
                slot.font = _FONT
                slot.alignment = align
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=top,
                start_column=left,
                end_row=top + cell.rowspan - 1,
                end_column=left + cell.colspan - 1,
            )
        if cell.rowspan == 1:
            room = sum(widths[c : c + cell.colspan])
            lines[r] = max(lines[r], math.ceil(_display_width(cell.text) / max(room - 1, 1)))
    for r, n in enumerate(lines):
        ws.row_dimensions[_FIRST_ROW + r].height = max(n, 1) * _LINE_HEIGHT + 4
    if table.header_rows:
        ws.print_title_rows = f"{_FIRST_ROW}:{_FIRST_ROW + table.header_rows - 1}"
        label_cols = 3 if table.key == "applications" else 0
        ws.freeze_panes = ws.cell(row=_FIRST_ROW + table.header_rows, column=1 + label_cols)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.key == "appeals" else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8)


def render_xlsx(
    report: dict[str, Any], *, prose: dict[str, str] | None = None, title: str | None = None
) -> bytes:
    """The tables of sections 二, 三, 四 as an .xlsx workbook (bytes). Prose is not tabular
    and is left out; it is accepted so that every renderer takes the same arguments."""
    heading, sections = document(report, prose, title)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = heading
    wb.properties.language = "zh-CN"
    for section in sections:
        if section.table is not None:
            _sheet(wb.create_sheet(section.title[:31]), heading, section.table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
