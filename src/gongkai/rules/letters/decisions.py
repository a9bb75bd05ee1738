"""The decision paragraphs of the reply letter (政府信息公开申请答复告知书), one composer per
outcome of :data:`gongkai.rules.outcomes.OUTCOMES` (:data:`DECISIONS`), and the facts they read
(:class:`ReplyDetails`): what is provided and how (Art. 36(一)(二), 40), the part withheld and why
(Art. 37), the grounds of refusal with the words of Art. 14–16, information not held or held by
another agency (Art. 36(四)(五)), the request that must be newly made (Art. 38), unclear after
补正 (Art. 30), petitions and publications (Art. 39), repeats (Art. 36(六)), excessive requests
(Art. 35), fees unpaid (Art. 42). :mod:`.reply` puts them between the opening and the remedy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.rules.provision import FormDecision, form_sentence

from .model import FEE_MEASURES, CaseFacts, LetterError, R, clause, cn_date, placeholder


def _provided_text(provided: Sequence[str], pages: int | None) -> str:
    names = [p if p.startswith("《") else f"《{p}》" for p in (clause(s) for s in provided) if p]
    if not names:
        return ""
    extent = f"（共{pages}页）" if pages else ""
    return "、".join(names) + extent


@dataclass(frozen=True)
class PublishedRef:
    """A document the agency already published (Art. 36(一)): its name, 文号, 索引号, publication
    date and the absolute address of its page on the portal."""

    title: str
    url: str
    doc_number: str = ""
    index_number: str = ""
    published_on: dt.date | None = None


def published_text(refs: Sequence[PublishedRef]) -> str:
    """The way and route to each published document (Art. 36(一)): name, 文号, date and the page's address.

    One: “《…》（鄂民发〔2025〕3号），已于2025年3月1日在本机关政府信息公开平台发布，网址：https://…”;
    more: numbered “1.《…》…；2.《…》…”."""
    items = []
    for ref in refs:
        name = clause(ref.title)
        name = name if name.startswith("《") else f"《{name}》"
        marks = "，".join(
            m
            for m in (
                ref.doc_number.strip(),
                f"索引号：{ref.index_number.strip()}" if ref.index_number.strip() else "",
            )
            if m
        )
        when = f"已于{cn_date(ref.published_on)}" if ref.published_on else "已"
        items.append(
            f"{name}{f'（{marks}）' if marks else ''}，{when}在本机关政府信息公开平台发布，网址：{ref.url.strip()}"
        )
    if len(items) == 1:
        return items[0]
    return "；".join(f"{i}.{item}" for i, item in enumerate(items, start=1))


def _how(facts: CaseFacts, how: str, when: dt.date | None) -> str:
    """The way, route and time of providing the information (Art. 36(二), Art. 40)."""
    if clause(how):
        text = clause(how)
    elif facts.medium.strip() or facts.delivery.strip():
        form = f"以{facts.medium.strip()}形式" if facts.medium.strip() else ""
        route = f"通过{facts.delivery.strip()}方式" if facts.delivery.strip() else ""
        text = f"按照{facts.you}申请的要求，{form}{route}向{facts.you}提供"
    else:
        text = placeholder("提供政府信息的方式和途径")
    return (f"于{cn_date(when)}前" if when else "") + text


_ART16_2 = (
    "根据{R}第十六条第二款“行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等"
    "过程性信息以及行政执法案卷信息，可以不予公开”的规定"
)

# The standard reason of each refusal ground: (sentence, articles cited). {you} is the applicant.
_WITHHELD_REASONS: dict[str, tuple[str, str]] = {
    "withheld.state_secret": (
        "{you}申请公开的政府信息已依法确定为国家秘密。根据{R}第十四条“依法确定为国家秘密的政府信息……不予公开”的规定",
        "第十四条",
    ),
    "withheld.prohibited_by_law": (
        "{you}申请公开的政府信息属于{law}禁止公开的政府信息。根据{R}第十四条“法律、行政法规禁止公开的政府信息……不予公开”的规定",
        "第十四条",
    ),
    "withheld.security_stability": (
        "{you}申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
        "根据{R}第十四条“……公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开”的规定",
        "第十四条",
    ),
    "withheld.third_party_rights": (
        "{you}申请公开的政府信息涉及{what}，公开会对第三方合法权益造成损害{consulted}。"
        "根据{R}第十五条“涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开”"
        "、第三十二条的规定",
        "第十五条、第三十二条",
    ),
    "withheld.internal_affairs": (
        "{you}申请公开的政府信息属于本机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）。"
        "根据{R}第十六条第一款“行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，"
        "可以不予公开”的规定",
        "第十六条第一款",
    ),
    "withheld.process_information": (
        "{you}申请公开的政府信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息。" + _ART16_2,
        "第十六条第二款",
    ),
    "withheld.enforcement_files": (
        "{you}申请公开的政府信息属于行政执法案卷信息。" + _ART16_2,
        "第十六条第二款",
    ),
}


def _withheld_reason(code: str, facts: CaseFacts, *, law: str, what: str, third_party_objected: bool) -> str:
    sentence, _ = _WITHHELD_REASONS[code]
    consulted = "，经书面征求第三方意见，第三方不同意公开且有合理理由" if third_party_objected else ""
    return sentence.format(
        you=facts.you,
        R=R,
        law=law.strip() or placeholder("禁止公开的法律、行政法规名称"),
        what=what.strip() or "商业秘密、个人隐私",
        consulted=consulted,
    )


def _extra(reasons: str) -> str:
    return f"具体情况为：{clause(reasons)}。" if clause(reasons) else ""


@dataclass(frozen=True)
class ReplyDetails:
    """The outcome-specific facts of a reply; see :func:`compose_reply` for which outcome uses what."""

    provided: tuple[str, ...] = ()
    pages: int | None = None
    how: str = ""
    when: dt.date | None = None
    published_at: str = ""
    withheld: str = ""
    withheld_ground: str = ""
    reasons: str = ""
    law: str = ""
    what: str = ""
    third_party_objected: bool = False
    holder_agency: str = ""
    holder_contact: str = ""
    not_ours: bool = False
    channel: str = ""
    earlier_reply: str = ""
    earlier_reply_on: dt.date | None = None
    supplement_notice_on: dt.date | None = None
    supplement_deadline: dt.date | None = None
    fee_notice_on: dt.date | None = None
    fee_amount: int | None = None
    reasons_notice_on: dt.date | None = None
    published: tuple[PublishedRef, ...] = ()
    form: FormDecision | None = None


class Context:
    """The facts and details of one reply, with the applicant's form of address."""

    def __init__(self, facts: CaseFacts, details: ReplyDetails):
        self.facts, self.d, self.you = facts, details, facts.you

    def __getattr__(self, name: str) -> Any:
        return getattr(self.d, name)

    def on(self, day: dt.date | None, what: str) -> str:
        return cn_date(day) if day else placeholder(what)


