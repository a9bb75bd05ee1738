"""The input and output of the letters of disclosure on application (依申请公开文书).

:class:`CaseFacts` is what every letter of one case needs to know (agency, applicant, what was
asked — Art. 29 of the Regulation); :class:`Letter` is a composed letter, plain data that staff may
edit (``dataclasses.replace``) before a leader signs it and the sent version is frozen
(:func:`gongkai.rules.letters.render.frozen`). :func:`letter_to_dict` and :func:`letter_from_dict`
give a JSON-safe form for storing drafts.

Words a letter leaves for staff to fill in are marked :data:`PLACEHOLDER_OPEN` … ``】``
(e.g. ``【请填写：不予公开的理由】``); :attr:`Letter.placeholders` lists them, so a letter with any
left can be refused at signing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from gongkai.rules.numbers import NumberError, normalize_document_number

# The law as the letters cite it: the Regulation in full the first time, then 《条例》.
REGULATION_FIRST = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
R = "《条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

PLACEHOLDER_OPEN = "【请填写："
# 【请填写：…】, and the bare 【请填写行政复议机关】 of the remedy notice (rules.outcomes).
_PLACEHOLDER = re.compile(r"【请填写：?([^】]*)】")
_END_PUNCTUATION = "。．.，,；;：:、 \t\n"
# A run of punctuation where only the last mark belongs: "。。", "，。", "；。", "。，" … (a sentence
# joined to a text that already ends in a mark). "？。" and "！。" keep the question or exclamation.
_DOUBLED = re.compile(r"[。，；：、]+(?=[。，；：、])")
_QUESTION_STOP = re.compile(r"([？！])[。，；：、]")


def clause(text: str) -> str:
    """Text typed by staff or the applicant, without the punctuation that ends it (the letter adds
    its own): "情况属实。" → "情况属实"."""
    return (text or "").strip().rstrip(_END_PUNCTUATION).strip()


def tidy(text: str) -> str:
    """No doubled punctuation ("。。", "，。", "；。") in a letter, whatever was typed."""
    return _QUESTION_STOP.sub(r"\1", _DOUBLED.sub("", text))


_APPLICATION_NUMBER = re.compile(r"^\s*(\d{4})\s*[-－—–/]\s*(\d+)\s*$")


class LetterError(ValueError):
    """Bad input to a letter; the message is for users (Chinese)."""


def placeholder(what: str) -> str:
    """A gap for staff to fill in: ``【请填写：what】``."""
    return f"{PLACEHOLDER_OPEN}{what}】"


def cn_date(day: dt.date) -> str:
    """A date as letters write it (GB/T 9704: Arabic numerals, no leading zeros): 2025年1月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


def letter_number(prefix: str, application_number: str, year: int) -> str:
    """The document number line (发文字号) of a case's letters: prefix ``随民依公开`` and
    application ``2025-0123`` give ``随民依公开〔2025〕123号`` (GB/T 9704-2012 7.2.4: no 第, no
    leading zeros); an application number of another
    shape keeps its text and takes the letter's year. Empty without a prefix."""
    if not prefix.strip():
        return ""
    m = _APPLICATION_NUMBER.match(application_number)
    if m:
        return f"{prefix.strip()}〔{m[1]}〕{int(m[2])}号"
    return f"{prefix.strip()}〔{year}〕{application_number.strip()}号"


def issued_number(prefix: str, year: int, serial: int) -> str:
    """The number (发文字号) of one letter as issued: the agency's ``serial``-th letter of ``year``
    (GB/T 9704-2012 7.2.4: 机关代字, the year in 〔〕, the serial without 第 or leading zeros):
    ``鄂民依公开〔2026〕12号``. Every notice and reply takes its own from the agency's sequence."""
    if not prefix.strip():
        raise LetterError("缺少发文字号的机关代字")
    if isinstance(serial, bool) or not isinstance(serial, int) or serial < 1:
        raise LetterError(f"发文序号应为正整数，收到：{serial!r}")
    return f"{prefix.strip()}〔{year}〕{serial}号"


UNNUMBERED_SERIAL = "\u3000\u3000"  # two full-width spaces: the serial a letter takes when it is sent


