"""The reply letter (政府信息公开申请答复告知书) for each outcome of an application.

One letter per outcome of :data:`gongkai.rules.outcomes.OUTCOMES`. Each says who applied and when
the agency received it (Art. 31), what was asked (Art. 29), the decision and the articles it rests
on (Art. 14–16, 30, 35–39, 42 of the Regulation), what is provided or where to get it (Art. 36
(一)(二), 40), for information this agency does not hold the agency that does, if known
(Art. 36(五)), and the remedy notice: 行政复议 within 60 days and 行政诉讼 within 6 months, except
for a refusal to disclose (不予公开, also in part), which goes to 行政复议 first (行政复议法 2023
Art. 23 ¶1 (四)) — the text is :meth:`gongkai.rules.outcomes.Outcome.remedy_text`.

The Regulation is quoted only where its wording is certain (Art. 14–16, 30, 36–39); elsewhere the
letter paraphrases and cites the article. What the caller does not supply is left as a
``【请填写：…】`` gap for staff (:attr:`Letter.placeholders`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.rules.outcomes import Outcome, get_outcome
from gongkai.rules.provision import FormDecision, form_sentence

from .model import CaseFacts, Letter, LetterError, clause, cn_date, make_letter, placeholder

REPLY_TITLE = "政府信息公开申请答复告知书"
REGULATION_FIRST = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
R = "《条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


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


def compose_reply(
    outcome_code: str,
    facts: CaseFacts,
    *,
    provided: Sequence[str] = (),
    pages: int | None = None,
    how: str = "",
    when: dt.date | None = None,
    published_at: str = "",
    withheld: str = "",
    withheld_ground: str = "",
    reasons: str = "",
    law: str = "",
    what: str = "",
    third_party_objected: bool = False,
    holder_agency: str | None = None,
    holder_contact: str = "",
    not_ours: bool = False,
    channel: str = "",
    earlier_reply: str = "",
    earlier_reply_on: dt.date | None = None,
    supplement_notice_on: dt.date | None = None,
    supplement_deadline: dt.date | None = None,
    fee_notice_on: dt.date | None = None,
    fee_amount: int | None = None,
    reasons_notice_on: dt.date | None = None,
    attachments: Sequence[str] = (),
    published: Sequence[PublishedRef] = (),
    form: FormDecision | None = None,
) -> Letter:
    """The reply letter for ``outcome_code`` (a key of :data:`~gongkai.rules.outcomes.OUTCOMES`).

    Details by outcome (all optional; what is missing becomes a ``【请填写：…】`` gap):

    * ``granted``: ``provided`` (names of the documents), ``pages``, ``how`` (default: the medium
      and delivery of the application), ``when``; or ``published_at`` — where the information
      was already published (Art. 36(一), counted as granted) — or ``published``, the documents
      chosen from the catalogue (:class:`PublishedRef`), each named with its page's address.
    * ``form`` (granted and partially_granted, not Art. 36(一)): the form given (Art. 40,
      :func:`gongkai.rules.provision.decide_form`) — its own paragraph saying the form asked for
      was followed, or which other form is given and why; it replaces ``how``.
    * ``partially_granted`` (Art. 37): as granted, plus ``withheld`` (the part not disclosed) and
      ``withheld_ground`` (a ``withheld.*`` code giving the reason) and/or ``reasons``.
    * ``withheld.*``: ``reasons``; ``law`` (prohibited_by_law); ``what`` and
      ``third_party_objected`` (third_party_rights, Art. 15, 32); for administrative_query
      (Art. 36(七)) ``law`` is the law with the special rule and ``channel`` where to apply.
    * ``unavailable.not_held``: ``holder_agency`` and ``holder_contact`` (Art. 36(五)); ``not_ours``
      when the information is not this agency's but the holder is unknown; otherwise it does not
      exist (Art. 36(四)).
    * ``unavailable.still_unclear`` / ``other.no_correction`` (Art. 30): ``supplement_notice_on``,
      ``supplement_deadline``.
    * ``not_processed.complaint`` (Art. 39 ¶1): ``channel``; ``not_processed.publication``
      (Art. 39 ¶2): ``published_at``; ``not_processed.duplicate`` (Art. 36(六)):
      ``earlier_reply`` (its number) and ``earlier_reply_on``; ``not_processed.excessive``
      (Art. 35): ``reasons_notice_on`` and ``reasons``.
    * ``other.fee_unpaid`` (Art. 42): ``fee_notice_on``, ``fee_amount``; ``other.other``: ``reasons``.

    ``attachments`` are listed under the body (附件：…).
    """
    outcome = get_outcome(outcome_code)
    details = ReplyDetails(
        provided=tuple(provided),
        pages=pages,
        how=clause(how),
        when=when,
        published_at=clause(published_at),
        withheld=clause(withheld),
        withheld_ground=withheld_ground.strip(),
        reasons=clause(reasons),
        law=clause(law),
        what=clause(what),
        third_party_objected=third_party_objected,
        holder_agency=clause(holder_agency or ""),
        holder_contact=clause(holder_contact),
        not_ours=not_ours,
        channel=clause(channel),
        earlier_reply=clause(earlier_reply),
        earlier_reply_on=earlier_reply_on,
        supplement_notice_on=supplement_notice_on,
        supplement_deadline=supplement_deadline,
        fee_notice_on=fee_notice_on,
        fee_amount=fee_amount,
        reasons_notice_on=reasons_notice_on,
        published=tuple(published),
        form=form,
    )
    return reply_letter(outcome, facts, details, attachments=tuple(attachments))


def reply_letter(
    outcome: Outcome, facts: CaseFacts, details: ReplyDetails, *, attachments: tuple[str, ...] = ()
) -> Letter:
    """:func:`compose_reply` with the details already gathered."""
    decision = _DECISIONS[outcome.code](_Context(facts, details))
    paragraphs = [_opening(facts), *decision, _remedy(outcome, facts)]
    return make_letter(
        facts,
        "reply",
        outcome.letter_template,
        REPLY_TITLE,
        paragraphs,
        attachments=attachments,
        outcome=outcome.code,
    )


def _opening(facts: CaseFacts) -> str:
    """Receipt (Art. 31), what was asked and the form wanted (Art. 29)."""
    you = facts.you
    wanted = []
    if facts.medium.strip():
        wanted.append(f"以{facts.medium.strip()}形式")
    if facts.delivery.strip():
        wanted.append(f"通过{facts.delivery.strip()}方式")
    form = f"，并要求{''.join(wanted)}获取" if wanted else ""
    return (
        f"{facts.received_text}，{you}申请公开{facts.request_text}{form}。"
        f"根据{REGULATION_FIRST}的规定，现答复如下："
    )


def _remedy(outcome: Outcome, facts: CaseFacts) -> str:
    """The remedy notice; the reading of 复议前置 is the case's (行政复议法 2023 Art. 23 ¶1 (四))."""
    return outcome.remedy_text(clause(facts.reconsideration_body), clause(facts.court), facts.reading)


