"""The parser on each way a report's tables get flattened, with real reports.

Fixtures in ``parse_fixtures/`` are copies of the shared corpus (labels per the spec) and of
seed 001; their quirks are described in the corpus MANIFEST.
"""

import json
import re
from pathlib import Path

import pytest

from gongkai.rules.annual.model import get_row
from gongkai.rules.annual.parse import parse_text
from gongkai.rules.annual.tests.flatten import cells
from gongkai.rules.text import to_traditional

FIXTURES = Path(__file__).parent / "parse_fixtures"


def source(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def label(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))


def differences(report: dict, expected: dict) -> dict:
    """Cells where the parse differs from the label; an ``ambiguous`` cell may be null."""
    ambiguous = set(expected.get("ambiguous", []))
    out = {}
    for section in ("active_disclosure", "applications", "appeals"):
        if expected[section] is None:
            if report[section] is not None:
                out[section] = ("absent", "present")
            continue
        got = cells(report[section], section)
        for path, value in cells(expected[section], section).items():
            if got.get(path) != value and not (path in ambiguous and got.get(path) is None):
                out[path] = (value, got.get(path))
    return out


def warned(result, where: str) -> list[str]:
    return [w.message for w in result.warnings if w.where == where]


# --- glued cells (text extraction without separators) ------------------------------------------


def test_glued_cells_are_split_by_the_rows_own_sums():
    """平潭 2020: '一、本年新收政府信息公开申请数量200 000121' is 20/0/0/0/0/1/21."""
    result = parse_text(source("001.src.txt"))
    report = result.report
    assert (report["format"], report["year"], report["agency"]) == ("2019", 2020, "平潭综合实验区")
    assert differences(report, label("001")) == {
        "active_disclosure/procurement/projects": (395, None),
        "active_disclosure/procurement/total_amount": ("73802895.90元", None),
    }
    assert list(get_row(report["applications"], "new_received").values()) == [20, 0, 0, 0, 0, 1, 21]


def test_glued_cells_with_several_splits_are_blank_with_a_warning_never_a_guess():
    result = parse_text(source("001.src.txt"))
    active = result.report["active_disclosure"]
    assert active["licensing"] == {
        "previous_year_items": None,
        "change": None,
        "decisions": None,
    }  # 396442278
    assert active["procurement"] == {"projects": None, "total_amount": None}  # 39573802895.90元
    # "2648-18538": the minus sign starts 本年增/减, so 上一年项目数量 is certain.
    assert active["penalty"]["previous_year_items"] == 2648
    assert active["penalty"]["change"] is None
    assert any("拆分方式不唯一" in m for m in warned(result, "active_disclosure.licensing"))
    assert active["rules"] == {"new_made": 0, "new_disclosed": 0, "total_disclosed": 7}  # "007": one split


def test_glued_appeals_line_is_split_by_rule4():
    """平潭 2024: '21317000001324019' = 2,1,3,1,7 / 0,0,0,0,0 / 13,2,4,0,19."""
    result = parse_text(source("005.src.txt"))
    assert differences(result.report, label("005")) == {}
    assert result.report["appeals"]["litigation_after_reconsideration"] == {
        "upheld": 13,
        "corrected": 2,
        "other": 4,
        "pending": 0,
        "total": 19,
    }
    assert result.findings == []


def test_source_inconsistency_is_kept_and_reported():
    result = parse_text(source("001.src.txt"))
    assert result.report["applications"]["total_handled"]["natural_person"] == 20  # as published
    assert [(f.rule, f.column) for f in result.findings] == [(3, "natural_person"), (3, "total")]


# --- one cell per line -----------------------------------------------------------------------


