"""The other letters a case sends before (or instead of) its reply.

* 补正告知书 ``supplement`` (Art. 30): what to add, the period in working days, that the reply
  period runs from receipt of the supplement, and that not supplementing in time without good
  reason counts as giving up the application. The notice itself is due within 7 working days of
  receipt; :mod:`gongkai.rules.deadlines` checks that, not this module.
* 延期答复告知书 ``extension`` (Art. 33): the extension (at most 20 working days), approved by the
  head of the disclosure office, and the new due date.
* 信息处理费缴纳通知书 ``fee`` (Art. 42; 国办函〔2020〕109号): method, tier breakdown, amount,
  20 working days to pay, and that an unpaid fee counts as giving up the application.
* 第三方意见征询函 ``third_party`` (Art. 32): 15 working days; silence → the agency decides.
* 征求意见函 ``agency_consultation`` to another agency that made the information jointly
  (Art. 34): 15 working days; silence counts as consent.
* 说明理由告知书 ``reasons_request`` (Art. 35): asks the applicant to explain a request whose
  number or frequency clearly exceeds a reasonable range.
* 延迟答复告知书 ``later_reply`` (Art. 35): reasons accepted, but the reply comes on a later date.

The dates (deadlines, the new due date) are computed by :mod:`gongkai.rules.deadlines` and passed
in; what is missing becomes a ``【请填写：…】`` gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from gongkai.rules.deadline_events import CONSULTATION_DAYS, FEE_PAYMENT_DAYS, MAX_EXTENSION_DAYS, REPLY_DAYS
from gongkai.rules.fees import Fee, FeeError, compute_fee

from .model import (
    FEE_MEASURES,
    REGULATION_FIRST,
    CaseFacts,
    Letter,
    LetterError,
    R,
    clause,
    cn_date,
    make_letter,
    placeholder,
)

SUPPLEMENT = "supplement"
EXTENSION = "extension"
FEE = "fee"
THIRD_PARTY = "third_party"
AGENCY_CONSULTATION = "agency_consultation"
REASONS_REQUEST = "reasons_request"
LATER_REPLY = "later_reply"

NOTICE_TITLES: dict[str, str] = {
    SUPPLEMENT: "政府信息公开申请补正告知书",
    EXTENSION: "政府信息公开申请延期答复告知书",
    FEE: "信息处理费缴纳通知书",
    THIRD_PARTY: "政府信息公开第三方意见征询函",
    AGENCY_CONSULTATION: "政府信息公开征求意见函",
    REASONS_REQUEST: "政府信息公开申请说明理由告知书",
    LATER_REPLY: "政府信息公开申请延迟答复告知书",
}
NOTICE_CHOICES: tuple[tuple[str, str], ...] = tuple(NOTICE_TITLES.items())

_ORDINALS = "一二三四五六七八九十"


def _ordinal(i: int) -> str:
    return f"（{_ORDINALS[i]}）" if i < len(_ORDINALS) else f"（{i + 1}）"


def _received(facts: CaseFacts, *, first: bool = True) -> str:
    """本机关于…收到您提交的政府信息公开申请（申请编号：…），您申请公开“…”。"""
    law = f"根据{REGULATION_FIRST}的规定，" if first else ""
    return f"{facts.received_text}，{facts.you}申请公开{facts.request_text}。{law}现将有关事项告知如下："


def _period(days: int | None, deadline: dt.date | None, what: str) -> str:
    """``15个工作日内（即2025年2月10日前）``, or a gap if neither is known."""
    if days is None and deadline is None:
        return placeholder(what)
    parts = f"{days}个工作日内" if days is not None else ""
    if deadline is not None:
        parts += f"（即{cn_date(deadline)}前）" if parts else f"{cn_date(deadline)}前"
    return parts


def _after(facts: CaseFacts, day: dt.date | None, what: str) -> dt.date | None:
    """A date the letter announces must come after the letter's own date."""
    if day is not None and day <= facts.date:
        raise LetterError(f"{what}（{cn_date(day)}）应晚于文书日期{cn_date(facts.date)}")
    return day