class _Context:
    """The facts and details of one reply, with the applicant's form of address."""

    def __init__(self, facts: CaseFacts, details: ReplyDetails):
        self.facts, self.d, self.you = facts, details, facts.you

    def __getattr__(self, name: str) -> Any:
        return getattr(self.d, name)

    def on(self, day: dt.date | None, what: str) -> str:
        return cn_date(day) if day else placeholder(what)


def _form(c: _Context) -> list[str]:
    """The Art. 40 paragraph, when the form was decided."""
    return [form_sentence(c.form, c.you, R)] if c.form is not None else []


def _granted(c: _Context) -> list[str]:
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


def _partially_granted(c: _Context) -> list[str]:
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


def _withheld(code: str) -> Callable[[_Context], list[str]]:
    def compose(c: _Context) -> list[str]:
        why = _withheld_reason(
            code, c.facts, law=c.law, what=c.what, third_party_objected=c.third_party_objected
        )
        why = why.removesuffix("的规定") + "以及第三十六条第（三）项的规定"
        return [f"经审查，{why}，本机关决定不予公开。" + _extra(c.reasons)]

    return compose


def _administrative_query(c: _Context) -> list[str]:
    law = c.law.strip() or placeholder("对信息获取有特别规定的法律、行政法规名称")
    where = f"向{c.channel}" if c.channel else ""
    return [
        f"经审查，{c.you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。"
        f"根据{R}第三十六条第（七）项的规定，本机关不通过政府信息公开程序提供，请{c.you}依照{law}的规定{where}办理。"
        + _extra(c.reasons)
    ]


def _why_not_ours(c: _Context) -> str:
    """Art. 36(五) asks for the reason; by default the division of duties of Art. 10."""
    return _extra(c.reasons) or f"依照{R}第十条关于政府信息公开职责的规定，该政府信息不由本机关负责公开。"


def _not_held(c: _Context) -> list[str]:
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


def _needs_creation(c: _Context) -> list[str]:
    return [
        f"经检索，本机关没有{c.you}申请公开的现成政府信息，需要对现有政府信息进行加工、分析才能形成。"
        + _extra(c.reasons)
        + f"根据{R}第三十八条“行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例"
        "第三十七条的规定能够作区分处理的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供”"
        "的规定，本机关不予提供。"
    ]


