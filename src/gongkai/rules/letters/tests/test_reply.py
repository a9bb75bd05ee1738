import dataclasses
import datetime as dt

import pytest

from gongkai.rules.letters.model import (
    LetterError,
    issued_number,
    letter_from_dict,
    letter_number,
    letter_to_dict,
    unnumbered,
)
from gongkai.rules.letters.reply import REPLY_TITLE, compose_reply
from gongkai.rules.outcomes import OUTCOMES, OutcomeError

from .conftest import make_facts

# What each letter must say it decided (beyond the articles).
DECISIONS = {
    "granted": "本机关予以公开",
    "partially_granted": "对可以公开的部分予以公开",
    "withheld.state_secret": "本机关决定不予公开",
    "withheld.prohibited_by_law": "本机关决定不予公开",
    "withheld.security_stability": "本机关决定不予公开",
    "withheld.third_party_rights": "本机关决定不予公开",
    "withheld.internal_affairs": "本机关决定不予公开",
    "withheld.process_information": "本机关决定不予公开",
    "withheld.enforcement_files": "本机关决定不予公开",
    "withheld.administrative_query": "不通过政府信息公开程序提供",
    "unavailable.not_held": "该政府信息不存在",
    "unavailable.needs_creation": "本机关不予提供",
    "unavailable.still_unclear": "本机关无法向您提供该政府信息",
    "not_processed.complaint": "不作为政府信息公开申请处理",
    "not_processed.duplicate": "不予重复处理",
    "not_processed.publication": "可以告知获取的途径",
    "not_processed.excessive": "本机关不予处理",
    "not_processed.confirmation": "不作为政府信息公开申请处理",
    "other.no_correction": "视为您放弃申请",
    "other.fee_unpaid": "视为您放弃申请",
    "other.other": "作如下处理",
}
# The outcome has no article of its own; the letter cites what it rests on instead.
EXTRA_ARTICLES = {"not_processed.confirmation": "《条例》第二条"}
ALTERNATIVE_ARTICLES = {"granted", "unavailable.not_held"}


def test_every_outcome_has_a_decision_sentence_here():
    assert set(DECISIONS) == {o.code for o in OUTCOMES}


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.code)
def test_every_outcome_composes_a_complete_letter(outcome, facts):
    letter = compose_reply(outcome.code, facts, reasons="经核实情况属实")
    text = letter.text()
    assert letter.kind == "reply" and letter.outcome == outcome.code
    assert letter.template == outcome.letter_template
    assert letter.title == REPLY_TITLE
    assert letter.addressee == "张三" and "张三：" in text
    assert "2025-0123" in text and letter.number == "随民依公开〔2025〕123号"
    assert "“2024年度城乡低保资金发放情况”" in text
    assert "《关于下达2024年城乡低保资金的通知》" in text and "随民发〔2024〕3号" in text
    assert "2025年1月20日" in text and letter.date_text == "2025年2月10日"
    assert DECISIONS[outcome.code] in text
    cited = [article for article in outcome.basis if article in text]
    if outcome.code in ALTERNATIVE_ARTICLES:  # one of two items of Art. 36, whichever applies
        assert len(cited) == 1
    else:
        assert cited == list(outcome.basis)
    if cited:
        assert "根据《条例》" + cited[0] in text
    if outcome.code in EXTRA_ARTICLES:
        assert EXTRA_ARTICLES[outcome.code] in text
    assert "《中华人民共和国政府信息公开条例》（以下简称《条例》）" in text
    assert letter.signature == "随州市民政局"
    assert letter.paragraphs[-1] == outcome.remedy_text("随州市人民政府")


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.code)
def test_remedy_reconsideration_first_for_refusals_and_both_otherwise(outcome):
    text = compose_reply(outcome.code, make_facts(reading="narrow")).text()
    assert "60日内" in text and "向随州市人民政府申请行政复议" in text
    if outcome.group.value == "withheld" and outcome.code != "withheld.administrative_query":
        assert "第三十六条第（三）项" in text
    if outcome.is_refusal:
        assert "应当先申请行政复议" in text and "第二十三条第一款第（四）项" in text
        assert "6个月" not in text and "也可以" not in text
    else:
        assert "6个月内" in text and "《中华人民共和国行政诉讼法》第四十六条" in text
        assert "先申请行政复议" not in text


