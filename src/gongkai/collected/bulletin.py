"""Exports of a supervisor's review: the table as XLSX, and the 通报 (PDF and DOCX) that lists the
late and faulty reports — what a 政务公开办 sends to the agencies of its region every year.

One content (:func:`bulletin`) for both documents: the PDF is its HTML typeset by WeasyPrint
(CJK fonts through fontconfig, embedded), the DOCX is written with python-docx in the same words.
Every listed problem names its table and cell and the rule's Chinese message, and the address the
report was read from.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from gongkai.rules.annual.render import fonts
from gongkai.rules.annual.render.columns import fit_columns, text_width
from gongkai.rules.annual.supervision import Assessment


@dataclass
class Bulletin:
    title: str
    issuer: str
    year: int
    date: dt.date
    intro: str
    overview: list[str]
    late: list[Assessment]
    faulty: list[Assessment]
    ranking: list[Assessment]
    requirements: list[str] = field(default_factory=list)


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def bulletin(issuer: str, year: int, rows: list[Assessment], today: dt.date) -> Bulletin:
    n = len(rows)
    published = [a for a in rows if a.published]
    on_time = [a for a in published if a.late is False]
    late_published = [a for a in published if a.late]
    undated = [a for a in published if a.late is None]
    missing_overdue = [a for a in rows if not a.published and a.late]
    blank = [a for a in rows if a.blank]
    ruled = [a for a in rows if a.findings_by_rule]
    mean = round(sum(a.quality.total for a in rows) / n, 1) if n else 0
    overview = [
        f"本次检查{n}个机关。按时公布{len(on_time)}个，逾期公布{len(late_published)}个，"
        f"截至{_cn_date(today)}仍未公布且已过期限的{len(missing_overdue)}个，页面未标明发布日期的{len(undated)}个。",
        f"已读取的报告中，统计表格存在空白单元格的{len(blank)}个，存在勾稽关系问题的{len(ruled)}个。"
        f"质量得分平均{mean}分（满分100分：及时25分、完整25分、勾稽40分、可读10分）。",
    ]
    late = sorted(
        [a for a in rows if a.late], key=lambda a: (a.published, -(a.days_late or 0), a.subject.name)
    )
    faulty = [a for a in sorted(rows, key=lambda a: a.subject.name) if a.blank or a.findings_by_rule]
    return Bulletin(
        title=f"关于{year}年度政府信息公开工作年度报告检查情况的通报",
        issuer=issuer,
        year=year,
        date=today,
        intro=(
            f"根据《中华人民共和国政府信息公开条例》第四十九条、第五十条和国办公开办函〔2021〕30号的要求，"
            f"{issuer}对本地区各机关{year}年度政府信息公开工作年度报告的公布时间和内容进行了检查。"
            "现将有关情况通报如下。"
        ),
        overview=overview,
        late=late,
        faulty=faulty,
        ranking=rows,
        requirements=[
            "逾期未公布年度报告的机关，应立即在本机关门户网站公布，并说明逾期原因。",
            "年度报告统计表格存在空白或勾稽关系问题的机关，应核实数据，更正后重新公布，无数据的单元格填写“0”。",
            "各机关应于每年1月31日（部门）、3月31日（人民政府）前公布上一年度报告（《条例》第四十九条）。",
        ],
    )


def _problems(a: Assessment) -> list[tuple[str, str, str]]:
    return [(f.label, f.where, f.why) for f in a.flags if f.code in ("blank", "rule", "unreadable")]


def _late_cells(a: Assessment) -> list[str]:
    return [
        a.subject.name,
        a.subject.kind,
        f"{a.deadline:%Y-%m-%d}",
        f"{a.subject.published_on:%Y-%m-%d}" if a.published and a.subject.published_on else "未公布",
        str(a.days_late or 0),
        a.subject.url or "—",
    ]


LATE_HEADERS = ("机关", "类型", "公布期限", "公布日期", "逾期天数", "来源")
RANK_HEADERS = ("排名", "机关", "类型", "得分", "及时", "完整", "勾稽", "可读")


def _rank_cells(a: Assessment) -> list[str]:
    parts = {p["name"]: p["points"] for p in a.quality.as_dict()["parts"]}
    return [
        str(a.rank),
        a.subject.name,
        a.subject.kind,
        str(a.quality.total),
        *(str(parts.get(k, 0)) for k in ("及时", "完整", "勾稽", "可读")),
    ]


def bulletin_pdf(b: Bulletin) -> bytes:
    from gongkai.rules.annual.render.layout import ReportError
    from gongkai.rules.annual.render.pdf import chinese_fonts_installed

    if not chinese_fonts_installed():
        raise ReportError("系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成 PDF")
    html = render_to_string(
        "collected/bulletin.html",
        {
            "b": b,
            "late_rows": [_late_cells(a) for a in b.late],
            "late_headers": LATE_HEADERS,
            "faulty": [(a, _problems(a)) for a in b.faulty],
            "rank_rows": [_rank_cells(a) for a in b.ranking],
            "rank_headers": RANK_HEADERS,
            "date": _cn_date(b.date),
            "title_font": fonts.css_family(fonts.TITLE, "serif"),
            "heading_font": fonts.css_family(fonts.HEADING, "sans-serif"),
            "body_font": fonts.css_family(fonts.BODY, "serif"),
        },
    )
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


# The page of the PDF (templates/collected/bulletin.html): A4, margins 30/26/28/28 mm, tables in 10 pt.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 30, "right": 26, "bottom": 28, "left": 28}
TEXT_TWIPS = round((PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 1440)  # 156 mm
TABLE_PT = 10
TABLE_STYLE = ("通报表格", "GKBulletinTable")  # its name as Word shows it, its id


def _docx_fonts(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    section = doc.sections[0]  # python-docx's template is US Letter: the 通报 is printed on A4
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.right_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["right"])
    section.bottom_margin, section.left_margin = Mm(MARGINS_MM["bottom"]), Mm(MARGINS_MM["left"])
    table_style = doc.styles.add_style(TABLE_STYLE[0], WD_STYLE_TYPE.PARAGRAPH)
    table_style.style_id = TABLE_STYLE[1]
    table_style.base_style = doc.styles["Normal"]
    table_style.paragraph_format.space_after = Pt(0)
    table_style.paragraph_format.line_spacing = 1.0
    for name, font, size in (
        ("Normal", fonts.BODY[0], 12),
        ("Title", fonts.TITLE[0], 18),
        ("Heading 1", fonts.HEADING[0], 14),
        (TABLE_STYLE[0], fonts.BODY[0], TABLE_PT),
    ):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)  # printed in black, not the template's theme blue
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in list(rfonts.attrib):
            if attr.endswith("Theme"):
                del rfonts.attrib[attr]
        rfonts.set(qn("w:ascii"), fonts.LATIN)
        rfonts.set(qn("w:hAnsi"), fonts.LATIN)
        rfonts.set(qn("w:eastAsia"), font)


def _docx_table(doc: Any, headers: tuple[str, ...], rows: list[list[str]]) -> None:
    """A table the width of the printed line, its columns sized to their content (agency names
    and addresses wide, figures and dates narrow: :func:`fit_columns`), its header row repeated
    on every page, no row split across pages."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips

    ems = fit_columns(headers, rows, TEXT_TWIPS / (TABLE_PT * 20))
    twips = [int(w * TABLE_PT * 20) for w in ems]
    twips[twips.index(max(twips))] += TEXT_TWIPS - sum(twips)  # the rounding, to the widest
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")  # the widths as given, not recomputed by Word
    tbl_pr.append(layout)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(TEXT_TWIPS))
    for column, width in zip(table.columns, twips, strict=True):
        column.width = Twips(width)  # the grid; each new row's cells take these widths

    def fill(row: Any, values: Sequence[str], header: bool) -> None:
        tr = row._tr
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on each page
        for tc, width, text in zip(tr.tc_lst, twips, values, strict=True):
            tc.width = Twips(width)  # as the grid (add_row copies it; the first row is made here)
            paragraph = tc.p_lst[0]
            paragraph.style = TABLE_STYLE[1]  # by id: the lookup by name is slow
            run = paragraph.add_r()
            run.text = text
            if header:
                run.get_or_add_rPr().append(OxmlElement("w:b"))

    fill(table.rows[0], headers, True)
    for values in rows:
        fill(table.add_row(), values, False)