def _form(c: Context) -> list[str]:
    """The Art. 40 paragraph, when the form was decided."""
    return [form_sentence(c.form, c.you, R)] if c.form is not None else []


def _granted(c: Context) -> list[str]:
    you = c.you
    if c.published:
        docs = published_text(c.published)
        return [
            f"经审查，{you}申请公开的政府信息本机关已经主动公开。根据{R}第三十六条第（一）项“所申请公开信息已经主动公开的，"
            f"告知申请人获取该政府信息的方式和途径”的规定，现告知{you}获取该政府信息的方式和途径：{docs}。"
            f"{you}可以通过上述网址查阅、下载。" + _extra(c.reasons)
        ]
    if c.published_at:
        docs = _provided_text(c.provided, None)
        return [
            f"经审查，{you}申请公开的政府信息{('（' + docs + '）') if docs else ''}本机关已经主动公开。"
            f"根据{R}第三十六条第（一）项的规定，现告知{you}获取该政府信息的方式和途径：{c.published_at}。"
            + _extra(c.reasons)
        ]
    docs = _provided_text(c.provided, c.pages) or placeholder("提供的政府信息名称")
    if c.form is not None:
        when = f"于{cn_date(c.when)}前" if c.when else ""
        return [
            f"经审查，{you}申请公开的政府信息属于可以公开的政府信息。根据{R}第三十六条第（二）项的规定，"
            f"本机关予以公开，{when}向{you}提供：{docs}。" + _extra(c.reasons),
            *_form(c),
        ]
    return [
        f"经审查，{you}申请公开的政府信息属于可以公开的政府信息。根据{R}第三十六条第（二）项的规定，"
        f"本机关予以公开，{_how(c.facts, c.how, c.when)}：{docs}。" + _extra(c.reasons)
    ]