def test_granted_lists_documents_and_how_and_when(facts):
    letter = compose_reply(
        "granted",
        facts,
        provided=["2024年城乡低保资金分配表", "《低保资金发放名册（汇总）》"],
        pages=12,
        when=dt.date(2025, 2, 14),
    )
    text = letter.text()
    assert "第三十六条第（二）项" in text
    assert "于2025年2月14日前按照您申请的要求，以纸质形式通过邮寄方式向您提供" in text
    assert "《2024年城乡低保资金分配表》、《低保资金发放名册（汇总）》（共12页）" in text
    assert letter.placeholders == []


def test_granted_already_published_says_where(facts):
    text = compose_reply("granted", facts, published_at="随州市人民政府门户网站“政府信息公开”栏目").text()
    assert "已经主动公开" in text and "第三十六条第（一）项" in text
    assert "随州市人民政府门户网站“政府信息公开”栏目" in text
    assert "第三十六条第（二）项" not in text


def test_partially_granted_states_what_is_withheld_and_why(facts):
    letter = compose_reply(
        "partially_granted",
        facts,
        provided=["低保资金分配表"],
        withheld="低保对象的身份证号码",
        withheld_ground="withheld.third_party_rights",
        what="个人隐私",
    )
    text = letter.text()
    assert "对其中低保对象的身份证号码，本机关不予公开" in text
    assert "该部分内容涉及个人隐私" in text and "《条例》第十五条" in text
    assert letter.placeholders == []
    with pytest.raises(LetterError):
        compose_reply("partially_granted", facts, withheld_ground="granted")


def test_third_party_objection_is_stated(facts):
    text = compose_reply("withheld.third_party_rights", facts, third_party_objected=True).text()
    assert "经书面征求第三方意见，第三方不同意公开且有合理理由" in text


def test_not_held_names_the_holder_agency(facts):
    text = compose_reply(
        "unavailable.not_held", facts, holder_agency="随州市财政局", holder_contact="0722-3210000"
    ).text()
    assert "第三十六条第（五）项" in text
    assert "该政府信息由随州市财政局负责公开，联系方式：0722-3210000" in text
    assert "《条例》第十条" in text  # the reason Art. 36(五) asks for, by default
    assert "不存在" not in text


def test_not_held_without_holder(facts):
    exists_nowhere = compose_reply("unavailable.not_held", facts).text()
    assert (
        "经检索" in exists_nowhere and "第三十六条第（四）项" in exists_nowhere and "不存在" in exists_nowhere
    )
    elsewhere = compose_reply("unavailable.not_held", facts, not_ours=True).text()
    assert "第三十六条第（五）项" in elsewhere and "无法确定负责公开该政府信息的行政机关" in elsewhere


def test_details_of_the_procedural_outcomes(facts):
    text = compose_reply(
        "other.no_correction",
        facts,
        supplement_notice_on=dt.date(2025, 1, 22),
        supplement_deadline=dt.date(2025, 2, 7),
    ).text()
    assert "2025年1月22日" in text and "于2025年2月7日前补正" in text
    text = compose_reply(
        "other.fee_unpaid", facts, fee_notice_on=dt.date(2025, 1, 24), fee_amount=4700
    ).text()
    assert "2025年1月24日" in text and "应缴4700元" in text
    text = compose_reply(
        "not_processed.duplicate",
        facts,
        earlier_reply="随民依公开〔2024〕第0088号",
        earlier_reply_on=dt.date(2024, 11, 5),
    ).text()
    assert "2024年11月5日" in text and "随民依公开〔2024〕第0088号" in text
    text = compose_reply("not_processed.complaint", facts, channel="12345政务服务便民热线").text()
    assert "可以通过12345政务服务便民热线提出" in text


def test_gaps_are_listed_for_staff(facts):
    letter = compose_reply("withheld.prohibited_by_law", facts)
    assert letter.placeholders == ["禁止公开的法律、行政法规名称"]
    filled = compose_reply("withheld.prohibited_by_law", facts, law="《中华人民共和国统计法》")
    assert filled.placeholders == [] and "属于《中华人民共和国统计法》禁止公开的政府信息" in filled.text()


def test_an_organisation_is_addressed_as_such():
    text = compose_reply(
        "granted", make_facts(applicant="某某律师事务所", applicant_is_organisation=True)
    ).text()
    assert "你单位" in text and "您" not in text


def test_unknown_outcome_is_refused(facts):
    with pytest.raises(OutcomeError):
        compose_reply("granted.maybe", facts)