def test_seed_001_one_cell_per_line_fills_section_2_and_leaves_section_3_null_with_a_warning():
    result = parse_text(source("seed_001.txt"))
    report = result.report
    assert (report["format"], report["year"], report["agency"]) == ("2021", 2023, "岳阳市民政局")
    assert report["active_disclosure"]["normative_documents"] == {"issued": 3, "repealed": 1, "in_force": 16}
    assert report["active_disclosure"]["licensing"] == {"decisions": 112}
    assert report["active_disclosure"]["fees"] == {"amount_10k_yuan": None}  # blank, not 0
    apps = report["applications"]
    assert apps is not None
    assert all(v is None for v in cells(apps).values())
    assert any("全部缺失" in m for m in warned(result, "applications"))
    assert report["appeals"]["reconsideration"]["total"] == 0  # written zeros stay zeros
    assert differences(report, label("seed_001")) == {}  # corpus 006 is seed 001 byte for byte


def test_one_cell_per_line_with_a_missing_cell_is_blank_not_shifted():
    text = source("seed_001.txt").replace("行政规范性文件\n\n3\n\n1\n\n16", "行政规范性文件\n\n3\n\n16")
    result = parse_text(text)
    assert result.report["active_disclosure"]["normative_documents"] == {
        "issued": None,
        "repealed": None,
        "in_force": None,
    }
    assert warned(result, "active_disclosure.normative_documents")


# --- pipe text, tabs, markdown ------------------------------------------------------------------


def test_pipe_text_cut_short_keeps_complete_cells_and_nulls_the_rest():
    """官洲街道 2023: the excerpt stops after '6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0'."""
    result = parse_text(source("008.src.txt"))
    assert differences(result.report, label("008")) == {}
    assert result.report["appeals"] is None
    assert get_row(result.report["applications"], "withheld.process_information")["total"] is None
    assert any("中断" in m for m in warned(result, "applications"))


def test_rows_joined_by_tabs():
    text = source("008.src.txt").replace(" | ", "\t").replace(" |", "\t")
    assert differences(parse_text(text).report, label("008")) == {}


def test_pipe_text_with_empty_cell_pipes():
    """平湖 2024 excerpt: '第二十条第(一)项 | |||', cut inside the 第(六)项 block."""
    result = parse_text(source("010.src.txt"))
    assert differences(result.report, label("010")) == {}
    assert result.report["agency"] is None  # the text says only 我局
    assert result.report["applications"] is None and result.report["appeals"] is None
    assert warned(result, "applications")


def test_broken_markdown_from_a_pdf_with_floating_labels():
    """上海市政府办公厅 2025: rows whose labels floated away are placed by table order and count."""
    result = parse_text(source("007.src.txt"))
    report = result.report
    diff = differences(report, label("007"))
    # 表二's rows lost their two-line cell each ("| 规章 | 22 | 235 |"); the cells float above the
    # table. "55（含自然失效 29 件）" names its column (失效 → 本年废止), so 行政规范性文件 is whole;
    # "22（其中修订 16 件）" does not (a revision is issued and repeals), so 规章 stays blank.
    assert diff == {
        "active_disclosure/rules/issued": (22, None),
        "active_disclosure/rules/in_force": (235, None),
    }
    assert report["active_disclosure"]["normative_documents"] == {
        "issued": 34,
        "repealed": 55,
        "in_force": 189,
    }
    assert any("无法确定缺的是哪一列" in m for m in warned(result, "active_disclosure.rules"))
    assert any("本年废止件数" in m for m in warned(result, "active_disclosure.normative_documents"))
    assert get_row(report["applications"], "not_processed.confirmation")["total"] == 0
    assert get_row(report["applications"], "other.no_correction")["total"] == 43
    assert result.findings == []


def test_markdown_table():
    rows = source("008.src.txt").split("\n")
    md = "\n".join(f"| {line.rstrip(' |')} |" if "|" in line else line for line in rows)
    md = md.replace("| 第二十条第(一)项 |", "| 第二十条第(一)项 |\n|---|---|---|---|")
    assert differences(parse_text(md).report, label("008")) == {}


# --- damaged text -------------------------------------------------------------------------------


