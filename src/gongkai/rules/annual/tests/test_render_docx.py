"""The Word export: real merged cells, the 公文 fonts (with East-Asian names) and the figures."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from gongkai.rules.annual import model
from gongkai.rules.annual.render import render
from gongkai.rules.annual.render.docx import (
    STYLE_BODY,
    STYLE_HEADING,
    STYLE_SUBHEADING,
    STYLE_TABLE,
    STYLE_TITLE,
)

CORPUS = Path("/work/shared/corpus/annual-reports")
PROSE = {"overview": "第一段。\n第二段。", "problems": "问题。", "other_matters": "未收取信息处理费。"}


def load(name: str) -> dict:
    path = CORPUS / f"{name}.expected.json"
    if not path.exists():
        pytest.skip(f"corpus file {path} not present")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report_2021():
    return load("004")


@pytest.fixture(scope="module")
def data_2021(report_2021):
    return render(report_2021, "docx", prose=PROSE)


@pytest.fixture(scope="module")
def doc_2021(data_2021):
    return docx.Document(io.BytesIO(data_2021))


_GRIDS: dict[int, tuple] = {}  # id → (table element kept alive so the id stays unique, grid)


def slot(table, r: int, c: int):
    """The cell covering grid position (r, c); a merged cell is the same object in every slot."""
    key = id(table._tbl)
    if key not in _GRIDS:
        _GRIDS[key] = (table._tbl, [list(row.cells) for row in table.rows])
    return _GRIDS[key][1][r][c]


def text(table, r: int, c: int) -> str:
    return slot(table, r, c).text


def test_document_reads_in_order(doc_2021):
    paragraphs = [p.text for p in doc_2021.paragraphs if p.text]
    assert paragraphs[0] == "平潭综合实验区2022年度政府信息公开工作年度报告"
    assert paragraphs[1:4] == ["一、总体情况", "第一段。", "第二段。"]
    assert paragraphs[-4:] == [
        "五、存在的主要问题及改进情况",
        "问题。",
        "六、其他需要报告的事项",
        "未收取信息处理费。",
    ]
    assert len(doc_2021.tables) == 3
    section = doc_2021.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4


def test_applications_table_has_real_merged_cells(doc_2021):
    table = doc_2021.tables[1]
    assert len(table.columns) == 10 and len(table.rows) == 3 + len(model.application_rows("2021"))
    # The cross-check note spans 3 rows × 3 columns: one cell, not nine copies.
    assert slot(table, 0, 0)._tc is slot(table, 2, 2)._tc
    assert "勾稽关系" in text(table, 0, 0)
    assert slot(table, 0, 3)._tc is slot(table, 0, 9)._tc and text(table, 0, 3) == "申请人情况"
    assert slot(table, 1, 3)._tc is slot(table, 2, 3)._tc and text(table, 1, 3) == "自然人"
    assert slot(table, 1, 4)._tc is slot(table, 1, 8)._tc and text(table, 1, 4) == "法人或其他组织"
    # 三、本年度办理结果 runs down the first column; （三）不予公开 down the second.
    results = [r for r in range(3, len(table.rows)) if text(table, r, 0) == "三、本年度办理结果"]
    assert len(results) == 22
    withheld = [r for r in range(3, len(table.rows)) if text(table, r, 1) == "（三）不予公开"]
    assert len(withheld) == 8 and slot(table, withheld[0], 1)._tc is slot(table, withheld[-1], 1)._tc
    xml = etree.tostring(table._tbl).decode()
    assert 'w:vMerge w:val="restart"' in xml and 'w:gridSpan w:val="3"' in xml


def test_every_figure_in_its_row_and_column(report_2021, doc_2021):
    active, applications, appeals = doc_2021.tables
    columns = {text(applications, 2, c): c for c in range(3, 10)}
    for row in model.application_rows("2021"):
        matches = [
            r
            for r in range(3, len(applications.rows))
            if text(applications, r, 2) == row.label
            and (row.group is None or text(applications, r, 1) == row.group)
        ]
        assert len(matches) == 1, row.key
        cells = model.get_row(report_2021["applications"], row.key)
        for key, label in model.COLUMNS:
            assert text(applications, matches[0], columns[label]) == str(cells[key]), (row.key, key)
    figures = [text(appeals, 3, c) for c in range(15)]
    assert figures == [
        str(report_2021["appeals"][line][cell])
        for line, _ in model.APPEAL_LINES
        for cell, _ in model.APPEAL_CELLS
    ]
    assert slot(appeals, 1, 5)._tc is slot(appeals, 1, 9)._tc and text(appeals, 1, 5) == "未经复议直接起诉"
    rows = {text(active, r, 0): r for r in range(len(active.rows))}
    assert [text(active, rows["行政规范性文件"], c) for c in (1, 2, 3)] == ["88", "55", "698"]
    assert text(active, rows["行政事业性收费"], 1) == "9116.36"
    assert slot(active, rows["行政许可"], 1)._tc is slot(active, rows["行政许可"], 3)._tc


def test_header_rows_repeat_on_a_new_page(doc_2021):
    table = doc_2021.tables[1]
    repeated = [i for i, row in enumerate(table.rows) if row._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert repeated == [0, 1, 2]


def east_asia(style) -> str | None:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia"))


def test_government_fonts_are_set_for_chinese_text(doc_2021):
    styles = doc_2021.styles
    assert east_asia(styles[STYLE_TITLE]) == "方正小标宋简体"
    assert east_asia(styles[STYLE_HEADING]) == "黑体"
    assert east_asia(styles[STYLE_BODY]) == "仿宋_GB2312"
    assert east_asia(styles[STYLE_TABLE]) == "仿宋_GB2312"
    assert east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert styles[STYLE_TITLE].font.size.pt == 22 and styles[STYLE_BODY].font.size.pt == 16
    # No theme font may override the explicit ones (the default template's theme is Japanese).
    defaults = doc_2021.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert not [a for a in defaults.attrib if a.endswith("Theme")]
    assert defaults.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in doc_2021.paragraphs if p.text == "二、主动公开政府信息情况")
    assert heading.style.name == STYLE_HEADING
    assert slot(doc_2021.tables[1], 5, 4).paragraphs[0].style.name == STYLE_TABLE


def test_font_table_names_fallbacks(data_2021):
    with zipfile.ZipFile(io.BytesIO(data_2021)) as z:
        root = etree.fromstring(z.read("word/fontTable.xml"))
    fallbacks = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in root.iter(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert fallbacks == {
        "方正小标宋简体": "方正小标宋_GBK",
        "黑体": "SimHei",
        "楷体_GB2312": "楷体",
        "仿宋_GB2312": "仿宋",
    }
    charsets = {
        f.get(qn("w:name")): f.find(qn("w:charset")).get(qn("w:val")) for f in root.iter(qn("w:font"))
    }
    assert charsets["仿宋_GB2312"] == "86"


def test_2019_report_and_blank_cells():
    report = load("002")
    report["applications"]["granted"]["other_org"] = None
    doc = docx.Document(io.BytesIO(render(report, "docx")))
    active, applications, _ = doc.tables
    rows = {text(active, r, 0): r for r in range(len(active.rows))}
    assert [text(active, rows["政府集中采购"], c) for c in (1, 2)] == ["15", "6805947.43元"]
    assert slot(active, rows["政府集中采购"], 2)._tc is slot(active, rows["政府集中采购"], 3)._tc
    granted = next(
        r for r in range(3, len(applications.rows)) if text(applications, r, 1) == "（一）予以公开"
    )
    assert text(applications, granted, 8) == "" and text(applications, granted, 3) == "0"
    other = [r for r in range(3, len(applications.rows)) if text(applications, r, 1) == "（六）其他处理"]
    assert len(other) == 1 and slot(applications, other[0], 1)._tc is slot(applications, other[0], 2)._tc


def test_second_level_headings_in_kaiti():
    prose = {"overview": "（一）主动公开方面\n全年主动公开信息100条。\n（二）依申请公开方面。共收到申请5件。"}
    doc = docx.Document(io.BytesIO(render(model.zero_report(), "docx", prose=prose)))
    styles = {p.text: p.style.name for p in doc.paragraphs if p.text}
    assert styles["（一）主动公开方面"] == STYLE_SUBHEADING
    assert styles["全年主动公开信息100条。"] == STYLE_BODY
    assert styles["（二）依申请公开方面。共收到申请5件。"] == STYLE_BODY  # a sentence, not a heading
    assert east_asia(doc.styles[STYLE_SUBHEADING]) == "楷体_GB2312"


def test_the_word_file_ends_with_the_sign_off():
    import datetime as dt

    report = model.zero_report("2021", 2025, "随州市民政局")
    data = render(report, "docx", prose=PROSE, sign_off=("随州市民政局", dt.date(2026, 1, 8)))
    paragraphs = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert [p.text for p in paragraphs[-2:]] == ["随州市民政局", "2026年1月8日"]
    assert all(p.alignment == 2 for p in paragraphs[-2:])  # WD_ALIGN_PARAGRAPH.RIGHT
