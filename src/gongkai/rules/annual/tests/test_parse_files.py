"""The parser on files: HTML (rowspan/colspan, header rows split over several rows), GBK and
GB18030 text, DOCX and text PDF.

The tables are laid out as the national format lays them out and filled with the numbers of a
real report (平潭综合实验区2024年度, corpus 005, labelled); each file type must give back
exactly its label.
"""

import io
import json
from pathlib import Path

import pytest

from gongkai.rules.annual.model import ACTIVE_ROWS, APPEAL_LINES, COLUMN_KEYS, application_rows, get_row
from gongkai.rules.annual.parse import parse_bytes, parse_file
from gongkai.rules.annual.parse.extract import UnreadableFile, decode

FIXTURES = Path(__file__).parent / "parse_fixtures"
TITLE = "平潭综合实验区2024年度政府信息公开工作年度报告"
PROSE = (
    "2024年，实验区共收到政府信息公开申请218件，均在法定期限内答复。"
    "全年发生政府信息公开行政复议7件、行政诉讼19件。"
)


def label(name: str = "005") -> dict:
    report = json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))
    report.pop("ambiguous", None)
    return report


def _td(text, rowspan=1, colspan=1):
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{attrs}>{'' if text is None else text}</td>"


def national_html(report: dict, encoding: str = "utf-8") -> str:
    """The report's three tables as the national format (2021) draws them."""
    active = report["active_disclosure"]
    t2 = ['<table border="1">']
    item = None
    for key, article, row_label, cells in ACTIVE_ROWS["2021"]:
        if article != item:
            item = article
            t2.append(f"<tr>{_td(article, colspan=4)}</tr>")
            t2.append(
                "<tr>"
                + _td("信息内容")
                + "".join(_td(c) for _, c in cells)
                + (_td("", colspan=3 - len(cells)) if len(cells) < 3 else "")
                + "</tr>"
            )
        t2.append(
            "<tr>"
            + _td(row_label)
            + "".join(_td(active[key][c]) for c, _ in cells)
            + (_td("", colspan=3 - len(cells)) if len(cells) < 3 else "")
            + "</tr>"
        )
    t2.append("</table>")

    apps = report["applications"]
    t3 = [
        '<table border="1">',
        "<tr>"
        + _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
        + _td("申请人情况", colspan=7)
        + "</tr>",
        "<tr>"
        + _td("自然人", rowspan=2)
        + _td("法人或其他组织", colspan=5)
        + _td("总计", rowspan=2)
        + "</tr>",
        "<tr>"
        + "".join(
            _td(h) for h in ("商业<br>企业", "科研<br>机构", "社会公益<br>组织", "法律服务<br>机构", "其他")
        )
        + "</tr>",
    ]
    rows = application_rows("2021")
    groups: dict[str, int] = {}
    for r in rows:
        if r.group:
            groups[r.group] = groups.get(r.group, 0) + 1
    results = [r for r in rows if r.is_result] + [rows[-2]]  # result rows and (七)总计
    seen_groups: set[str] = set()
    for r in rows:
        values = "".join(_td(v) for v in (get_row(apps, r.key)[c] for c in COLUMN_KEYS))
        head = ""
        if r is results[0]:
            head += _td("三、本年度办理结果", rowspan=len(results))
        if r.group and r.group not in seen_groups:
            seen_groups.add(r.group)
            head += _td(r.group, rowspan=groups[r.group])
            head += _td(r.label)
        elif r.group:
            head += _td(r.label)
        elif r in results:
            head += _td(r.label, colspan=2)
        else:
            head += _td(r.label, colspan=3)
        t3.append(f"<tr>{head}{values}</tr>")
    t3.append("</table>")

    appeals = report["appeals"]
    cells4 = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    t4 = [
        '<table border="1">',
        "<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>",
        "<tr>"
        + "".join(_td(c, rowspan=2) for c in cells4)
        + _td("未经复议直接起诉", colspan=5)
        + _td("复议后起诉", colspan=5)
        + "</tr>",
        "<tr>" + "".join(_td(c) for c in cells4 * 2) + "</tr>",
        "<tr>"
        + "".join(
            _td(appeals[line][c])
            for line, _ in APPEAL_LINES
            for c in ("upheld", "corrected", "other", "pending", "total")
        )
        + "</tr>",
        "</table>",
    ]
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        f"<title>{TITLE}</title><style>td{{border:1px solid #000}}</style></head><body>"
        f'<div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div><h1>{TITLE}</h1>'
        f"<p>一、总体情况</p><p>{PROSE}</p><p>二、主动公开政府信息情况</p>{''.join(t2)}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{''.join(t3)}"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{''.join(t4)}"
        "<p>五、存在的主要问题及改进情况</p><p>一是政策解读形式仍需创新。</p>"
        "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>"
        "<script>var n = 12345;</script></body></html>"
    )


def test_html_with_rowspan_colspan_and_split_header_rows():
    expected = label()
    result = parse_bytes(national_html(expected).encode("utf-8"), "report.html")
    assert result.report == expected
    assert result.findings == []


def test_html_in_gbk_declared_in_the_page():
    expected = label()
    data = national_html(expected, "gbk").encode("gbk")
    result = parse_bytes(data, "report.htm")
    assert result.report == expected
    assert any("GB18030" in w.message for w in result.warnings)


def test_gb18030_text_file_without_declaration(tmp_path):
    text = (FIXTURES / "008.src.txt").read_text("utf-8")
    path = tmp_path / "guanzhou.txt"
    path.write_bytes(text.encode("gb18030"))
    result = parse_file(path)
    assert result.report["active_disclosure"]["penalty"] == {"decisions": 1472}
    assert result.report["agency"] == "官洲街道办事处"