def test_traditional_script_with_pinyin_residue():
    text = to_traditional(source("008.src.txt"))
    text = text.replace("據", "據(jù)").replace("關", "關(guān)").replace("務", "務(wù)")
    assert "據(jù)" in text or "務(wù)" in text
    result = parse_text(text)
    assert differences(result.report, label("008")) == {}
    assert result.report["agency"] == "官洲街道办事处"
    notes = warned(result, "source")
    assert any("繁体" in n for n in notes) and any("拼音" in n for n in notes)


def test_fullwidth_digits_thousands_separators_spaces_and_split_labels():
    """上海 2025 rows written the way typists do: full-width digits, 1,259, labels over two lines."""
    text = source("007.src.txt")
    text = text.replace(
        "| 一、本年新收政府信息公开申请数量 | 1259 | 36 |",
        "| 一、本年新收政府信息\n公开申请数量 | １,２５９ | ３６ |",
    )
    text = text.replace("| 四、结转下年度继续办理 | 290 |", "| 四、结转下年度  继续办理 | ２９０ |")
    result = parse_text(text)
    apps = result.report["applications"]
    assert apps["new_received"] == {
        "natural_person": 1259,
        "commercial_enterprise": 36,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 0,
        "other_org": 0,
        "total": 1295,
    }
    assert apps["carried_forward"]["natural_person"] == 290
    assert result.findings == []


@pytest.mark.parametrize("blank", ["/", "—", "-", "无", "——", ""])
def test_blank_marks_are_null_and_written_zero_stays_zero(blank):
    text = source("008.src.txt").replace("行政强制 | 0 |", f"行政强制 | {blank} |")
    text = text.replace("规章 | 0 | 0 | 0 |", f"规章 | 0 | {blank} | 0 |")
    report = parse_text(text).report
    assert report["active_disclosure"]["coercion"] == {"decisions": None}
    assert report["active_disclosure"]["rules"] == {"issued": 0, "repealed": None, "in_force": 0}


def test_words_in_labels_are_not_read_as_blanks():
    """'（四）无法提供' split as '（四）无' must not become a blank cell (上海 2025)."""
    result = parse_text(source("007.src.txt"))
    assert get_row(result.report["applications"], "unavailable.not_held")["total"] == 513


def test_report_without_tables_is_all_null_with_warnings():
    text = "某某局2017年政府信息公开工作报告\n一、概述\n2017年，我局共主动公开信息120条，受理申请3件。"
    result = parse_text(text)
    assert not result.found_tables
    assert result.report["applications"] is None
    assert {w.where for w in result.warnings} >= {"active_disclosure", "applications", "appeals"}


def test_no_cell_is_zero_when_the_source_has_no_number():
    result = parse_text(source("seed_001.txt"))
    zeros_in_section_3 = [v for v in cells(result.report["applications"]).values() if v == 0]
    assert zeros_in_section_3 == []
    assert re.search(r"一、本年新收政府信息公开申请数量\n+二、", source("seed_001.txt"))


# --- real reports outside the development corpus ------------------------------------------------


