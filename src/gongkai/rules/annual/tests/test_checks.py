"""The consistency rules (勾稽关系) on reports with planted inconsistencies.

The base report is a real one: 平潭综合实验区2024年度 (corpus 005), fully consistent.
"""

import json
from pathlib import Path

import pytest

from gongkai.rules.annual.checks import (
    Finding,
    check_appeals,
    check_balance,
    check_carry_over,
    check_report,
    check_results,
    check_row_totals,
    check_text,
)
from gongkai.rules.annual.model import copy_report, empty_report, get_row

FIXTURES = Path(__file__).parent / "parse_fixtures"


def load(name: str) -> dict:
    report = json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))
    report.pop("ambiguous", None)
    return report


@pytest.fixture
def report():
    return load("005")


def test_a_consistent_real_report_has_no_findings(report):
    assert check_report(report) == []


def test_rule1_row_total_differs_from_the_applicant_columns(report):
    get_row(report["applications"], "withheld.internal_affairs")["total"] = 33  # 32 in the source
    [f] = check_row_totals(report)
    assert (f.rule, f.row, f.column, f.expected, f.found) == (
        1,
        "applications.withheld.internal_affairs",
        "total",
        32,
        33,
    )
    assert "总计" in f.message


def test_rule2_received_and_carried_over_must_equal_handled_and_carried_forward():
    # 上海市人民政府办公厅2025年度 (corpus 007): 上年结转 is not zero (170 natural persons), so a rule
    # that forgot it would flag this consistent report: 1259 new + 170 carried over = 1139 handled + 290.
    report = load("007")
    assert check_balance(report) == []
    report["applications"]["carried_forward"]["natural_person"] = 293  # 290 in the source
    findings = check_balance(report)
    assert [(f.rule, f.column, f.expected, f.found) for f in findings] == [
        (2, "natural_person", 1259 + 170, 1432)
    ]
    assert "本年新收加上年结转（1429）" in findings[0].message


def test_rule3_total_handled_must_be_the_sum_of_the_results(report):
    report["applications"]["granted"]["commercial_enterprise"] = 2  # 0 in the source
    findings = check_results(report)
    assert [(f.rule, f.row, f.column, f.expected, f.found) for f in findings] == [
        (3, "applications.total_handled", "commercial_enterprise", 3, 1)
    ]


def test_rule3_counts_the_2019_single_other_row():
    report = load("001")  # format 2019; the source itself is inconsistent (MANIFEST: R3)
    findings = check_results(report)
    assert [(f.column, f.expected, f.found) for f in findings] == [
        ("natural_person", 26, 20),
        ("total", 27, 21),
    ]
    report["applications"]["other"]["natural_person"] = 0
    assert [(f.column, f.expected) for f in check_results(report)] == [("natural_person", 22), ("total", 27)]


def test_rule4_appeal_line_total(report):
    report["appeals"]["litigation_after_reconsideration"]["pending"] = 1
    [f] = check_appeals(report)
    assert (f.rule, f.row, f.column, f.expected, f.found) == (
        4,
        "appeals.litigation_after_reconsideration",
        "total",
        20,
        19,
    )


def test_null_counts_as_zero_when_adding(report):
    report["applications"]["new_received"]["research_institution"] = None
    assert check_row_totals(report) == []
    report["applications"]["new_received"]["natural_person"] = None  # 217 lost → total no longer adds up
    [f] = check_row_totals(report)
    assert (f.expected, f.found) == (1, 218)


def test_absent_sections_are_not_checked():
    report = empty_report("2021")
    report["applications"] = None
    report["appeals"] = None
    assert check_report(report) == []


def test_truncated_report_gives_the_rule2_artefact_the_manifest_lists():
    findings = check_report(load("008"))
    assert [(f.rule, f.column) for f in findings] == [(2, "natural_person"), (2, "total")]


def test_rule5_carry_over_between_years(report):
    previous = copy_report(report)
    previous["year"] = 2023
    for col in previous["applications"]["carried_forward"]:
        previous["applications"]["carried_forward"][col] = 0
    assert check_carry_over(previous, report) == []
    previous["applications"]["carried_forward"]["natural_person"] = 4
    [f] = check_carry_over(previous, report)
    assert (f.rule, f.row, f.column, f.expected, f.found) == (
        5,
        "applications.carried_over",
        "natural_person",
        4,
        0,
    )


def test_rule5_refuses_years_that_do_not_follow(report):
    previous = copy_report(report)
    previous["year"] = 2021
    with pytest.raises(ValueError, match="相邻两年"):
        check_carry_over(previous, report)


def test_rule6_prose_against_the_table(report):
    text = "2024年，共受理政府信息公开申请218件。行政复议7件，行政诉讼19件。"
    assert check_text(report, text) == []
    wrong = "2024年，共收到政府信息公开申请230件；被申请行政复议8件，提起行政诉讼19件。"
    findings = check_text(report, wrong)
    assert [(f.rule, f.row, f.expected, f.found) for f in findings] == [
        (6, "applications.new_received", 230, 218),
        (6, "appeals.reconsideration", 8, 7),
    ]
    assert "230" in findings[0].message