def _positive_days(days: object, what: str) -> int | None:
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise LetterError(f"{what}应为正整数（工作日），收到：{days!r}")
    return days


def supplement_notice(
    facts: CaseFacts,
    *,
    items: Sequence[str] = (),
    days: int | None = None,
    deadline: dt.date | None = None,
    guidance: str = "",
) -> Letter:
    """补正告知书 (Art. 30): one notice listing everything to add (``items``), the period
    (``days`` working days from receipt of the notice and/or the ``deadline``) and ``guidance``
    (指导和释明) on how to describe the information."""
    days = _positive_days(days, "补正期限")
    deadline = _after(facts, deadline, "补正期限")
    you = facts.you
    lines = [clause(s) for s in items if clause(s)] or [placeholder("需要补正的事项")]
    listed = [f"{_ordinal(i)}{text}；" for i, text in enumerate(lines)]
    listed[-1] = listed[-1][:-1] + "。"
    paragraphs = [
        _received(facts),
        f"经审查，{you}的申请内容不明确，本机关无法确定{you}所申请公开的政府信息。根据{R}第三十条的规定，"
        f"请{you}对以下事项作出补正：",
        *listed,
        f"{clause(guidance)}。" if clause(guidance) else "",
        f"请{you}自收到本告知书之日起{_period(days, deadline, '补正期限')}向本机关提交补正后的申请。"
        "答复期限自本机关收到补正的申请之日起计算。"
        f"{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return make_letter(facts, "notice", SUPPLEMENT, NOTICE_TITLES[SUPPLEMENT], paragraphs)


def extension_notice(
    facts: CaseFacts, *, new_due: dt.date | None = None, days: int = MAX_EXTENSION_DAYS, reason: str = ""
) -> Letter:
    """延期答复告知书 (Art. 33): the reply period of 20 working days is extended by ``days``
    (at most 20) with the consent of the head of the disclosure office; reply by ``new_due``."""
    checked = _positive_days(days, "延长的期限")
    days = MAX_EXTENSION_DAYS if checked is None else checked
    new_due = _after(facts, new_due, "延长后的答复期限")
    if days > MAX_EXTENSION_DAYS:
        raise LetterError(
            f"延长答复期限最长不得超过{MAX_EXTENSION_DAYS}个工作日（条例第三十三条），收到：{days}"
        )
    why = f"因{clause(reason)}，" if clause(reason) else ""
    due = cn_date(new_due) if new_due else placeholder("延长后的答复期限")
    paragraphs = [
        _received(facts),
        f"{why}本机关无法在{REPLY_DAYS}个工作日内作出答复。根据{R}第三十三条的规定，经本机关政府信息公开工作机构"
        f"负责人同意，答复期限延长{days}个工作日，本机关将于{due}前作出答复。",
    ]
    return make_letter(facts, "notice", EXTENSION, NOTICE_TITLES[EXTENSION], paragraphs)


def fee_notice(
    facts: CaseFacts,
    *,
    method: str = "",
    quantity: int | None = None,
    fee: Fee | None = None,
    deadline: dt.date | None = None,
    payment: str = "",
    clock_paused: bool = True,
) -> Letter:
    """信息处理费缴纳通知书 (Art. 42; 国办函〔2020〕109号): ``fee`` or ``method`` (item/volume) and
    ``quantity``; pay within 20 working days of receipt (``deadline`` if known) by ``payment``;
    not paid in time → treated as given up. ``clock_paused`` (a setting; the default and its
    reasoning: docs/domain.md, "Fee notice and the clock") adds that the time until payment does not count towards the reply period."""
    deadline = _after(facts, deadline, "缴费期限")
    if fee is None:
        if not method or quantity is None:
            raise LetterError("收费通知需要计收方式和数量（或已计算的费用）")
        try:
            fee = compute_fee(method, quantity)
        except FeeError as exc:
            raise LetterError(str(exc)) from None
    if fee.amount <= 0:
        raise LetterError(f"按{fee.method.label}计算应缴费用为0元，无需发出收费通知")
    you = facts.you
    tiers = [str(line) for line in fee.lines]
    scope = "（申请人同一自然月内提出的申请合并计算）" if fee.method.value == "item" else ""
    paid = f"缴纳方式：{clause(payment) or placeholder('缴纳方式、收款账户')}。"
    paragraphs = [
        _received(facts, first=False),
        f"经审查，{you}申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATION_FIRST}第四十二条和"
        f"{FEE_MEASURES}的规定，本机关决定收取信息处理费。",
        f"计收方式：{fee.method.label}，共{fee.quantity}{fee.method.unit}{scope}。按超额累进方式计算如下：",
        *(f"{line}；" for line in tiers[:-1]),
        f"{tiers[-1]}。",
        f"应缴金额：{fee.amount}元。",
        f"请{you}自收到本通知书之日起{_period(FEE_PAYMENT_DAYS, deadline, '缴费期限')}缴纳。{paid}",
        f"{you}逾期未缴纳信息处理费的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        # As the clock pauses (rules.deadlines: from the notice's sending, its own day still counted,
        # to the day of payment): not from 送达, which only starts the applicant's 20 days to pay.
        f"自本通知书发出之日（{cn_date(facts.date)}）起至{you}缴纳信息处理费之日止的期间，不计算在答复期限内。"
        if clock_paused
        else "",
    ]
    return make_letter(facts, "notice", FEE, NOTICE_TITLES[FEE], paragraphs, closing="特此通知。")


def third_party_letter(
    facts: CaseFacts,
    *,
    third_party: str = "",
    concern: str = "",
    is_person: bool = False,
    deadline: dt.date | None = None,
    name_applicant: bool = False,
) -> Letter:
    """第三方意见征询函 (Art. 32) to ``third_party``, whose ``concern`` (商业秘密, 个人隐私 …) the
    information may touch: a written opinion within 15 working days; silence → the agency
    decides. The applicant is not named unless ``name_applicant``."""
    addressee = clause(third_party) or placeholder("第三方名称")
    deadline = _after(facts, deadline, "提出意见的期限")
    you = "您" if is_person else "贵单位"
    who = f"{facts.applicant.strip()}提交的" if name_applicant else ""
    touch = clause(concern) or "商业秘密、个人隐私"
    paragraphs = [
        f"本机关于{cn_date(facts.received)}收到{who}政府信息公开申请（申请编号：{facts.application_number.strip()}），"
        f"申请公开{facts.request_text}。经审查，该政府信息可能涉及{you}的{touch}，公开可能损害{you}的合法权益。"
        f"根据{REGULATION_FIRST}第三十二条的规定，现书面征求{you}的意见。",
        f"请{you}自收到本函之日起{_period(CONSULTATION_DAYS, deadline, '提出意见的期限')}，就是否同意公开该政府信息"
        "向本机关提出书面意见；不同意公开的，请说明理由。逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。",
        f"{you}不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
        f"并将决定公开的政府信息内容和理由书面告知{you}。",
    ]
    return make_letter(
        facts,
        "notice",
        THIRD_PARTY,
        NOTICE_TITLES[THIRD_PARTY],
        paragraphs,
        addressee=addressee,
        closing="特此函询。",
    )


def agency_consultation_letter(
    facts: CaseFacts, *, agency: str = "", deadline: dt.date | None = None, name_applicant: bool = False
) -> Letter:
    """征求意见函 (Art. 34) to ``agency``, which made the information together with this one:
    an opinion within 15 working days of receipt; no opinion in time counts as consent."""
    addressee = clause(agency) or placeholder("被征求意见机关名称")
    deadline = _after(facts, deadline, "提出意见的期限")
    who = f"{facts.applicant.strip()}提交的" if name_applicant else ""
    paragraphs = [
        f"本机关于{cn_date(facts.received)}收到{who}政府信息公开申请（申请编号：{facts.application_number.strip()}），"
        f"申请公开{facts.request_text}。经审查，该政府信息由本机关与贵机关共同制作。根据{REGULATION_FIRST}"
        "第三十四条的规定，现征求贵机关的意见。",
        f"请贵机关自收到本函之日起{_period(CONSULTATION_DAYS, deadline, '提出意见的期限')}，就是否同意公开该政府信息"
        "向本机关提出书面意见；不同意公开的，请说明理由和依据。逾期未提出意见的，视为同意公开。",
    ]
    return make_letter(
        facts,
        "notice",
        AGENCY_CONSULTATION,
        NOTICE_TITLES[AGENCY_CONSULTATION],
        paragraphs,
        addressee=addressee,
        closing="特此函询。",
    )


def reasons_request_notice(
    facts: CaseFacts,
    *,
    count: int | None = None,
    since: dt.date | None = None,
    days: int | None = None,
    deadline: dt.date | None = None,
) -> Letter:
    """说明理由告知书 (Art. 35): the number or frequency of the applicant's requests (``count``
    applications since ``since``) clearly exceeds a reasonable range; explain the reasons
    within ``days`` working days / by ``deadline``."""
    days = _positive_days(days, "说明理由的期限")
    deadline = _after(facts, deadline, "说明理由的期限")
    you = facts.you
    tally = ""
    if count is not None:
        start = f"自{cn_date(since)}以来" if since else ""
        tally = f"{you}{start}共向本机关提出政府信息公开申请{count}件，"
    paragraphs = [
        _received(facts),
        f"经审查，{tally}申请公开政府信息的数量、频次明显超过合理范围。根据{R}第三十五条的规定，请{you}自收到本告知书之日起"
        f"{_period(days, deadline, '说明理由的期限')}，向本机关书面说明申请理由。",
        f"本机关认为申请理由不合理的，将告知{you}不予处理；认为申请理由合理，但是无法在{R}第三十三条规定的期限内答复的，"
        f"将确定延迟答复的合理期限并告知{you}。",
    ]
    return make_letter(facts, "notice", REASONS_REQUEST, NOTICE_TITLES[REASONS_REQUEST], paragraphs)


def later_reply_notice(facts: CaseFacts, *, later: dt.date | None = None, reason: str = "") -> Letter:
    """延迟答复告知书 (Art. 35): the reasons are accepted, but the reply cannot be given within the
    period of Art. 33; the agency will reply by ``later``."""
    you = facts.you
    later = _after(facts, later, "延迟答复的期限")
    why = f"因{clause(reason)}，" if clause(reason) else ""
    due = cn_date(later) if later else placeholder("延迟答复的期限")
    paragraphs = [
        _received(facts),
        f"经审查，本机关认为{you}的申请理由合理，但{why}无法在{R}第三十三条规定的期限内答复。根据{R}第三十五条的规定，"
        f"本机关确定延迟答复的期限，将于{due}前作出答复。",
    ]
    return make_letter(facts, "notice", LATER_REPLY, NOTICE_TITLES[LATER_REPLY], paragraphs)


_COMPOSERS: dict[str, Callable[..., Letter]] = {
    SUPPLEMENT: supplement_notice,
    EXTENSION: extension_notice,
    FEE: fee_notice,
    THIRD_PARTY: third_party_letter,
    AGENCY_CONSULTATION: agency_consultation_letter,
    REASONS_REQUEST: reasons_request_notice,
    LATER_REPLY: later_reply_notice,
}


def compose_notice(kind: str, facts: CaseFacts, **details: object) -> Letter:
    """The notice of ``kind`` (a key of :data:`NOTICE_TITLES`); ``details`` are the keyword
    arguments of that kind's function above."""
    try:
        compose = _COMPOSERS[kind]
    except (KeyError, TypeError):
        raise LetterError(
            f"未知的文书类型“{kind}”，应为：{'、'.join(f'{k}（{t}）' for k, t in NOTICE_TITLES.items())}"
        ) from None
    try:
        return compose(facts, **details)
    except TypeError as exc:
        raise LetterError(f"{NOTICE_TITLES[kind]}的参数不正确：{exc}") from None