def unnumbered(prefix: str, year: int) -> str:
    """The number line of a letter not yet sent (a draft): ``鄂民依公开〔2026〕　　号`` — the serial is
    given from the agency's sequence only when the letter is sent (:func:`issued_number`)."""
    return f"{prefix.strip()}〔{year}〕{UNNUMBERED_SERIAL}号" if prefix.strip() else ""


@dataclass(frozen=True)
class CaseFacts:
    """What the letters of one application share (Art. 29: applicant, description, form wanted).

    ``date`` is the letter's date (成文日期). ``submitted`` is the date on the application when it
    differs from ``received``, the day the agency received it (Art. 31). ``title`` and
    ``document_number`` are the name and 文号 of the information asked for, if the applicant gave
    them. ``medium`` is the form wanted (载体形式: 纸质, 电子 …) and ``delivery`` how to receive it
    (获取方式: 邮寄, 电子邮件, 自行领取 …). ``number_prefix`` makes the document number line; ``number``
    overrides it whole. ``reconsideration_body`` and ``court`` are named in the remedy notice when
    given (unknown, the remedy notice leaves the gap 【请填写行政复议机关】). ``seal`` is a line shown
    above the signature (e.g. ``（此件加盖政府信息公开专用章）``). ``reading`` is the reading of
    复议前置 (``broad`` or ``narrow``: :class:`gongkai.rules.outcomes.Reading`).
    """

    agency: str
    application_number: str
    applicant: str
    received: dt.date
    description: str
    date: dt.date
    office: str = ""
    address: str = ""
    phone: str = ""
    contact_person: str = ""
    applicant_is_organisation: bool = False
    submitted: dt.date | None = None
    title: str = ""
    document_number: str = ""
    medium: str = ""
    delivery: str = ""
    number_prefix: str = ""
    number: str = ""
    reconsideration_body: str = ""
    court: str = ""
    seal: str = ""
    reading: str = "broad"

    def __post_init__(self) -> None:
        for name in ("agency", "application_number", "applicant", "description"):
            if not str(getattr(self, name) or "").strip():
                raise LetterError(f"缺少{_FIELD_LABELS[name]}")
        for name in ("received", "date"):
            if not isinstance(getattr(self, name), dt.date):
                raise LetterError(f"{_FIELD_LABELS[name]}应为日期")
        if self.date < self.received:
            raise LetterError(f"文书日期{cn_date(self.date)}早于收到申请的日期{cn_date(self.received)}")
        if self.submitted is not None and self.submitted > self.received:
            raise LetterError(
                f"申请日期{cn_date(self.submitted)}晚于收到申请的日期{cn_date(self.received)}："
                "申请不能在提出之前收到，请核对申请日期和收到日期"
            )

    @property
    def you(self) -> str:
        """How the letter addresses the applicant: 您, or 你单位 for a legal person or organisation."""
        return "你单位" if self.applicant_is_organisation else "您"

    @property
    def letter_number(self) -> str:
        return self.number.strip() or letter_number(
            self.number_prefix, self.application_number, self.date.year
        )

    @property
    def received_text(self) -> str:
        """本机关于〈收到日期〉收到您〔于〈申请日期〉〕提交的政府信息公开申请（申请编号：…） (Art. 31)."""
        submitted = (
            f"于{cn_date(self.submitted)}" if self.submitted and self.submitted != self.received else ""
        )
        return (
            f"本机关于{cn_date(self.received)}收到{self.you}{submitted}提交的政府信息公开申请（申请编号："
            f"{self.application_number.strip()}）"
        )

    @property
    def document_number_text(self) -> str:
        """The 文号 asked for, in its stored form (〔〕) when it can be read, else as typed."""
        try:
            return normalize_document_number(self.document_number)
        except NumberError:
            return self.document_number.strip()

    @property
    def request_text(self) -> str:
        """What was asked: “description”（信息名称：《…》；文号：…）."""
        details = []
        if clause(self.title):
            title = clause(self.title)
            details.append("信息名称：" + (title if title.startswith("《") else f"《{title}》"))
        if self.document_number.strip():
            details.append("文号：" + self.document_number_text)
        text = f"“{clause(self.description)}”"
        return text + (f"（{'；'.join(details)}）" if details else "")

    @property
    def contact_note(self) -> str:
        """The note (附注) under the date: who to contact at the office."""
        parts = []
        if clause(self.office):
            parts.append(f"联系机构：{clause(self.office)}")
        if clause(self.contact_person):
            parts.append(f"联系人：{clause(self.contact_person)}")
        if clause(self.phone):
            parts.append(f"联系电话：{clause(self.phone)}")
        if clause(self.address):
            parts.append(f"通信地址：{clause(self.address)}")
        return f"（{'；'.join(parts)}）" if parts else ""