def _partially_granted(c: Context) -> list[str]:
    you = c.you
    docs = _provided_text(c.provided, c.pages) or placeholder("提供的政府信息名称")
    withheld = c.withheld or placeholder("不予公开的内容")
    if c.withheld_ground:
        if c.withheld_ground not in _WITHHELD_REASONS:
            raise LetterError(
                f"部分公开的不予公开理由“{c.withheld_ground}”无效，应为：{'、'.join(_WITHHELD_REASONS)}"
            )
        why = _withheld_reason(
            c.withheld_ground, c.facts, law=c.law, what=c.what, third_party_objected=c.third_party_objected
        )
        why = (
            why.replace(f"{you}申请公开的政府信息", "该部分内容", 1)
            + "，该部分内容依法不予公开。"
            + _extra(c.reasons)
        )
    else:
        why = (c.reasons or placeholder("不予公开的理由及依据")) + "。"
    how = (
        (f"于{cn_date(c.when)}前" if c.when else "") + f"向{you}提供"
        if c.form is not None
        else _how(c.facts, c.how, c.when)
    )
    return [
        f"经审查，{you}申请公开的信息中含有不应当公开的内容，但是能够作区分处理。根据{R}第三十七条“申请公开的信息中"
        "含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供可以公开的"
        "政府信息内容，并对不予公开的内容说明理由”的规定，本机关对可以公开的部分予以公开，"
        f"{how}：{docs}。",
        f"对其中{withheld}，本机关不予公开，理由如下：{why}",
        *_form(c),
    ]


def _withheld(code: str) -> Callable[[Context], list[str]]:
    def compose(c: Context) -> list[str]:
        why = _withheld_reason(
            code, c.facts, law=c.law, what=c.what, third_party_objected=c.third_party_objected
        )
        why = why.removesuffix("的规定") + "以及第三十六条第（三）项的规定"
        return [f"经审查，{why}，本机关决定不予公开。" + _extra(c.reasons)]

    return compose


def _administrative_query(c: Context) -> list[str]:
    law = c.law.strip() or placeholder("对信息获取有特别规定的法律、行政法规名称")
    where = f"向{c.channel}" if c.channel else ""
    return [
        f"经审查，{c.you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。"
        f"根据{R}第三十六条第（七）项的规定，本机关不通过政府信息公开程序提供，请{c.you}依照{law}的规定{where}办理。"
        + _extra(c.reasons)
    ]


def _why_not_ours(c: Context) -> str:
    """Art. 36(五) asks for the reason; by default the division of duties of Art. 10."""
    return _extra(c.reasons) or f"依照{R}第十条关于政府信息公开职责的规定，该政府信息不由本机关负责公开。"


def _not_held(c: Context) -> list[str]:
    you = c.you
    if c.holder_agency:
        contact = f"，联系方式：{c.holder_contact}" if c.holder_contact else ""
        return [
            f"经审查，{you}申请公开的政府信息不属于本机关负责公开的政府信息。"
            + _why_not_ours(c)
            + f"根据{R}第三十六条第（五）项的规定，现告知{you}：该政府信息由{c.holder_agency}负责公开{contact}，"
            f"{you}可以向该机关提出申请。"
        ]
    if c.not_ours:
        return [
            f"经审查，{you}申请公开的政府信息不属于本机关负责公开的政府信息。"
            + _why_not_ours(c)
            + f"根据{R}第三十六条第（五）项的规定，现予告知。本机关无法确定负责公开该政府信息的行政机关。"
        ]
    return [
        f"经检索，本机关没有{you}申请公开的政府信息。"
        + _extra(c.reasons)
        + f"根据{R}第三十六条第（四）项的规定，现告知{you}该政府信息不存在。"
    ]


def _needs_creation(c: Context) -> list[str]:
    return [
        f"经检索，本机关没有{c.you}申请公开的现成政府信息，需要对现有政府信息进行加工、分析才能形成。"
        + _extra(c.reasons)
        + f"根据{R}第三十八条“行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例"
        "第三十七条的规定能够作区分处理的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供”"
        "的规定，本机关不予提供。"
    ]


def _still_unclear(c: Context) -> list[str]:
    you = c.you
    return [
        f"本机关已于{c.on(c.supplement_notice_on, '补正告知书发出日期')}向{you}发出补正告知书，"
        f"{you}补正后的申请内容仍不明确，本机关无法确定{you}申请公开的政府信息。"
        + _extra(c.reasons)
        + f"根据{R}第三十条的规定，本机关无法向{you}提供该政府信息。{you}可以在明确所需政府信息的名称、"
        "文号或者便于查询的其他特征性描述后，重新提出申请。"
    ]


