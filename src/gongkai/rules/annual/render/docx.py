"""An annual report (年度报告) as a Word document (python-docx), laid out like a 公文.

A4 with the margins of GB/T 9704-2012; the title in 方正小标宋简体 (二号, 22 pt), the section
headings in 黑体 (三号), the body in 仿宋_GB2312 (三号, 16 pt), the tables in 仿宋_GB2312 五号.
Word takes a Chinese run's font from ``w:eastAsia``, so every style sets it; each font is also
declared in the font table with an alternative name (``w:altName``) and the GB2312 character set,
which Word and LibreOffice use to substitute when the font is not installed. The tables have
real merged cells (``w:gridSpan`` and ``w:vMerge``), as in the national format.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.rules.annual.render import fonts
from gongkai.rules.annual.render.layout import (
    BANNER,
    LABEL,
    SignOff,
    Table,
    document,
    is_subheading,
    place,
    sign_off_lines,
)

TEXT_WIDTH = Mm(210 - 28 - 26)

# Style names as Word shows them; their ids (in the XML) stay ASCII.
STYLE_TITLE = "年报标题"
STYLE_HEADING = "年报一级标题"
STYLE_SUBHEADING = "年报二级标题"
STYLE_BODY = "年报正文"
STYLE_TABLE = "年报表格"
_STYLE_IDS = {
    STYLE_TITLE: "GKTitle",
    STYLE_HEADING: "GKHeading1",
    STYLE_SUBHEADING: "GKHeading2",
    STYLE_BODY: "GKBody",
    STYLE_TABLE: "GKTable",
}

_FAMILY = {
    fonts.TITLE[0]: "roman",
    fonts.HEADING[0]: "modern",
    fonts.SUBHEADING[0]: "script",
    fonts.BODY[0]: "modern",
}


def _set_fonts(rpr: Any, east_asia: str) -> None:
    """Latin text in Times New Roman, Chinese text in ``east_asia`` (no theme fonts)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), fonts.LATIN)
    rfonts.set(qn("w:hAnsi"), fonts.LATIN)
    rfonts.set(qn("w:cs"), fonts.LATIN)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _paragraph_style(
    doc: Any,
    name: str,
    font: str,
    size: float,
    *,
    align: Any = None,
    indent_chars: int = 0,
    line: float | None = None,
) -> Any:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = _STYLE_IDS[name]
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    _set_fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        fmt.alignment = align
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    return style


def _setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, fonts.BODY[0])
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _set_fonts(normal.element.get_or_add_rPr(), fonts.BODY[0])
    _paragraph_style(doc, STYLE_TITLE, fonts.TITLE[0], 22, align=WD_ALIGN_PARAGRAPH.CENTER, line=36)
    _paragraph_style(doc, STYLE_HEADING, fonts.HEADING[0], 16, indent_chars=2, line=28)
    _paragraph_style(doc, STYLE_SUBHEADING, fonts.SUBHEADING[0], 16, indent_chars=2, line=28)
    _paragraph_style(
        doc, STYLE_BODY, fonts.BODY[0], 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2, line=28
    )
    _paragraph_style(doc, STYLE_TABLE, fonts.TABLE[0], 10.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.styles[STYLE_HEADING].paragraph_format.keep_with_next = True
    doc.styles[STYLE_SUBHEADING].paragraph_format.keep_with_next = True
    _declare_fonts(doc)
    _page_numbers(section)


def _declare_fonts(doc: Any) -> None:
    """Add the Chinese fonts to word/fontTable.xml with an alternative name each."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    for chain in (fonts.TITLE, fonts.HEADING, fonts.SUBHEADING, fonts.BODY):
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): chain[0]})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): chain[1]})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): fonts.GB2312_CHARSET})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): _FAMILY[chain[0]]})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    # python-docx keeps this part as raw bytes; there is no public setter for them.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section: Any) -> None:
    """A centred "— 1 —" page number in the footer."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    p._p.append(p.add_run(" —")._r)
    for r in p.runs:
        r.font.size = Pt(14)


def _table(doc: Any, table: Table) -> None:
    grid = doc.add_table(rows=len(table.rows), cols=table.ncols)
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [int(TEXT_WIDTH * w / total) for w in table.widths]
    slots = [list(row.cells) for row in grid.rows]  # read once: table.cell() rescans the table
    for i, column in enumerate(grid.columns):
        column.width = widths[i]
    for row in slots:
        for i, cell in enumerate(row):
            cell.width = widths[i]
    small = table.key == "appeals"
    for i, row in enumerate(grid.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < table.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on each page
    for r, c, cell in place(table):
        target = slots[r][c]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(slots[r + cell.rowspan - 1][c + cell.colspan - 1])
        target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        paragraph = target.paragraphs[0]
        paragraph._p.style = _STYLE_IDS[STYLE_TABLE]  # by id: the style lookup by name is slow
        if cell.kind in (LABEL, BANNER) and cell.rowspan == 1:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(cell.text)
        if small:
            run.font.size = Pt(9)


def render_docx(
    report: dict[str, Any],
    *,
    prose: dict[str, str] | None = None,
    title: str | None = None,
    sign_off: SignOff | None = None,
) -> bytes:
    """The report as a .docx file (bytes), with its 落款 when ``sign_off`` (agency, date) is given."""
    heading, sections = document(report, prose, title)
    doc = Document()
    _setup(doc)
    doc.core_properties.title = heading
    doc.core_properties.language = "zh-CN"
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:  # the template's empty first paragraph becomes the title
        body.style = doc.styles[STYLE_TITLE]
        body.add_run(heading)
    else:
        doc.add_paragraph(heading, style=STYLE_TITLE)
    doc.add_paragraph("", style=STYLE_BODY)
    for section in sections:
        doc.add_paragraph(section.title, style=STYLE_HEADING)
        for text in section.paragraphs:
            doc.add_paragraph(text, style=STYLE_SUBHEADING if is_subheading(text) else STYLE_BODY)
        if section.table is not None:
            _table(doc, section.table)
            doc.add_paragraph("", style=STYLE_TABLE)
    lines = sign_off_lines(sign_off)
    for i, line in enumerate(lines):  # right-aligned, two characters in, kept together
        p = doc.add_paragraph(line, style=STYLE_BODY)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt = p.paragraph_format
        fmt.first_line_indent, fmt.right_indent = Pt(0), Pt(32)
        fmt.space_before = Pt(28) if i == 0 else Pt(0)
        fmt.keep_with_next = i < len(lines) - 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