def test_decode_prefers_utf8_and_reports_other_encodings():
    assert decode("行政许可".encode()) == ("行政许可", None)
    text, note = decode("行政许可".encode("gbk"))
    assert text == "行政许可" and "GB18030" in note


def test_docx_with_merged_cells():
    from docx import Document

    expected = label()
    doc = Document()
    doc.add_paragraph(TITLE)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph(PROSE)
    doc.add_paragraph("二、主动公开政府信息情况")
    active = expected["active_disclosure"]
    specs = ACTIVE_ROWS["2021"]
    t2 = doc.add_table(rows=0, cols=4)
    item = None
    for key, article, row_label, cells in specs:
        if article != item:
            item = article
            row = t2.add_row().cells
            row[0].merge(row[3]).text = article
            head = t2.add_row().cells
            head[0].text = "信息内容"
            for i, (_, c) in enumerate(cells):
                head[i + 1].text = c
        row = t2.add_row().cells
        row[0].text = row_label
        for i, (c, _) in enumerate(cells):
            row[i + 1].text = "" if active[key][c] is None else str(active[key][c])
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = application_rows("2021")
    t3 = doc.add_table(rows=2 + len(rows), cols=9)
    t3.cell(0, 0).merge(
        t3.cell(1, 1)
    ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    for i, h in enumerate(("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")):
        t3.cell(1, 2 + i).text = h
    t3.cell(0, 2).merge(t3.cell(0, 8)).text = "申请人情况"
    for n, r in enumerate(rows):
        t3.cell(2 + n, 0).text = r.group or ""
        t3.cell(2 + n, 1).text = r.label
        for i, c in enumerate(COLUMN_KEYS):
            t3.cell(2 + n, 2 + i).text = str(get_row(expected["applications"], r.key)[c])
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = doc.add_table(rows=3, cols=15)
    t4.cell(0, 0).merge(t4.cell(0, 4)).text = "行政复议"
    t4.cell(0, 5).merge(t4.cell(0, 14)).text = "行政诉讼"
    for i in range(15):
        t4.cell(1, i).text = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")[i % 5]
    values = [
        expected["appeals"][line][c]
        for line, _ in APPEAL_LINES
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    for i, v in enumerate(values):
        t4.cell(2, i).text = str(v)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    doc.save(buf)
    result = parse_bytes(buf.getvalue(), "report.docx")
    assert result.report == expected


def test_text_pdf_rendered_from_the_html():
    weasyprint = pytest.importorskip("weasyprint")
    expected = label()
    pdf = weasyprint.HTML(string=national_html(expected)).write_pdf()
    result = parse_bytes(pdf, "report.pdf")
    assert result.report == expected


def test_pdf_without_text_layer_is_a_clear_error():
    weasyprint = pytest.importorskip("weasyprint")
    pdf = weasyprint.HTML(string="<html><body><div style='height:10px;background:#000'></div></body></html>")
    with pytest.raises(UnreadableFile, match="没有文字层"):
        parse_bytes(pdf.write_pdf(), "scan.pdf")


def test_content_that_does_not_match_the_extension_is_a_clear_error():
    with pytest.raises(UnreadableFile, match="不符"):
        parse_bytes("平潭综合实验区".encode(), "report.docx")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(UnreadableFile, match="无法读取文件"):
        parse_file(tmp_path / "nothing.html")


def word_html(html: str) -> str:
    """The same page as Word's "save as web page" writes it (平潭 2021's page.html does this):
    every cell wrapped in <p><span><font>, an &nbsp; before the figure, empty <o:p> tags."""
    import re

    def cell(m):
        return (
            f'<td{m.group(1)} valign="center" style="width:92.1pt;border:1.0pt outset windowtext;">'
            '<p class="p" align="center" style="margin-top:1.5pt;"><span style="font-family:仿宋_GB2312;">'
            f'<font face="Calibri">&nbsp;</font><font face="仿宋_GB2312">{m.group(2)}</font></span>'
            '<span style="font-family:Calibri;"><o:p></o:p></span></p></td>'
        )

    return re.sub(r"<td([^>]*)>(.*?)</td>", cell, html)


def test_word_exported_html_with_nbsp_blank_cells():
    expected = label()
    expected["applications"]["carried_forward"]["legal_service_org"] = None  # a cell left empty
    html = word_html(national_html(expected))
    assert "<o:p>" in html and "&nbsp;" in html
    result = parse_bytes(html.encode("utf-8"), "page.html")
    assert result.report == expected
    assert result.report["applications"]["carried_forward"]["legal_service_org"] is None


def test_text_pdf_keeps_blank_cells_of_its_ruled_tables():
    """Plain PDF text drops an empty cell without a trace; the ruled grid keeps it blank."""
    pytest.importorskip("weasyprint")
    import random

    from gongkai.rules.annual.render import render
    from gongkai.rules.annual.tests.flatten import cells, compare, random_report, with_blanks

    rng = random.Random(8)
    report = with_blanks(random_report(rng, "2021", 2023), rng, share=0.1)
    blanks = [
        path
        for section in ("active_disclosure", "applications", "appeals")
        for path, value in cells(report[section], section).items()
        if value is None
    ]
    assert len(blanks) >= 5
    result = parse_bytes(render(report, "pdf"), "report.pdf")
    _cells, wrong, blank = compare(result.report, report)
    assert (wrong, blank) == ([], [])