def bulletin_docx(b: Bulletin) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _docx_fonts(doc)
    doc.add_paragraph(b.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(b.intro)
    doc.add_heading("一、总体情况", level=1)
    for line in b.overview:
        doc.add_paragraph(line)
    doc.add_heading("二、逾期公布和逾期未公布的机关", level=1)
    if b.late:
        _docx_table(doc, LATE_HEADERS, [_late_cells(a) for a in b.late])
    else:
        doc.add_paragraph("无。")
    doc.add_heading("三、报告内容存在的问题", level=1)
    if not b.faulty:
        doc.add_paragraph("无。")
    for i, a in enumerate(b.faulty, start=1):
        doc.add_paragraph(f"{i}. {a.subject.name}（来源：{a.subject.url or '—'}）")
        for label, where, why in _problems(a):
            doc.add_paragraph(f"{label}：{where}。{why}", style="List Bullet")
    doc.add_heading("四、质量得分排名", level=1)
    _docx_table(doc, RANK_HEADERS, [_rank_cells(a) for a in b.ranking])
    doc.add_heading("五、工作要求", level=1)
    for i, line in enumerate(b.requirements, start=1):
        doc.add_paragraph(f"{i}. {line}")
    for text in (b.issuer, _cn_date(b.date)):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


XLSX_HEADERS = (
    "排名", "机关", "类型", "层级", "平台内", "状态", "公布期限", "发布日期", "逾期天数",
    "单元格", "空白", "勾稽问题", "同比变化", "质量得分", "来源",
)  # fmt: skip


def _xlsx_print(ws: Any, *, header_row: int, wrap: dict[int, int]) -> None:
    """Columns as wide as their content (a date never ``#####``, agency names whole), the long
    text columns of ``wrap`` (column → most characters) wrapped; printed on A4 landscape, one page
    wide, the header row repeated on every page."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wide: dict[int, float] = {}
    lines: dict[int, int] = {}  # row → lines its wrapped cells take
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is None:
                continue
            text = f"{cell.value:%Y-%m-%d}" if isinstance(cell.value, dt.date) else str(cell.value)
            chars = 2 * text_width(text)  # in widths of "0", Excel's unit
            wide[cell.column] = max(wide.get(cell.column, 0.0), chars)
            if cell.column in wrap and cell.row > header_row:
                lines[cell.row] = max(lines.get(cell.row, 1), math.ceil(chars / wrap[cell.column]))
    top = Alignment(vertical="top", wrap_text=True)
    for column, chars in wide.items():
        ws.column_dimensions[get_column_letter(column)].width = min(chars, wrap.get(column, 40)) + 2
        if column in wrap:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
                cell.alignment = top
    for row, n in lines.items():
        if n > 1:  # a wrapped cell's row is as tall as its lines (not every reader recomputes it)
            ws.row_dimensions[row].height = 15 * n
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def review_xlsx(title: str, rows: list[Assessment]) -> bytes:
    """Sheet 核查: one row per agency; sheet 问题明细: one row per flag, with where and why."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "核查"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(XLSX_HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="FDE2E1")
    for a in rows:
        ws.append(
            [
                a.rank, a.subject.name, a.subject.kind, a.subject.level, "是" if a.subject.on_platform else "否",
                a.status, a.deadline, a.subject.published_on if a.published else None, a.days_late,
                a.cells, len(a.blank), a.findings_count, len(a.changes), a.quality.total, a.subject.url,
            ]
        )  # fmt: skip
        if a.faulty:
            for cell in ws[ws.max_row]:
                cell.fill = red
        ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 8).number_format = "yyyy-mm-dd"
    _xlsx_print(ws, header_row=2, wrap={15: 36})
    ws.freeze_panes = "C3"
    detail = wb.create_sheet("问题明细")
    detail.append(["机关", "问题", "位置（表格·行·列）", "原因", "来源"])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for a in rows:
        for f in a.flags:
            detail.append([a.subject.name, f.label, f.where, f.why, a.subject.url])
    _xlsx_print(detail, header_row=1, wrap={3: 40, 4: 60, 5: 40})
    detail.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
