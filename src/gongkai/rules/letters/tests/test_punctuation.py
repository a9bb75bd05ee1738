"""No letter ever shows doubled punctuation ("。。", "，。", "；。" …), whatever staff and applicants
typed: every reply outcome and every notice kind, with inputs that end in a mark and without."""

import datetime as dt
import itertools
import re

import pytest

from gongkai.rules.letters import compose_notice, compose_reply, letter_html
from gongkai.rules.letters.model import tidy
from gongkai.rules.letters.notices import NOTICE_TITLES
from gongkai.rules.outcomes import OUTCOMES

from .conftest import make_facts

# Two marks in a row, also across a closing quote or bracket ("…情况。”。").
DOUBLED = re.compile(r"[。，；：、][”’）]?[。，；：、]|[？！][。，；]")

# The same facts typed three ways: bare, ending in a full stop, ending in other marks.
ENDINGS = ["", "。", "；", "，", "。。", "；。"]


def _facts(end: str, **more):
    return make_facts(
        description=f"2024年度城乡低保资金发放情况{end}",
        title=f"关于下达低保资金的通知{end}",
        office=f"随州市民政局办公室{end}",
        address=f"随州市曾都区烈山大道1号{end}",
        contact_person=f"王五{end}",
        **more,
    )


def _reply_details(end: str) -> dict:
    return dict(
        provided=[f"2024年城乡低保资金分配表{end}"],
        pages=3,
        how=f"通过电子邮件发送{end}",
        withheld=f"低保对象的身份证号码{end}",
        withheld_ground="withheld.third_party_rights",
        law=f"《不动产登记暂行条例》{end}",
        what=f"个人隐私{end}",
        channel=f"12345政务服务便民热线{end}",
        published_at=f"随州市人民政府门户网站“政府信息公开”栏目{end}",
        holder_agency=f"随州市财政局{end}",
        holder_contact=f"0722-3334444{end}",
        earlier_reply=f"随民依公开〔2024〕88号{end}",
        earlier_reply_on=dt.date(2024, 11, 5),
        supplement_notice_on=dt.date(2025, 1, 22),
        supplement_deadline=dt.date(2025, 2, 7),
        fee_notice_on=dt.date(2025, 1, 24),
        fee_amount=200,
        reasons_notice_on=dt.date(2025, 1, 23),
        reasons=f"经核实情况属实{end}",
    )


def _notice_details(kind: str, end: str) -> dict:
    return {
        "supplement": dict(
            items=[f"所需信息的年份{end}", f"信息的文号{end}"],
            days=10,
            guidance=f"可参考本机关政府信息公开指南描述所需信息{end}",
        ),
        "extension": dict(new_due=dt.date(2025, 3, 10), days=20, reason=f"需调取档案{end}"),
        "fee": dict(method="volume", quantity=150, payment=f"转账至随州市财政局非税收入账户{end}"),
        "third_party": dict(third_party=f"随州市某某公司{end}", concern=f"商业秘密{end}"),
        "agency_consultation": dict(agency=f"随州市财政局{end}"),
        "reasons_request": dict(count=12, since=dt.date(2025, 1, 1), days=10),
        "later_reply": dict(later=dt.date(2025, 4, 1), reason=f"申请数量较大{end}"),
    }[kind]


def _clean(letter) -> None:
    text = letter.text()
    found = DOUBLED.findall(text)
    assert not found, f"{letter.title} {letter.outcome}: {found} in\n{text}"
    assert not DOUBLED.findall(letter_html(letter))


@pytest.mark.parametrize(
    ("outcome", "end"), list(itertools.product(OUTCOMES, ENDINGS)), ids=lambda v: getattr(v, "code", v)
)
def test_no_reply_letter_doubles_punctuation(outcome, end):
    for organisation, body in ((False, "随州市人民政府"), (True, "")):
        facts = _facts(end, applicant_is_organisation=organisation, reconsideration_body=body)
        _clean(compose_reply(outcome.code, facts, **_reply_details(end)))
        _clean(compose_reply(outcome.code, facts))  # with the gaps left for staff


@pytest.mark.parametrize(("kind", "end"), list(itertools.product(NOTICE_TITLES, ENDINGS)))
def test_no_notice_doubles_punctuation(kind, end):
    facts = _facts(end)
    _clean(compose_notice(kind, facts, **_notice_details(kind, end)))
    if kind != "fee":  # the fee notice needs a method and quantity
        _clean(compose_notice(kind, facts))


def test_text_typed_by_staff_is_tidied_too():
    letter = compose_reply("other.other", make_facts(), reasons="申请人撤回申请")
    edited = letter.__class__(
        **{**letter.__dict__, "paragraphs": ("本机关已核实。。", "如有疑问，；请来电。")}
    )
    assert "本机关已核实。" in edited.text() and "。。" not in edited.text()
    assert "如有疑问；请来电。" in edited.text()
    assert tidy("您是否同意？。") == "您是否同意？"
