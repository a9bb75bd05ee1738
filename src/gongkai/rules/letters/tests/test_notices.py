import datetime as dt

import pytest

from gongkai.rules.fees import compute_fee
from gongkai.rules.letters.model import LetterError
from gongkai.rules.letters.notices import NOTICE_TITLES, compose_notice


@pytest.mark.parametrize("kind", list(NOTICE_TITLES))
def test_every_notice_composes_with_no_details(kind, facts):
    details = {"method": "volume", "quantity": 40} if kind == "fee" else {}
    letter = compose_notice(kind, facts, **details)
    assert letter.kind == "notice" and letter.template == kind and letter.title == NOTICE_TITLES[kind]
    assert "2025-0123" in letter.text() and letter.number == "随民依公开〔2025〕123号"
    assert "“2024年度城乡低保资金发放情况”" in letter.text()
    assert letter.signature == "随州市民政局"


def test_supplement_notice(facts):
    letter = compose_notice(
        "supplement",
        facts,
        items=["所需信息的名称或文号", "所需信息的形成时间范围"],
        days=15,
        deadline=dt.date(2025, 2, 21),
        guidance="可参照本机关网站公开目录中的信息名称描述。",
    )
    text = letter.text()
    assert "第三十条" in text
    assert "（一）所需信息的名称或文号；" in text and "（二）所需信息的形成时间范围。" in text
    assert "15个工作日内（即2025年2月21日前）" in text
    assert "答复期限自本机关收到补正的申请之日起计算" in text
    assert "无正当理由逾期不补正的，视为放弃申请" in text
    assert "可参照本机关网站公开目录" in text
    assert letter.placeholders == [] and letter.addressee == "张三"


def test_extension_notice(facts):
    text = compose_notice(
        "extension", facts, days=20, new_due=dt.date(2025, 3, 21), reason="所申请信息涉及多个内设机构"
    ).text()
    assert "第三十三条" in text and "政府信息公开工作机构负责人同意" in text
    assert "答复期限延长20个工作日" in text and "将于2025年3月21日前作出答复" in text
    assert "因所申请信息涉及多个内设机构" in text
    with pytest.raises(LetterError, match="20"):
        compose_notice("extension", facts, days=21)
    with pytest.raises(LetterError):
        compose_notice("extension", facts, days=0)
    with pytest.raises(LetterError, match="应晚于文书日期"):
        compose_notice("extension", facts, new_due=facts.date)


def test_fee_notice_breakdown_amount_period_and_consequence(facts):
    letter = compose_notice(
        "fee",
        facts,
        method="volume",
        quantity=250,
        deadline=dt.date(2025, 3, 10),
        payment="通过非税收入缴款码缴纳",
    )
    text = letter.text()
    assert "第四十二条" in text and "国办函〔2020〕109号" in text
    assert "按量计收，共250页" in text
    for line in (
        "第1—30页：30页，免费；",
        "第31—100页：70页 × 10元 = 700元；",
        "第101—200页：100页 × 20元 = 2000元；",
        "第201—250页：50页 × 40元 = 2000元。",
    ):
        assert line in text
    assert "应缴金额：4700元" in text and compute_fee("volume", 250).amount == 4700
    assert "20个工作日内（即2025年3月10日前）" in text and "通过非税收入缴款码缴纳" in text
    assert "逾期未缴纳信息处理费的，视为放弃申请" in text
    assert "不计算在答复期限内" in text
    assert letter.closing == "特此通知。" and letter.placeholders == []
    unpaused = compose_notice("fee", facts, fee=compute_fee("item", 12), clock_paused=False).text()
    assert (
        "按件计收，共12件" in unpaused
        and "应缴金额：200元" in unpaused
        and "不计算在答复期限内" not in unpaused
    )


def test_no_fee_notice_for_a_free_request(facts):
    with pytest.raises(LetterError, match="0元"):
        compose_notice("fee", facts, method="volume", quantity=30)
    with pytest.raises(LetterError):
        compose_notice("fee", facts, method="both", quantity=40)
    with pytest.raises(LetterError):
        compose_notice("fee", facts)


def test_third_party_letter(facts):
    letter = compose_notice(
        "third_party",
        facts,
        third_party="随州市某某食品有限公司",
        concern="商业秘密",
        deadline=dt.date(2025, 2, 14),
    )
    text = letter.text()
    assert letter.addressee == "随州市某某食品有限公司" and "随州市某某食品有限公司：" in text
    assert "第三十二条" in text and "贵单位的商业秘密" in text
    assert "15个工作日内（即2025年2月14日前）" in text
    assert "逾期未提出意见的，由本机关依照《条例》的规定决定是否公开" in text
    assert "张三" not in text  # the applicant stays unnamed
    assert (
        "张三提交的"
        in compose_notice(
            "third_party", facts, third_party="李四", is_person=True, name_applicant=True
        ).text()
    )


def test_agency_consultation_letter(facts):
    letter = compose_notice("agency_consultation", facts, agency="随州市财政局")
    text = letter.text()
    assert letter.addressee == "随州市财政局" and "第三十四条" in text
    assert "15个工作日内" in text and "逾期未提出意见的，视为同意公开" in text


def test_reasons_request_and_later_reply(facts):
    text = compose_notice("reasons_request", facts, count=56, since=dt.date(2025, 1, 1), days=10).text()
    assert "第三十五条" in text and "自2025年1月1日以来共向本机关提出政府信息公开申请56件" in text
    assert "10个工作日内" in text and "书面说明申请理由" in text and "不予处理" in text
    text = compose_notice(
        "later_reply", facts, later=dt.date(2025, 5, 30), reason="所申请信息数量较大"
    ).text()
    assert "第三十五条" in text and "将于2025年5月30日前作出答复" in text and "因所申请信息数量较大" in text


def test_bad_kind_or_details_are_refused(facts):
    with pytest.raises(LetterError, match="未知的文书类型"):
        compose_notice("apology", facts)
    with pytest.raises(LetterError, match="参数"):
        compose_notice("extension", facts, due=dt.date(2025, 3, 1))
