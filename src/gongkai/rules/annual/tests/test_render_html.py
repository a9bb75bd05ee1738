"""The HTML export of an annual report: read back as a browser lays out the merged cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from gongkai.rules.annual import model
from gongkai.rules.annual.render import ReportError, render
from gongkai.rules.annual.render.html import render_fragment, render_page

CORPUS = Path("/work/shared/corpus/annual-reports")


def load(name: str) -> dict:
    path = CORPUS / f"{name}.expected.json"
    if not path.exists():
        pytest.skip(f"corpus file {path} not present")
    return json.loads(path.read_text(encoding="utf-8"))


def grids(page: str) -> list[dict[tuple[int, int], str]]:
    """Each table as {(row, col): text}, a merged cell filling every slot it covers."""
    doc = lxml_html.fromstring(page)
    out = []
    for table in doc.iter("table"):
        grid: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(table.iter("tr")):
            c = 0
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while (r, c) in grid:
                    c += 1
                rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                for dr in range(rs):
                    for dc in range(cs):
                        grid[(r + dr, c + dc)] = cell.text_content()
                c += cs
        out.append(grid)
    return out


def size(grid: dict[tuple[int, int], str]) -> tuple[int, int]:
    return max(r for r, _ in grid) + 1, max(c for _, c in grid) + 1


def applications_cell(grid, row: model.Row, column_label: str) -> str:
    """The figure where the row labelled ``row`` (within its group) meets ``column_label``."""
    nrows, ncols = size(grid)
    cols = [c for c in range(3, ncols) if grid[(2, c)] == column_label]
    rows = [
        r
        for r in range(3, nrows)
        if grid[(r, 2)] == row.label and (row.group is None or grid[(r, 1)] == row.group)
    ]
    assert len(cols) == 1 and len(rows) == 1, (row.key, column_label, rows, cols)
    return grid[(rows[0], cols[0])]


def expected_text(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


@pytest.mark.parametrize("name", ["004", "002", "006"])
def test_every_application_figure_sits_in_its_row_and_column(name):
    report = load(name)
    grid = grids(render(report, "html").decode("utf-8"))[1]
    for row in model.application_rows(report["format"]):
        cells = model.get_row(report["applications"], row.key)
        for key, label in model.COLUMNS:
            assert applications_cell(grid, row, label) == expected_text(cells[key]), (row.key, key)


def test_applications_header_is_the_national_two_level_heading():
    grid = grids(render(load("004"), "html").decode("utf-8"))[1]
    assert size(grid) == (3 + len(model.application_rows("2021")), 10)
    assert {grid[(0, c)] for c in range(3, 10)} == {"申请人情况"}
    assert grid[(1, 3)] == grid[(2, 3)] == "自然人"  # spans the two lower header rows
    assert [grid[(1, c)] for c in range(4, 9)] == ["法人或其他组织"] * 5
    assert [grid[(2, c)] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert grid[(1, 9)] == grid[(2, 9)] == "总计"
    assert "勾稽关系" in grid[(0, 0)] and grid[(0, 0)] == grid[(2, 2)]


def test_result_groups_are_merged_first_column_cells():
    doc = lxml_html.fromstring(render(load("004"), "html").decode("utf-8"))
    spans = {th.text_content(): int(th.get("rowspan", 1)) for th in doc.xpath("(//table)[2]//th")}
    assert spans["（三）不予公开"] == 8
    assert spans["（四）无法提供"] == 3
    assert spans["（五）不予处理"] == 5
    assert spans["（六）其他处理"] == 3
    # 三、本年度办理结果 covers (一) … (七): 2 + 8 + 3 + 5 + 3 + 1 rows.
    assert spans["三、本年度办理结果"] == 22


def test_real_report_figures_read_back():
    page = render(load("004"), "html").decode("utf-8")
    active, applications, appeals = grids(page)
    # 行政规范性文件 88 / 55 / 698 under 本年制发件数 / 本年废止件数 / 现行有效件数.
    row = next(r for r in range(size(active)[0]) if active[(r, 0)] == "行政规范性文件")
    assert [active[(row, c)] for c in (1, 2, 3)] == ["88", "55", "698"]
    assert [active[(row - 2, c)] for c in (1, 2, 3)] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    fees = next(r for r in range(size(active)[0]) if active[(r, 0)] == "行政事业性收费")
    assert active[(fees, 1)] == active[(fees, 3)] == "9116.36"
    not_held = next(r for r in model.application_rows("2021") if r.key == "unavailable.not_held")
    assert applications_cell(applications, not_held, "自然人") == "37"


def test_appeals_are_fifteen_figures_under_their_headings():
    report = load("004")
    grid = grids(render(report, "html").decode("utf-8"))[2]
    assert size(grid) == (4, 15)
    assert [grid[(0, c)] for c in (0, 4, 5, 14)] == ["行政复议", "行政复议", "行政诉讼", "行政诉讼"]
    assert grid[(1, 0)] == grid[(2, 0)] == "结果维持"
    assert [grid[(1, c)] for c in (5, 9, 10, 14)] == ["未经复议直接起诉"] * 2 + ["复议后起诉"] * 2
    for line_key, line_label in model.APPEAL_LINES:
        heading = line_label.split("·")[-1]
        level = 0 if "·" not in line_label else 1
        cols = [c for c in range(15) if grid[(level, c)] == heading]
        assert len(cols) == 5
        for c, (cell_key, cell_label) in zip(cols, model.APPEAL_CELLS, strict=True):
            assert grid[(2, c)] == cell_label
            assert grid[(3, c)] == expected_text(report["appeals"][line_key][cell_key])


def test_blank_prints_empty_and_zero_prints_zero():
    report = model.empty_report("2021", 2023, "某某局")
    report["applications"]["granted"]["natural_person"] = 0
    report["appeals"]["reconsideration"]["total"] = 0
    _active, applications, appeals = grids(render(report, "html").decode("utf-8"))
    granted = model.application_rows("2021")[2]
    assert applications_cell(applications, granted, "自然人") == "0"
    assert applications_cell(applications, granted, "商业企业") == ""
    assert appeals[(3, 4)] == "0" and appeals[(3, 3)] == ""


def test_2019_format_has_its_own_rows():
    report = load("002")
    page = render(report, "html").decode("utf-8")
    active, applications, _ = grids(page)
    labels = {active[(r, 0)] for r in range(size(active)[0])}
    assert {"其他对外管理服务事项", "政府集中采购", "第二十条第（九）项"} <= labels
    procurement = next(r for r in range(size(active)[0]) if active[(r, 0)] == "政府集中采购")
    assert [active[(procurement, c)] for c in (1, 2)] == ["15", "6805947.43元"]
    licensing = next(r for r in range(size(active)[0]) if active[(r, 0)] == "行政许可")
    assert [active[(licensing, c)] for c in (1, 2, 3)] == ["20", "+17", "37"]  # 本年增/减 keeps its sign
    # 2019: （六）其他处理 is one row spanning the group and item columns.
    other = [r for r in range(size(applications)[0]) if applications[(r, 1)] == "（六）其他处理"]
    assert len(other) == 1 and applications[(other[0], 2)] == "（六）其他处理"


def test_text_is_escaped_everywhere():
    report = model.zero_report("2021", 2024, "<script>alert(1)</script>局")
    page = render(report, "html", prose={"overview": "甲<b>乙</b>&丙\n\n第二段"}, title="标题<i>").decode()
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    doc = lxml_html.fromstring(page)
    assert doc.findtext(".//title") == "标题<i>"
    paragraphs = [p.text_content() for p in doc.xpath("//section[1]/p")]
    assert paragraphs == ["甲<b>乙</b>&丙", "第二段"]


def test_default_title_and_prose_sections():
    report = load("004")
    prose = {"overview": "总体。", "problems": "问题。", "other_matters": "收费0元。"}
    doc = lxml_html.fromstring(render_page(report, prose=prose))
    assert doc.findtext(".//h1") == "平潭综合实验区2022年度政府信息公开工作年度报告"
    assert [h.text_content() for h in doc.iter("h2")] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    sections = doc.xpath("//section")
    assert sections[4].findtext("p") == "问题。" and sections[5].findtext("p") == "收费0元。"


def test_second_level_headings_stand_apart():
    prose = {"overview": "（一）主动公开方面\n全年主动公开信息100条。\n（二）依申请公开方面。共收到申请5件。"}
    doc = lxml_html.fromstring(render_page(model.zero_report(), prose=prose))
    section = doc.xpath("//section")[0]
    assert [h.text_content() for h in section.iter("h3")] == ["（一）主动公开方面"]
    assert [p.text_content() for p in section.iter("p")] == [
        "全年主动公开信息100条。",
        "（二）依申请公开方面。共收到申请5件。",
    ]


def test_fragment_is_embeddable():
    fragment = render_fragment(load("004"))
    assert fragment.lstrip().startswith('<article class="gk-annual-report">')
    assert "<html" not in fragment and "<style" not in fragment
    assert len(lxml_html.fragment_fromstring(fragment).xpath(".//table")) == 3


def test_bad_input_gives_a_chinese_error():
    with pytest.raises(ReportError, match="不支持的导出格式"):
        render(model.zero_report(), "odt")
    with pytest.raises(ReportError, match="未知的年度报告格式"):
        render({"format": "2030"}, "html")
    with pytest.raises(ReportError, match="应为 JSON 对象"):
        render([1, 2], "html")
    report = model.zero_report()
    report["applications"]["withheld"]["state_secret"]["natural_person"] = "五"
    with pytest.raises(ReportError, match="1.属于国家秘密.*自然人.*数字"):
        render(report, "html")
    with pytest.raises(ReportError, match="未知的正文部分"):
        render(model.zero_report(), "html", prose={"summary": "x"})


def test_missing_section_renders_blank_table():
    report = load("008")  # a truncated page: appeals is null as a whole
    assert report["appeals"] is None
    appeals = grids(render(report, "html").decode("utf-8"))[2]
    assert [appeals[(3, c)] for c in range(15)] == [""] * 15


def test_2019_fee_amount_gets_its_column_only_when_present():
    report = model.zero_report("2019", 2020, "某某局")
    active = grids(render(report, "html").decode("utf-8"))[0]
    fees = next(r for r in range(size(active)[0]) if active[(r, 0)] == "行政事业性收费")
    assert [active[(fees - 1, c)] for c in (1, 2, 3)] == ["上一年项目数量", "本年增/减", "本年增/减"]
    report["active_disclosure"]["fees"]["amount_10k_yuan"] = 12.5
    active = grids(render(report, "html").decode("utf-8"))[0]
    assert [active[(fees - 1, c)] for c in (1, 2, 3)] == [
        "上一年项目数量",
        "本年增/减",
        "本年收费金额（单位：万元）",
    ]
    assert [active[(fees, c)] for c in (1, 2, 3)] == ["0", "0", "12.5"]


def test_cell_text_is_escaped():
    """Issue 12 item 7: a text cell (采购总金额 is written as the agency wrote it) read from another
    agency's published page must not become markup — collected reports are shown with mark_safe."""
    report = model.zero_report("2019", 2018, "某局")  # the 2019 format has 政府集中采购
    report["active_disclosure"]["procurement"]["total_amount"] = '<img src=x onerror="alert(1)">万元'
    page = render_fragment(report)
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;万元" in page
    cell = lxml_html.fromstring(page).xpath('//td[@data-path="active_disclosure.procurement.total_amount"]')[
        0
    ]
    assert cell.text_content() == '<img src=x onerror="alert(1)">万元' and not len(cell)
