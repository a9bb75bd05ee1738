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

This module is the letter: its opening, the decision of :mod:`.decisions` (one composer per
outcome, with :class:`ReplyDetails`) and the remedy notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gongkai.rules.outcomes import Outcome, get_outcome
from gongkai.rules.provision import FormDecision

from .decisions import DECISIONS, Context, PublishedRef, ReplyDetails, published_text
from .model import FEE_MEASURES, REGULATION_FIRST, CaseFacts, Letter, R, clause, make_letter

__all__ = [
    "FEE_MEASURES",
    "REGULATION_FIRST",
    "REPLY_TITLE",
    "PublishedRef",
    "R",
    "ReplyDetails",
    "compose_reply",
    "published_text",
    "reply_letter",
]

REPLY_TITLE = "政府信息公开申请答复告知书"


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
    decision = DECISIONS[outcome.code](Context(facts, details))
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