def test_markdown_rows_whose_labels_floated_away_are_placed_by_table_order():
    """上海市科委 2024: '| 0 | 0 | 0 | 0 | 0 | 0 | 0 |' rows after floating labels."""
    result = parse_text(source("kewei_2024_excerpt.md"))
    report = result.report
    assert (report["format"], report["year"], report["agency"]) == ("2021", 2024, "上海市科委")
    apps = report["applications"]
    totals = {
        key: get_row(apps, key)["total"]
        for key in (
            "granted",
            "partially_granted",
            "withheld.internal_affairs",
            "withheld.process_information",
            "unavailable.not_held",
            "unavailable.needs_creation",
            "unavailable.still_unclear",
            "other.no_correction",
            "other.fee_unpaid",
            "other.other",
            "total_handled",
        )
    }
    # The prose: 同意公开 9, 部分公开 0, 不予公开 2, 无法提供 10, 不予处理 0, 其他处理 14.
    assert totals == {
        "granted": 9,
        "partially_granted": 0,
        "withheld.internal_affairs": 1,
        "withheld.process_information": 1,
        "unavailable.not_held": 4,
        "unavailable.needs_creation": 6,
        "unavailable.still_unclear": 0,
        "other.no_correction": 10,
        "other.fee_unpaid": 0,
        "other.other": 4,
        "total_handled": 35,
    }
    # '| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |': the total's cell is empty → null, and
    # the stray '1' that floated elsewhere is not guessed into it.
    assert apps["carried_forward"] == {
        "natural_person": 1,
        "commercial_enterprise": 0,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 0,
        "other_org": 0,
        "total": None,
    }
    assert report["appeals"]["reconsideration"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert report["active_disclosure"]["normative_documents"] == {"issued": 13, "repealed": 0, "in_force": 55}


def test_glued_rows_with_two_splits_are_settled_by_the_column_rules():
    """平潭 2021: '（一）予以公开270020130' is 27/0/0/2/0/1/30 or 2/7/0/0/20/1/30 by its own sum;
    only the first makes every column add up (rules 2 and 3)."""
    result = parse_text(source("pingtan_2021_excerpt.txt"))
    apps = result.report["applications"]
    assert list(apps["granted"].values()) == [27, 0, 0, 2, 0, 1, 30]
    assert list(get_row(apps, "unavailable.not_held").values()) == [22, 0, 0, 0, 0, 3, 25]
    assert result.findings == []
    assert any("规则2、3" in m for m in warned(result, "applications.granted"))
    # 表二 '行政规范性文件693665' has no such rule to settle it.
    assert result.report["active_disclosure"]["normative_documents"]["issued"] is None


def test_glued_report_not_in_the_corpus_agrees_with_its_own_prose():
    """平潭 2023: 予以公开及部分公开42件, 不予公开5件, 无法提供31件, 不予处理1件, 其他处理2件,
    行政复议案件2件、行政诉讼案件7件 — all read from the glued tables; 表二 '77132470' stays blank."""
    result = parse_text(source("pingtan_2023_excerpt.txt"))
    report, apps = result.report, result.report["applications"]
    assert (report["format"], report["year"], report["agency"]) == ("2021", 2023, "平潭综合实验区")
    assert apps["granted"]["total"] + apps["partially_granted"]["total"] == 42
    assert sum(row["total"] for row in apps["withheld"].values()) == 5
    assert sum(row["total"] for row in apps["unavailable"].values()) == 31
    assert list(apps["partially_granted"].values()) == [19, 1, 0, 0, 0, 0, 20]
    assert report["appeals"]["reconsideration"] == {
        "upheld": 1,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 2,
    }
    assert (
        report["appeals"]["litigation_direct"]["total"]
        + report["appeals"]["litigation_after_reconsideration"]["total"]
        == 7
    )
    assert report["active_disclosure"]["licensing"] == {"decisions": 2629}
    assert set(report["active_disclosure"]["normative_documents"].values()) == {None}
    assert result.findings == []


def test_glued_2019_report_with_a_unit_between_count_and_amount():
    """平潭旅游与文化体育局 2019: '政府集中采购1个246900元'; '行政许可11315' has six splits."""
    result = parse_text(source("pingtan_tourism_2019_excerpt.txt"))
    active = result.report["active_disclosure"]
    assert result.report["format"] == "2019"
    assert active["procurement"] == {"projects": 1, "total_amount": "246900元"}
    assert set(active["licensing"].values()) == {None}
    assert warned(result, "active_disclosure.licensing")
    assert result.report["applications"]["other"]["total"] == 0
    assert result.findings == []


def test_column_rules_do_not_settle_a_split_when_the_source_itself_is_inconsistent():
    text = source("pingtan_2021_excerpt.txt").replace("（七）总计630020469", "（七）总计640020470")
    apps = parse_text(text).report["applications"]
    assert apps["granted"]["natural_person"] is None
    assert apps["granted"]["total"] == 30


def test_one_cell_per_line_web_excerpt_cut_inside_section_2():
    """中埠镇 2020: the excerpt stops at '第二十条第(八)项 … 行政' (bullets and indents of the page kept)."""
    result = parse_text(source("009.src.txt"))
    assert differences(result.report, label("009")) == {}
    assert result.report["active_disclosure"]["fees"] == {"previous_year_items": None, "change": None}
    assert result.report["applications"] is None and result.report["appeals"] is None


@pytest.mark.parametrize(
    ("tail", "penalty"), [("行政处罚 | 14", None), ("行政处罚 | 1472 |", 1472), ("行政处罚 | 0", 0)]
)
def test_a_number_at_the_very_end_of_a_cut_source_may_be_incomplete(tail, penalty):
    text = source("008.src.txt")
    text = text[: text.index("行政处罚 | 1472 |")] + tail
    result = parse_text(text)
    assert result.report["active_disclosure"]["penalty"] == {"decisions": penalty}
    if penalty is None:
        assert any("截断" in m for m in warned(result, "active_disclosure.penalty"))


def test_a_row_of_whole_numbers_short_of_one_cell_is_blank_not_re_split():
    """PDF text keeps numbers whole and drops blank cells: '(一)予以公开 201 5 0 0 0 206' (6 of 7)."""
    text = source("007.src.txt").replace(
        "| （一）予以公开 | 201 | 5 | 0 | 0 | 0 | 0 | 206 |", "（一）予以公开 201 5 0 0 0 206"
    )
    result = parse_text(text)
    assert set(result.report["applications"]["granted"].values()) == {None}
    assert any("空白格" in m for m in warned(result, "applications.granted"))


def test_2019_fee_row_with_the_optional_amount_column():
    """Some 2019-format tables add 本年收费金额 to 行政事业性收费; the spec keeps it as amount_10k_yuan."""
    text = source("009.src.txt") + (
        "\n\n本年增/减\n\n本年收费金额(单位:万元)\n\n行政事业性收费\n\n3\n\n-1\n\n12.5\n\n"
        "第二十条第(九)项\n\n信息内容\n\n采购项目数量\n\n采购总金额\n\n政府集中采购\n\n2\n\n"
        "35.6万元\n"
    )
    fees = parse_text(text).report["active_disclosure"]
    assert fees["fees"] == {"previous_year_items": 3, "change": -1, "amount_10k_yuan": 12.5}
    assert fees["procurement"] == {"projects": 2, "total_amount": "35.6万元"}


def test_total_row_written_heji():
    text = source("008.src.txt")
    text = text.replace(
        "6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0",
        "6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n(七)合计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    )
    apps = parse_text(text).report["applications"]
    assert apps["total_handled"]["total"] == 1
    assert get_row(apps, "withheld.enforcement_files")["total"] is None  # rows in between: not there


FLOAT_007 = "55\n（含自然失效 29 件）"


def test_a_floating_cell_is_placed_only_when_the_floats_match_the_short_rows():
    """One float more or fewer than the rows short of a cell: no pairing is certain, all blank."""
    text = source("007.src.txt")
    assert FLOAT_007 in text
    extra = parse_text(text.replace(FLOAT_007, FLOAT_007 + "\n12（含宣布失效 3 件）")).report
    gone = parse_text(text.replace(FLOAT_007, "")).report
    for report in (extra, gone):
        assert set(report["active_disclosure"]["normative_documents"].values()) == {None}


def test_a_floating_cell_whose_remark_names_no_column_is_not_placed():
    text = source("007.src.txt").replace(FLOAT_007, "55\n（其中市政府令 29 件）")
    result = parse_text(text)
    assert set(result.report["active_disclosure"]["normative_documents"].values()) == {None}
    assert any("无法确定缺的是哪一列" in m for m in warned(result, "active_disclosure.normative_documents"))


def test_a_floating_cell_naming_the_in_force_column_fills_it():
    text = source("007.src.txt").replace(FLOAT_007, "189\n（现行有效，含修订后重新发布 29 件）")
    text = text.replace("| 行政规范性文件 | 34 | 189 |", "| 行政规范性文件 | 34 | 55 |")
    normative = parse_text(text).report["active_disclosure"]["normative_documents"]
    assert normative == {"issued": 34, "repealed": 55, "in_force": 189}