def test_a_finding_over_a_blank_cell_says_the_blank_counted_as_zero(report):
    """上海市科委 2024 leaves 结转下年度·总计 blank: rules 1 and 2 fail, and the message says why 0."""
    forward = report["applications"]["carried_forward"]
    report["applications"]["carried_forward"] = {
        **forward,
        "natural_person": forward["natural_person"] + 1,
        "total": None,
    }
    findings = [f for f in check_report(report) if f.row.endswith("carried_forward") and f.column == "total"]
    assert [f.rule for f in findings] == [1]
    assert all("空白格，按 0 计" in f.message for f in findings)
    assert all("空白格" not in f.message for f in check_report(load("007")))


def test_rule6_reads_a_count_written_before_the_appeal(report):
    """上海市科委 2024: "有 1 件涉及政府信息公开工作的行政复议…涉及的行政诉讼数为 0 件"."""
    assert check_text(report, "本年有 7 件涉及政府信息公开工作的行政复议，发生19起行政诉讼。") == []
    [f] = check_text(report, "本年有 9 件涉及政府信息公开工作的行政复议。")
    assert (f.row, f.expected, f.found) == ("appeals.reconsideration", 9, 7)
    # A count of something else before the word is not read: "办结3件、行政复议…".
    assert check_text(report, "办结申请3件、行政复议7件") == []


def test_rule6_accepts_received_including_carried_over():
    report = load("007")  # 1295 new + 189 carried over
    assert check_text(report, "市政府共受理政府信息公开申请 1484 件") == []
    assert check_text(report, "市政府共受理政府信息公开申请 1295 件") == []


def test_rule6_reads_the_real_prose_of_a_report():
    report = load("007")
    prose = (FIXTURES / "007.src.txt").read_text("utf-8")
    assert check_text(report, prose) == []
    report["applications"]["new_received"]["total"] = 1296
    assert [f.expected for f in check_text(report, prose)] == [1295]


def test_finding_prints_rule_row_column_expected_and_found():
    f = Finding(
        3, "applications.total_handled", "total", 27, 21, "总计列：办理结果总计应等于各项办理结果之和"
    )
    line = str(f)
    for part in ("规则3", "（七）总计 · 总计", "27", "21"):
        assert part in line
    assert f.as_dict()["expected"] == 27


def test_unknown_format_is_a_clear_error():
    report = empty_report("2021")
    report["format"] = "2020"
    with pytest.raises(ValueError, match="年度报告格式"):
        check_report(report)


def test_rule6_reads_the_count_before_the_word_application(report):
    """平潭 2021 writes "本年度全区共收到70件申请"."""
    assert check_text(report, "本年度全区共收到218件申请，及时依法依规办结。") == []
    [f] = check_text(report, "本年度全区共收到70件申请，及时依法依规办结69件。")
    assert (f.rule, f.expected, f.found) == (6, 70, 218)


def _regulatory(report, issued, repealed, in_force, key="normative_documents"):
    report["active_disclosure"][key] = {"issued": issued, "repealed": repealed, "in_force": in_force}
    return report


def test_rule7_in_force_below_this_years_issued_is_found_without_last_year(report):
    """The issue's case: 行政规范性文件 本年制发 1, 废止 0, 现行有效 0 was "未发现勾稽问题"."""
    [f] = check_report(_regulatory(report, 1, 0, 0))
    assert (f.rule, f.row, f.column, f.expected, f.found) == (
        7,
        "active_disclosure.normative_documents",
        "in_force",
        1,
        0,
    )
    assert "行政规范性文件" in f.message and "现行有效件数（0）少于本年制发（1）减本年废止（0）" in f.message
    assert check_report(_regulatory(report, 1, 0, 1)) == []
    assert check_report(_regulatory(report, 1, 3, 0)) == []  # repealed older ones: nothing to contradict
    assert check_report(_regulatory(report, 1, 0, None)) == []  # a blank is not a statement


def test_rule7_in_force_follows_from_last_years_report(report):
    previous = copy_report(report)
    previous["year"] = report["year"] - 1
    _regulatory(previous, 5, 1, 20)
    for col in previous["applications"]["carried_forward"]:  # rule 5 agrees, so only rule 7 speaks
        previous["applications"]["carried_forward"][col] = report["applications"]["carried_over"][col]
    assert check_report(_regulatory(report, 3, 2, 21), previous=previous) == []
    [f] = check_report(_regulatory(report, 3, 2, 25), previous=previous)
    assert (f.rule, f.expected, f.found) == (7, 21, 25)
    assert "上年现行有效（20）加本年制发（3）减本年废止（2）" in f.message
    _regulatory(report, 3, 2, 21)
    [f] = check_report(_regulatory(report, 2, 0, 0, key="rules"), previous=previous)
    assert (f.row, f.expected, f.found) == ("active_disclosure.rules", 0 + 2 + 0, 0) and "规章" in f.message


def test_rule7_reads_no_in_force_from_the_2019_format():
    old = empty_report("2019")
    assert [f for f in check_report(old) if f.rule == 7] == []