_FIELD_LABELS = {
    "agency": "机关名称",
    "application_number": "申请编号",
    "applicant": "申请人姓名或名称",
    "description": "所申请信息的内容描述",
    "received": "收到申请日期",
    "date": "文书日期",
}


@dataclass(frozen=True)
class Letter:
    """A composed letter. ``kind`` is ``reply`` or a notice kind; ``template`` names the variant
    (for replies the outcome's ``letter_template``); ``outcome`` is the reply's outcome code."""

    kind: str
    template: str
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    signature: str
    date: dt.date
    seal: str = ""
    note: str = ""
    attachments: tuple[str, ...] = ()
    outcome: str = ""
    application_number: str = ""
    closing: str = "特此告知。"

    @property
    def date_text(self) -> str:
        return cn_date(self.date)

    @property
    def body(self) -> tuple[str, ...]:
        """The paragraphs and the closing formula, as printed under the addressee (punctuation
        tidied: :func:`tidy`)."""
        paragraphs = tuple(tidy(p) for p in self.paragraphs)
        return (*paragraphs, self.closing) if self.closing else paragraphs

    def text(self) -> str:
        """The whole letter as plain text (for the applicant's status page and for search)."""
        lines = [self.title]
        if self.number:
            lines.append(self.number)
        lines.append(f"{self.addressee}：")
        lines.extend(self.body)
        if self.attachments:
            lines.extend(attachment_lines(self.attachments))
        if self.seal:
            lines.append(self.seal)
        lines.extend([self.signature, self.date_text])
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    @property
    def placeholders(self) -> list[str]:
        """What is still to be filled in (the text inside each ``【请填写：…】``)."""
        return _PLACEHOLDER.findall(self.text())


def attachment_lines(attachments: tuple[str, ...]) -> list[str]:
    if not attachments:
        return []
    if len(attachments) == 1:
        return [f"附件：{attachments[0]}"]
    return [f"附件：1. {attachments[0]}", *(f"{i}. {a}" for i, a in enumerate(attachments[1:], start=2))]


def letter_to_dict(letter: Letter) -> dict[str, Any]:
    """A JSON-safe dict (dates as ISO strings, tuples as lists)."""
    data = asdict(letter)
    data["date"] = letter.date.isoformat()
    data["paragraphs"] = list(letter.paragraphs)
    data["attachments"] = list(letter.attachments)
    return data


def letter_from_dict(data: dict[str, Any]) -> Letter:
    """The inverse of :func:`letter_to_dict` (e.g. a draft edited by staff)."""
    values = dict(data)
    try:
        values["date"] = dt.date.fromisoformat(str(values["date"]))
        values["paragraphs"] = tuple(str(p) for p in values.get("paragraphs", ()))
        values["attachments"] = tuple(str(a) for a in values.get("attachments", ()))
        return Letter(**values)
    except (KeyError, TypeError, ValueError) as exc:
        raise LetterError(f"文书数据不完整或格式不正确：{exc}") from None


def make_letter(
    facts: CaseFacts,
    kind: str,
    template: str,
    title: str,
    paragraphs: list[str] | tuple[str, ...],
    *,
    addressee: str | None = None,
    attachments: tuple[str, ...] = (),
    outcome: str = "",
    closing: str = "特此告知。",
) -> Letter:
    """A letter of ``facts``' case signed by its agency on ``facts.date``; to the applicant unless
    another ``addressee`` is given."""
    return Letter(
        kind=kind,
        template=template,
        title=title,
        number=facts.letter_number,
        addressee=(addressee or facts.applicant).strip(),
        paragraphs=tuple(tidy(p) for p in paragraphs if p),
        signature=facts.agency.strip(),
        date=facts.date,
        seal=facts.seal.strip(),
        note=facts.contact_note,
        attachments=tuple(attachments),
        outcome=outcome,
        application_number=facts.application_number.strip(),
        closing=closing,
    )
