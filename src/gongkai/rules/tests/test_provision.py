"""Art. 40: the form asked for is the form given; another form only on an Art. 40 ground, said in the letter."""

import pytest

from gongkai.rules.provision import (
    Form,
    FormError,
    Ground,
    Medium,
    Route,
    decide_form,
    form_sentence,
    needs_arrangement,
)

PAPER_POST = Form(Medium.PAPER, Route.POST)
E_MAIL = Form(Medium.ELECTRONIC, Route.EMAIL)
INSPECT = Form(Medium.PAPER, Route.INSPECT)


def test_the_form_asked_for_is_given_without_a_reason():
    decision = decide_form(PAPER_POST)
    assert decision.as_requested and decision.given == PAPER_POST and decision.ground is None
    text = form_sentence(decision, "您")
    assert text == "根据《条例》第四十条的规定，本机关按照您要求的形式，以纸质形式通过邮寄方式向您提供。"


def test_another_form_needs_a_ground_of_article_40():
    with pytest.raises(FormError, match="第四十条选择理由"):
        decide_form(PAPER_POST, E_MAIL)


def test_another_form_needs_the_facts_for_the_letter():
    with pytest.raises(FormError, match="须写明具体情况"):
        decide_form(PAPER_POST, E_MAIL, Ground.COST, "  。")


def test_a_ground_for_no_change_is_refused():
    with pytest.raises(FormError, match="无需选择不按要求形式提供的理由"):
        decide_form(PAPER_POST, PAPER_POST, Ground.COST, "共1.2万页")


def test_an_unknown_ground_is_refused():
    with pytest.raises(FormError, match="理由“cheaper”无效"):
        decide_form(PAPER_POST, E_MAIL, "cheaper", "x")


@pytest.mark.parametrize("route", [Route.EMAIL, Route.ONLINE])
def test_paper_is_not_sent_by_email_or_online(route):
    with pytest.raises(FormError, match=f"纸质载体不能通过{route.label}方式提供"):
        decide_form(Form(Medium.ELECTRONIC, route), Form(Medium.PAPER, route), Ground.AS_KEPT, "仅存纸质")


def test_large_volume_by_email_instead_of_paper_post_says_why_and_quotes_article_40():
    decision = decide_form(PAPER_POST, E_MAIL, Ground.COST, "所申请信息共约1.2万页。")
    assert not decision.as_requested
    text = form_sentence(decision, "您")
    assert "您要求以纸质形式通过邮寄方式获取该政府信息。" in text
    assert "因所申请信息共约1.2万页，按照您要求的形式提供该政府信息，公开成本过高。" in text
    assert "第四十条“按照申请人要求的形式提供政府信息，可能危及政府信息载体安全或者公开成本过高的，" in text
    assert text.endswith("本机关改为以电子形式通过电子邮件方式向您提供。")


def test_an_original_that_cannot_be_copied_is_read_in_place_with_time_and_place():
    decision = decide_form(
        PAPER_POST,
        INSPECT,
        Ground.CARRIER_SAFETY,
        "该档案为1987年手写原件，纸张老化",
        "请于2026年3月9日至13日工作时间到本机关档案室查阅",
    )
    text = form_sentence(decision, "你单位")
    assert "可能危及政府信息载体安全" in text
    assert "本机关改为安排你单位当面查阅、抄录。请于2026年3月9日至13日工作时间到本机关档案室查阅。" in text


@pytest.mark.parametrize(
    ("route", "gap"), [(Route.INSPECT, "查阅、抄录的时间和地点"), (Route.PICKUP, "领取的时间和地点")]
)
def test_collecting_or_reading_without_time_and_place_leaves_a_gap(route, gap):
    form = Form(Medium.PAPER, route)
    assert needs_arrangement(form)
    assert form_sentence(decide_form(form), "您").endswith(f"【请填写：{gap}】。")


def test_post_and_email_need_no_time_and_place():
    assert not needs_arrangement(PAPER_POST) and not needs_arrangement(E_MAIL)
    assert "【请填写" not in form_sentence(decide_form(E_MAIL), "您")