def _complaint(c: Context) -> list[str]:
    channel = c.channel or "信访、投诉、举报等相应渠道"
    return [
        f"经审查，{c.you}的申请实为以政府信息公开申请的形式进行信访、投诉、举报等活动。"
        + _extra(c.reasons)
        + f"根据{R}第三十九条第一款的规定，本机关不作为政府信息公开申请处理。{c.you}可以通过{channel}提出。"
    ]


def _duplicate(c: Context) -> list[str]:
    earlier = f"（{c.earlier_reply}）" if c.earlier_reply else ""
    return [
        f"本机关已于{c.on(c.earlier_reply_on, '此前答复的日期')}就{c.you}提出的政府信息公开申请作出答复{earlier}，"
        f"{c.you}本次申请公开的政府信息与该申请相同。"
        + _extra(c.reasons)
        + f"根据{R}第三十六条第（六）项的规定，本机关不予重复处理。"
    ]


def _publication(c: Context) -> list[str]:
    """Art. 39 ¶2: a request for publications is told where to get them — ¶2 says only that
    (可以告知获取的途径); "不作为政府信息公开申请处理" is ¶1's wording for petitions and complaints."""
    where = c.published_at or placeholder("公开出版物的获取途径")
    return [
        f"经审查，{c.you}申请的内容为要求本机关提供政府公报、报刊、书籍等公开出版物。"
        + _extra(c.reasons)
        + f"根据{R}第三十九条第二款“申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，"
        f"行政机关可以告知获取的途径”的规定，现告知{c.you}获取途径：{where}。"
    ]


def _excessive(c: Context) -> list[str]:
    asked = f"本机关已于{cn_date(c.reasons_notice_on)}要求{c.you}说明理由。" if c.reasons_notice_on else ""
    why = _extra(c.reasons) or f"理由：{placeholder('认为申请理由不合理的理由')}。"
    return [
        f"{c.you}申请公开政府信息的数量、频次明显超过合理范围，{asked}经审查，本机关认为{c.you}的申请理由不合理。"
        f"{why}根据{R}第三十五条的规定，本机关不予处理。"
    ]


def _confirmation(c: Context) -> list[str]:
    return [
        f"经审查，{c.you}的申请系要求本机关对{c.you}已获取的信息予以确认或者重新出具，不属于{R}第二条所称行政机关在履行"
        "行政管理职能过程中制作或者获取的，以一定形式记录、保存的政府信息的公开申请，本机关不作为政府信息公开申请处理。"
        + _extra(c.reasons)
    ]


def _given_up(c: Context, notice: str, missed: str, basis: str) -> list[str]:
    """A period the applicant let pass (Art. 30 补正, Art. 42 fee): treated as withdrawn (视为放弃申请)."""
    return [
        f"本机关已于{notice}，{c.you}{missed}。"
        + _extra(c.reasons)
        + f"根据{basis}的规定，视为{c.you}放弃申请，本机关不再处理该政府信息公开申请。"
    ]


def _no_correction(c: Context) -> list[str]:
    until = f"，要求{c.you}于{cn_date(c.supplement_deadline)}前补正" if c.supplement_deadline else ""
    sent = c.on(c.supplement_notice_on, "补正告知书发出日期")
    return _given_up(c, f"{sent}向{c.you}发出补正告知书{until}", "无正当理由逾期未补正", f"{R}第三十条")


def _fee_unpaid(c: Context) -> list[str]:
    amount = f"（应缴{c.fee_amount}元）" if c.fee_amount is not None else ""
    sent = c.on(c.fee_notice_on, "收费通知发出日期")
    return _given_up(
        c, f"{sent}向{c.you}发出信息处理费缴纳通知书{amount}", "逾期未缴纳", f"{R}第四十二条和{FEE_MEASURES}"
    )


def _other(c: Context) -> list[str]:
    what = c.reasons or placeholder("处理情况及理由")
    return [f"本机关对{c.you}的申请作如下处理：{what}。"]


DECISIONS = {
    "granted": _granted,
    "partially_granted": _partially_granted,
    **{code: _withheld(code) for code in _WITHHELD_REASONS},
    "withheld.administrative_query": _administrative_query,
    "unavailable.not_held": _not_held,
    "unavailable.needs_creation": _needs_creation,
    "unavailable.still_unclear": _still_unclear,
    "not_processed.complaint": _complaint,
    "not_processed.duplicate": _duplicate,
    "not_processed.publication": _publication,
    "not_processed.excessive": _excessive,
    "not_processed.confirmation": _confirmation,
    "other.no_correction": _no_correction,
    "other.fee_unpaid": _fee_unpaid,
    "other.other": _other,
}