def test_letter_number_line():
    assert letter_number("随民依公开", "2025-0123", 2025) == "随民依公开〔2025〕123号"
    assert letter_number("随民依公开", "A17", 2026) == "随民依公开〔2026〕A17号"
    assert letter_number("", "2025-0123", 2025) == ""
    assert make_facts(number_prefix="").letter_number == ""
    assert make_facts(number="随民函〔2025〕5号").letter_number == "随民函〔2025〕5号"


def test_case_facts_are_checked():
    with pytest.raises(LetterError, match="申请人"):
        make_facts(applicant=" ")
    with pytest.raises(LetterError, match="早于"):
        make_facts(date=dt.date(2025, 1, 1))


def test_a_letter_survives_storage_and_editing(facts):
    letter = compose_reply("withheld.state_secret", facts, attachments=["送达回证"])
    data = letter_to_dict(letter)
    assert data["date"] == "2025-02-10"
    assert letter_from_dict(data) == letter
    edited = dataclasses.replace(
        letter, paragraphs=(*letter.paragraphs[:-1], "改写的段落", letter.paragraphs[-1])
    )
    assert "改写的段落" in edited.text()
    with pytest.raises(LetterError):
        letter_from_dict({"kind": "reply"})


FULL_DETAILS = dict(
    provided=["2024年城乡低保资金分配表"],
    pages=3,
    withheld="低保对象的身份证号码",
    withheld_ground="withheld.third_party_rights",
    law="《不动产登记暂行条例》",
    channel="不动产登记机构",
    published_at="随州市人民政府门户网站",
    holder_agency="随州市财政局",
    earlier_reply_on=dt.date(2024, 11, 5),
    supplement_notice_on=dt.date(2025, 1, 22),
    fee_notice_on=dt.date(2025, 1, 24),
    fee_amount=200,
    reasons_notice_on=dt.date(2025, 1, 23),
    reasons="申请人于2025年2月3日书面撤回申请",
)


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.code)
def test_with_all_details_no_gap_is_left(outcome, facts):
    assert compose_reply(outcome.code, facts, **FULL_DETAILS).placeholders == []


def test_publications_use_the_wording_of_article_39_paragraph_2(facts):
    """Art. 39 ¶2 only tells where to get a publication; "不作为政府信息公开申请处理" is ¶1's
    (petitions and complaints)."""
    text = compose_reply(
        "not_processed.publication", facts, published_at="《湖北省人民政府公报》2024年第5期"
    ).text()
    assert (
        "第三十九条第二款“申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，"
        "行政机关可以告知获取的途径”" in text
    )
    assert "现告知您获取途径：《湖北省人民政府公报》2024年第5期。" in text
    assert "不作为政府信息公开申请处理" not in text and "第三十九条第一款" not in text


def test_the_application_date_is_said_apart_from_the_receipt_date():
    text = compose_reply("granted", make_facts(submitted=dt.date(2025, 1, 15))).text()
    assert "本机关于2025年1月20日收到您于2025年1月15日提交的政府信息公开申请" in text
    with pytest.raises(LetterError, match="申请日期2025年1月21日晚于收到申请的日期2025年1月20日"):
        make_facts(submitted=dt.date(2025, 1, 21))


def test_without_a_reconsideration_body_the_gap_blocks_the_letter():
    letter = compose_reply("granted", make_facts(reconsideration_body=""), provided=["低保资金分配表"])
    assert "向【请填写行政复议机关】申请行政复议" in letter.text()
    assert letter.placeholders == ["行政复议机关"]


def test_each_letter_number_is_the_agencys_serial_of_the_year():
    """GB/T 9704-2012 7.2.4: 代字〔年份〕序号号, no 第, no leading zeros."""
    assert issued_number("鄂民依公开", 2026, 12) == "鄂民依公开〔2026〕12号"
    assert issued_number("鄂民依公开", 2026, 13) == "鄂民依公开〔2026〕13号"
    for bad in (0, -1, True, "12"):
        with pytest.raises(LetterError):
            issued_number("鄂民依公开", 2026, bad)
    with pytest.raises(LetterError):
        issued_number(" ", 2026, 1)
    # A draft shows where the serial goes; it takes one when sent.
    assert unnumbered("鄂民依公开", 2026) == "鄂民依公开〔2026〕\u3000\u3000号"
    assert (
        make_facts(number=unnumbered("随民依公开", 2025)).letter_number == "随民依公开〔2025〕\u3000\u3000号"
    )
