"""Layouts of real reports the development corpus lacks (issue 15): each read cell for cell.

The reports are drawn at random (rules 1–4 hold) and written in the layout by
:mod:`gongkai.rules.annual.tests.layouts`; every cell is compared with the report itself. The one
thing that must never happen is a wrong number: where the text cannot decide, a blank with a
warning is the answer.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongkai.rules.annual.model import FORMAT_2019, FORMAT_2021
from gongkai.rules.annual.parse import parse_bytes, parse_file, parse_text
from gongkai.rules.annual.parse.extract import html_text
from gongkai.rules.annual.tests.flatten import compare, flatten, random_report, with_blanks
from gongkai.rules.annual.tests.layouts import (
    cell_lines_with_bars,
    procurement_glued,
    without_legal_persons,
    word_html,
)

FIXTURES = Path(__file__).parent / "parse_fixtures"
FORMATS = [(FORMAT_2021, 2023), (FORMAT_2019, 2020)]


def _reports(n: int, blanks: bool = False):
    for i in range(n):
        rng = random.Random(1500 + i)
        fmt, year = FORMATS[i % 2]
        report = random_report(rng, fmt, year)
        yield i, (with_blanks(report, rng, share=0.1) if blanks else report)


# --- 1. Word-pasted HTML ------------------------------------------------------------------------


def test_word_html_with_the_legal_person_columns_blank_reads_every_cell():
    for i, report in _reports(6):
        truth = without_legal_persons(report)
        page = word_html(truth, random.Random(i))
        assert "<o:p>" in page and "mso-" in page  # the layout the issue describes
        result = parse_bytes(page.encode("utf-8"), "report.htm")
        n, wrong, blank = compare(result.report, truth)
        assert (wrong, blank) == ([], []), f"report {i}"
        assert result.report["applications"]["new_received"] == {
            **dict.fromkeys(
                (
                    "commercial_enterprise",
                    "research_institution",
                    "social_welfare_org",
                    "legal_service_org",
                    "other_org",
                )
            ),
            "natural_person": truth["applications"]["new_received"]["natural_person"],
            "total": truth["applications"]["new_received"]["natural_person"],
        }
        assert not [w for w in result.warnings if "应为7个" in w.message]


def test_word_html_with_scattered_blank_cells_reads_every_cell():
    for i, report in _reports(6, blanks=True):
        result = parse_bytes(word_html(report, random.Random(i)).encode("utf-8"), "report.html")
        _n, wrong, blank = compare(result.report, report)
        assert (wrong, blank) == ([], []), f"report {i}"


def test_a_line_break_in_the_markup_of_a_cell_does_not_end_its_row():
    # Word wraps its HTML lines anywhere, inside <td> and <p> too; a browser shows a space.
    page = (
        "<table><tr><td width=200 valign=top style='border:solid windowtext 1.0pt'>\n"
        "  <p class=MsoNormal><span lang=EN-US>一、本年新收政府</span><span>信息公开申请数量</span></p>\n"
        "  </td>\n  <td>\n  <p class=MsoNormal align=center><span lang=EN-US>12<o:p></o:p></span></p>\n  </td>\n"
        "  <td>\n  <p class=MsoNormal><o:p>&nbsp;</o:p></p>\n  </td>\n"
        "  <td>\n  <p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>\n  </td>\n"
        "  <td>\n  <p class=MsoNormal><span lang=EN-US>12<o:p></o:p></span></p>\n  </td>\n </tr></table>"
    )
    row = [line for line in html_text(page).split("\n") if "新收" in line]
    assert len(row) == 1
    cells = [c.strip(" \u00a0") for c in row[0].split("\t")]
    assert cells == ["一、本年新收政府信息公开申请数量", "12", "", "", "12"]


def test_white_space_inside_pre_is_kept():
    assert html_text("<pre>规章\n3</pre>").strip().split("\n") == ["规章", "3"]


# --- 2. one cell per line, each closed by a bar --------------------------------------------------


def test_cells_one_per_line_closed_by_bars_read_every_cell():
    for i, report in _reports(6):
        text = cell_lines_with_bars(report)
        assert "第二十条第（一）项 |" in text and "\n0 |\n" in text
        result = parse_text(text)
        _n, wrong, blank = compare(result.report, report)
        assert (wrong, blank) == ([], []), f"report {i}"


def test_a_bar_alone_on_its_line_is_an_empty_cell_that_keeps_its_place():
    for i, report in _reports(6, blanks=True):
        text = cell_lines_with_bars(report)
        result = parse_text(text)
        _n, wrong, blank = compare(result.report, report)
        assert (wrong, blank) == ([], []), f"report {i}"


def test_a_pipe_table_with_several_cells_a_line_is_not_taken_for_cell_lines():
    # Rows like "规章 | 5 | 0 | 3 |" hold several cells: the closing bar is not a span.
    report = random_report(random.Random(7), FORMAT_2021, 2023)
    text, _name = flatten(report, "pipes")
    text = "\n".join(line.removeprefix("| ") for line in text.split("\n"))
    _n, wrong, blank = compare(parse_text(text).report, report)
    assert (wrong, blank) == ([], [])


# --- 3. a count glued to its amount -------------------------------------------------------------


def _procurement(text: str):
    result = parse_text(text)
    warnings = [w.message for w in result.warnings if w.where == "active_disclosure.procurement"]
    return result.report["active_disclosure"]["procurement"], warnings


@pytest.fixture
def report_2019():
    report = random_report(random.Random(3), FORMAT_2019, 2020)
    report["active_disclosure"]["procurement"] = {"projects": 135, "total_amount": "75394432.52元"}
    return report


def test_count_and_amount_apart_by_a_space_are_read(report_2019):
    cells, warnings = _procurement(procurement_glued(report_2019, "spaced"))
    assert cells == {"projects": 135, "total_amount": "75394432.52元"}
    assert warnings == []


def test_count_glued_to_its_amount_is_blank_with_the_readings_listed(report_2019):
    text = procurement_glued(report_2019, "glued")
    assert "13575394432.52元" in text
    cells, warnings = _procurement(text)
    assert cells == {"projects": None, "total_amount": None}
    assert len(warnings) == 1
    # the whole run as the amount (count blank), or a count of 1 to 10 digits before it
    assert "分界无法确定" in warnings[0] and "数量13、金额575394432.52元" in warnings[0]
    assert "共11种" in warnings[0]


def test_glued_to_an_amount_with_thousands_separators_is_never_misread(report_2019):
    text = procurement_glued(report_2019, "glued").replace("13575394432.52元", "13575,394,432.52元")
    cells, warnings = _procurement(text)
    assert cells == {"projects": None, "total_amount": None}  # not 13575 and 394432.52元
    assert "共3种" in warnings[0]


def test_a_count_of_zero_glued_to_its_amount_is_decided_by_the_format(report_2019):
    # No amount starts with 0 before its decimal point and no count but 0 does: one reading.
    text = procurement_glued(report_2019, "glued").replace("13575394432.52元", "075394432.52元")
    cells, warnings = _procurement(text)
    assert cells == {"projects": 0, "total_amount": "75394432.52元"}
    assert "只能拆为0和75394432.52元" in warnings[0]


def test_a_unit_after_a_space_stays_with_its_amount(report_2019):
    text = procurement_glued(report_2019, "spaced").replace("75394432.52元", "75394432.52 元")
    cells, _warnings = _procurement(text)
    assert cells == {"projects": 135, "total_amount": "75394432.52元"}


def test_corpus_glued_procurement_stays_blank_with_a_warning():
    # Corpus 001: "政府集中采购39573802895.90元" is 395 / 73802895.90元 per the published page, but
    # 3 / 9573802895.90元 and eight other readings fit the text as well.
    result = parse_file(FIXTURES / "001.src.txt")
    assert result.report["active_disclosure"]["procurement"] == {"projects": None, "total_amount": None}
    (warning,) = [w.message for w in result.warnings if w.where == "active_disclosure.procurement"]
    assert "39573802895.90元" in warning and "分界无法确定" in warning and "共10种" in warning