def _still_unclear(c: _Context) -> list[str]:
    you = c.you
    return [
        f"本机关已于{c.on(c.supplement_notice_on, '补正告知书发出日期')}向{you}发出补正告知书，"
        f"{you}补正后的申请内容仍不明确，本机关无法确定{you}申请公开的政府信息。"
        + _extra(c.reasons)
        + f"根据{R}第三十条的规定，本机关无法向{you}提供该政府信息。{you}可以在明确所需政府信息的名称、"
        "文号或者便于查询的其他特征性描述后，重新提出申请。"
    ]


def _complaint(c: _Context) -> list[str]:
    channel = c.channel or "信访、投诉、举报等相应渠道"
    return [
        f"经审查，{c.you}的申请实为以政府信息公开申请的形式进行信访、投诉、举报等活动。"
        + _extra(c.reasons)
        + f"根据{R}第三十九条第一款的规定，本机关不作为政府信息公开申请处理。{c.you}可以通过{channel}提出。"
    ]


def _duplicate(c: _Context) -> list[str]:
    earlier = f"（{c.earlier_reply}）" if c.earlier_reply else ""
    return [
        f"本机关已于{c.on(c.earlier_reply_on, '此前答复的日期')}就{c.you}提出的政府信息公开申请作出答复{earlier}，"
        f"{c.you}本次申请公开的政府信息与该申请相同。"
        + _extra(c.reasons)
        + f"根据{R}第三十六条第（六）项的规定，本机关不予重复处理。"
    ]


def _publication(c: _Context) -> list[str]:
    """Art. 39 ¶2: a request for publications is told where to get them — ¶2 says only that
    (可以告知获取的途径); "不作为政府信息公开申请处理" is ¶1's wording for petitions and complaints."""
    where = c.published_at or placeholder("公开出版物的获取途径")
    return [
        f"经审查，{c.you}申请的内容为要求本机关提供政府公报、报刊、书籍等公开出版物。"
        + _extra(c.reasons)
        + f"根据{R}第三十九条第二款“申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，"
        f"行政机关可以告知获取的途径”的规定，现告知{c.you}获取途径：{where}。"
    ]


def _excessive(c: _Context) -> list[str]:
    asked = f"本机关已于{cn_date(c.reasons_notice_on)}要求{c.you}说明理由。" if c.reasons_notice_on else ""
    why = _extra(c.reasons) or f"理由：{placeholder('认为申请理由不合理的理由')}。"
    return [
        f"{c.you}申请公开政府信息的数量、频次明显超过合理范围，{asked}经审查，本机关认为{c.you}的申请理由不合理。"
        f"{why}根据{R}第三十五条的规定，本机关不予处理。"
    ]


def _confirmation(c: _Context) -> list[str]:
    return [
        f"经审查，{c.you}的申请系要求本机关对{c.you}已获取的信息予以确认或者重新出具，不属于{R}第二条所称行政机关在履行"
        "行政管理职能过程中制作或者获取的，以一定形式记录、保存的政府信息的公开申请，本机关不作为政府信息公开申请处理。"
        + _extra(c.reasons)
    ]


def _no_correction(c: _Context) -> list[str]:
    you = c.you
    until = f"，要求{you}于{cn_date(c.supplement_deadline)}前补正" if c.supplement_deadline else ""
    return [
        f"本机关已于{c.on(c.supplement_notice_on, '补正告知书发出日期')}向{you}发出补正告知书{until}，"
        f"{you}无正当理由逾期未补正。"
        + _extra(c.reasons)
        + f"根据{R}第三十条的规定，视为{you}放弃申请，本机关不再处理该政府信息公开申请。"
    ]


def _fee_unpaid(c: _Context) -> list[str]:
    amount = f"（应缴{c.fee_amount}元）" if c.fee_amount is not None else ""
    return [
        f"本机关已于{c.on(c.fee_notice_on, '收费通知发出日期')}向{c.you}发出信息处理费缴纳通知书{amount}，"
        f"{c.you}逾期未缴纳。"
        + _extra(c.reasons)
        + f"根据{R}第四十二条和{FEE_MEASURES}的规定，视为{c.you}放弃申请，本机关不再处理该政府信息公开申请。"
    ]


def _other(c: _Context) -> list[str]:
    what = c.reasons or placeholder("处理情况及理由")
    return [f"本机关对{c.you}的申请作如下处理：{what}。"]


_DECISIONS = {
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
