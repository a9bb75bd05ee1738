"""The Excel export: three sheets, merged headers, figures stored as numbers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from gongkai.rules.annual import model
from gongkai.rules.annual.render import render

CORPUS = Path("/work/shared/corpus/annual-reports")
FIRST = 3  # rows 1–2: report title and section heading


def load(name: str) -> dict:
    path = CORPUS / f"{name}.expected.json"
    if not path.exists():
        pytest.skip(f"corpus file {path} not present")
    return json.loads(path.read_text(encoding="utf-8"))


def workbook(report: dict):
    return openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_three_sheets_named_after_their_sections():
    wb = workbook(load("004"))
    assert wb.sheetnames == [
        model.SECTION_TITLES[k] for k in ("active_disclosure", "applications", "appeals")
    ]
    for ws in wb:
        assert ws["A1"].value == "平潭综合实验区2022年度政府信息公开工作年度报告"
        assert ws["A2"].value == ws.title


def test_applications_sheet_headers_are_merged():
    ws = workbook(load("004"))["三、收到和处理政府信息公开申请情况"]
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged(ws)
    assert (ws["D3"].value, ws["D4"].value, ws["E4"].value, ws["J4"].value) == (
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
    )
    assert [ws.cell(5, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    results = next(
        str(r) for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "三、本年度办理结果"
    )
    assert results == f"A{FIRST + 5}:A{FIRST + 5 + 21}"  # after 3 header rows and rows 一、二; 22 rows
    withheld = next(
        r for r in ws.merged_cells.ranges if ws.cell(r.min_row, r.min_col).value == "（三）不予公开"
    )
    assert (withheld.max_row - withheld.min_row + 1, withheld.min_col) == (8, 2)


def test_figures_are_numbers_in_their_cells():
    report = load("004")
    ws = workbook(report)["三、收到和处理政府信息公开申请情况"]
    columns = {ws.cell(5, c).value: c for c in range(5, 10)} | {"自然人": 4, "总计": 10}
    for i, row in enumerate(model.application_rows("2021")):
        r = FIRST + 3 + i
        label = ws.cell(r, 3).value or ws.cell(r, 2).value or ws.cell(r, 1).value
        assert label == row.label
        cells = model.get_row(report["applications"], row.key)
        for key, col_label in model.COLUMNS:
            value = ws.cell(r, columns[col_label]).value
            assert value == cells[key] and type(value) is int, (row.key, key)
    active = workbook(report)["二、主动公开政府信息情况"]
    by_label = {active.cell(r, 1).value: r for r in range(FIRST, active.max_row + 1)}
    assert [active.cell(by_label["行政规范性文件"], c).value for c in (2, 3, 4)] == [88, 55, 698]
    fee = active.cell(by_label["行政事业性收费"], 2).value
    assert isinstance(fee, float) and fee == pytest.approx(9116.36)
    assert f"B{by_label['行政事业性收费']}:D{by_label['行政事业性收费']}" in merged(active)


def test_appeals_sheet_is_fifteen_numbers_under_merged_headings():
    report = load("004")
    ws = workbook(report)["四、政府信息公开行政复议、行政诉讼情况"]
    assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4", "A4:A5"} <= merged(ws)
    figures = [ws.cell(FIRST + 3, c).value for c in range(1, 16)]
    assert figures == [
        report["appeals"][line][cell] for line, _ in model.APPEAL_LINES for cell, _ in model.APPEAL_CELLS
    ]
    assert all(type(v) is int for v in figures)


def test_blank_stays_empty_zero_stays_zero_text_stays_text():
    report = load("002")
    report["applications"]["new_received"]["research_institution"] = None
    wb = workbook(report)
    apps = wb["三、收到和处理政府信息公开申请情况"]
    assert apps.cell(FIRST + 3, 6).value is None  # blank in the source: empty, not 0
    assert apps.cell(FIRST + 3, 5).value == 0
    active = wb["二、主动公开政府信息情况"]
    by_label = {active.cell(r, 1).value: r for r in range(FIRST, active.max_row + 1)}
    assert active.cell(by_label["政府集中采购"], 3).value == "6805947.43元"
    change = active.cell(by_label["行政许可"], 3)
    assert change.value == 17 and change.number_format == "+0;-0;0"  # a number, shown as +17
