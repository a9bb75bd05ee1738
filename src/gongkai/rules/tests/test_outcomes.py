"""The 21 reply outcomes of the 2021 format, their legal basis and remedy notices; applicant kinds."""

from collections import Counter

import pytest

from gongkai.rules.annual import model
from gongkai.rules.outcomes import (
    APPLICANT_KINDS,
    OUTCOME_CODES,
    OUTCOMES,
    Group,
    OutcomeError,
    applicant_column,
    get_outcome,
    outcome_choices,
)


def test_outcomes_are_exactly_the_result_rows_of_the_2021_format():
    assert tuple(r.key for r in model.result_rows("2021")) == OUTCOME_CODES
    assert [o.row_label for o in OUTCOMES] == [r.label for r in model.result_rows("2021")]


def test_group_sizes_match_the_national_table():
    sizes = Counter(o.group for o in OUTCOMES)
    assert sizes == {
        Group.GRANTED: 1,
        Group.PARTIALLY_GRANTED: 1,
        Group.WITHHELD: 8,
        Group.UNAVAILABLE: 3,
        Group.NOT_PROCESSED: 5,
        Group.OTHER: 3,
    }
    assert [g.label for g in Group] == [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ]


@pytest.mark.parametrize(
    ("code", "article"),
    [
        ("withheld.state_secret", "第十四条"),
        ("withheld.prohibited_by_law", "第十四条"),
        ("withheld.security_stability", "第十四条"),
        ("withheld.third_party_rights", "第十五条"),
        ("withheld.internal_affairs", "第十六条第一款"),
        ("withheld.process_information", "第十六条第二款"),
        ("withheld.enforcement_files", "第十六条第二款"),
        ("unavailable.needs_creation", "第三十八条"),
        ("unavailable.still_unclear", "第三十条"),
        ("not_processed.complaint", "第三十九条第一款"),
        ("not_processed.publication", "第三十九条第二款"),
        ("not_processed.excessive", "第三十五条"),
        ("other.no_correction", "第三十条"),
        ("other.fee_unpaid", "第四十二条"),
        ("partially_granted", "第三十七条"),
    ],
)
def test_legal_basis_per_row(code, article):
    assert article in get_outcome(code).basis


def test_basis_text_names_the_regulation_once():
    text = get_outcome("unavailable.not_held").basis_text
    assert text == "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第三十六条第（五）项"
    assert "国办函〔2020〕109号" in get_outcome("other.fee_unpaid").basis_text


def test_refusals_go_to_reconsideration_first():
    refusals = {o.code for o in OUTCOMES if o.is_refusal}
    assert refusals == {c for c in OUTCOME_CODES if c.startswith("withheld.")} | {"partially_granted"}
    text = get_outcome("withheld.state_secret").remedy_text("湖北省民政厅", "随州市中级人民法院")
    assert "60日" in text and "第二十三条第一款第（四）项" in text and "应当先申请行政复议" in text
    assert "向湖北省民政厅申请行政复议" in text
    assert "6个月" not in text and "第四十六条" not in text  # no direct lawsuit offered


def test_other_outcomes_offer_both_remedies_under_the_narrow_reading():
    text = get_outcome("unavailable.not_held").remedy_text("随州市人民政府", "曾都区人民法院", "narrow")
    assert "60日" in text and "《中华人民共和国行政复议法》第二十条" in text
    assert "6个月" in text and "《中华人民共和国行政诉讼法》第四十六条" in text
    assert "向曾都区人民法院提起行政诉讼" in text and "第二十三条" not in text


# 行政复议法 2023 Art. 23 ¶1 (四): which groups must go to 行政复议 before a lawsuit, per reading.
FIRST = {
    "narrow": {"不予公开", "部分公开"},
    "broad": {"不予公开", "部分公开", "无法提供", "不予处理", "其他处理"},
}


@pytest.mark.parametrize("reading", ["broad", "narrow"])
def test_reconsideration_first_follows_the_reading(reading):
    for outcome in OUTCOMES:
        text = outcome.remedy_text("随州市人民政府", "", reading)
        first = outcome.group.label in FIRST[reading]
        assert ("应当先申请行政复议" in text) is first, (reading, outcome.code)
        assert ("6个月内" in text) is not first, (reading, outcome.code)


def test_the_default_reading_is_broad():
    assert "应当先申请行政复议" in get_outcome("unavailable.not_held").remedy_text("随州市人民政府")
    assert "6个月内" in get_outcome("granted").remedy_text("随州市人民政府")
    with pytest.raises(ValueError, match="wide"):
        get_outcome("granted").remedy_text("随州市人民政府", "", "wide")


def test_an_unnamed_reconsideration_body_is_a_visible_gap():
    """行政复议法 2023 Art. 20 ¶3: the body must be named, else the 60 days run up to a year."""
    for outcome in OUTCOMES:
        assert "向【请填写行政复议机关】申请行政复议" in outcome.remedy_text("")


def test_each_outcome_has_its_own_letter_template_and_a_choice_label():
    assert len(OUTCOMES) == 21  # 1 + 1 + 8 + 3 + 5 + 3 (the brief said 20)
    assert len({o.letter_template for o in OUTCOMES}) == len(OUTCOMES)
    choices = dict(outcome_choices())
    assert choices["granted"] == "予以公开" and choices["withheld.state_secret"] == "不予公开·属于国家秘密"


@pytest.mark.parametrize("bad", ["withheld", "refused", "", None])
def test_unknown_outcome_is_refused_in_chinese(bad):
    with pytest.raises(OutcomeError, match="未知的答复结果"):
        get_outcome(bad)


def test_applicant_kinds_are_the_report_columns():
    assert [k.column for k in APPLICANT_KINDS] == list(model.APPLICANT_KEYS)
    assert [k.category for k in APPLICANT_KINDS] == ["自然人"] + ["法人或其他组织"] * 5
    assert applicant_column("legal_service_org") == "legal_service_org"
    with pytest.raises(OutcomeError, match="未知的申请人类型“company”"):
        applicant_column("company")
