"""The outcomes of a reply to an application (答复结果) and the applicant kinds (申请人类型).

The outcomes are exactly the result rows of section 三 of the 2021 annual-report format
(国办公开办函〔2021〕30号), keyed by the same dotted row keys as :mod:`gongkai.rules.annual.model`
— that module is the one source of truth for the list; this one adds to each row its legal basis
(Art. 14–16, 30, 35–39, 42 of the Regulation), its group, whether it is a refusal to disclose,
the remedy notice the reply letter must carry and the name of its letter template.

Remedies (every reply states them; without them the periods run up to one year):
行政复议 within 60 days (行政复议法 2023 Art. 20) and 行政诉讼 within 6 months (行政诉讼法
Art. 46). Since 2024-01-01 a refusal to disclose (不予公开) goes to 行政复议 first
(行政复议法 2023 Art. 23 ¶1 (四)): its remedy text says so and offers no direct lawsuit.

A partial disclosure (部分公开) also withholds part of the information, so its remedy text states
reconsideration first as well: telling an applicant that a direct lawsuit is open when it is not
would cost them their remedy, while reconsideration first is always open.

The scope of 复议前置 is unsettled, so it is a reading chosen by setting (:class:`Reading`):
*narrow* — only refusals (不予公开, and 部分公开 for its refused part); *broad* (the default) — every
reply in which the applicant does not get the information: also 无法提供, 不予处理 and 其他处理, as
many courts read Art. 23 ¶1 (四). See docs/domain.md, "Remedies".

The remedy notice must name the 行政复议机关 (行政复议法 2023 Art. 20 ¶3: without it the 60 days
run up to a year): unnamed, the text leaves the gap :data:`RECONSIDERATION_BODY_GAP`, which a letter
cannot be signed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .annual import model


class OutcomeError(ValueError):
    """An unknown outcome or applicant kind; the message is for users (Chinese)."""


class Group(StrEnum):
    """The groups of section 三(三)–(六) and the two single rows (一) and (二)."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_PROCESSED = "not_processed"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    Group.GRANTED: "予以公开",
    Group.PARTIALLY_GRANTED: "部分公开",
    Group.WITHHELD: "不予公开",
    Group.UNAVAILABLE: "无法提供",
    Group.NOT_PROCESSED: "不予处理",
    Group.OTHER: "其他处理",
}


class Reading(StrEnum):
    """The reading of 复议前置 (行政复议法 2023 Art. 23 ¶1 (四)) the remedy notices follow."""

    BROAD = "broad"
    NARROW = "narrow"


DEFAULT_READING = Reading.BROAD
RECONSIDERATION_BODY_GAP = "【请填写行政复议机关】"

REGULATION = "《中华人民共和国政府信息公开条例》"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"

# Row key → (short name, legal basis). The articles are those of the Regulation unless another
# instrument is named. See docs/domain.md, "Disclosure on application" (each outcome with its legal basis), and Art. 36's seven items.
_DETAILS: dict[str, tuple[str, tuple[str, ...]]] = {
    "granted": ("予以公开", ("第三十六条第（一）项", "第三十六条第（二）项")),
    "partially_granted": ("部分公开", ("第三十七条",)),
    "withheld.state_secret": ("属于国家秘密", ("第十四条",)),
    "withheld.prohibited_by_law": ("其他法律行政法规禁止公开", ("第十四条",)),
    "withheld.security_stability": ("危及“三安全一稳定”", ("第十四条",)),
    "withheld.third_party_rights": ("保护第三方合法权益", ("第十五条", "第三十二条")),
    "withheld.internal_affairs": ("属于三类内部事务信息", ("第十六条第一款",)),
    "withheld.process_information": ("属于四类过程性信息", ("第十六条第二款",)),
    "withheld.enforcement_files": ("属于行政执法案卷", ("第十六条第二款",)),
    "withheld.administrative_query": ("属于行政查询事项", ("第三十六条第（七）项",)),
    "unavailable.not_held": ("本机关不掌握相关政府信息", ("第三十六条第（四）项", "第三十六条第（五）项")),
    "unavailable.needs_creation": ("没有现成信息需要另行制作", ("第三十八条",)),
    "unavailable.still_unclear": ("补正后申请内容仍不明确", ("第三十条",)),
    "not_processed.complaint": ("信访举报投诉类申请", ("第三十九条第一款",)),
    "not_processed.duplicate": ("重复申请", ("第三十六条第（六）项",)),
    "not_processed.publication": ("要求提供公开出版物", ("第三十九条第二款",)),
    "not_processed.excessive": ("无正当理由大量反复申请", ("第三十五条",)),
    # The Regulation has no article for this row; it exists in the national table only.
    "not_processed.confirmation": ("要求行政机关确认或重新出具已获取信息", ()),
    "other.no_correction": ("逾期不补正", ("第三十条",)),
    "other.fee_unpaid": (
        "逾期未缴纳信息处理费",
        ("第四十二条", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"),
    ),
    # 其他 (e.g. the applicant withdrew the application): no single article.
    "other.other": ("其他", ()),
}


@dataclass(frozen=True)
class Outcome:
    """One reply outcome = one result row of section 三 of the 2021 format."""

    code: str  # the dotted row key, e.g. "withheld.state_secret"
    name: str  # short Chinese name for the case page
    row_label: str  # the row's text in the national table
    group: Group
    basis: tuple[str, ...]  # articles of the Regulation (or another instrument, named in full)

    @property
    def is_refusal(self) -> bool:
        """A decision not to disclose (all or part): 行政复议 must come first (行政复议法 2023 Art. 23(四))."""
        return self.group in (Group.WITHHELD, Group.PARTIALLY_GRANTED)

    @property
    def letter_template(self) -> str:
        """The name of the reply letter's template (one per outcome)."""
        return "reply_" + self.code.replace(".", "_")

    @property
    def display(self) -> str:
        """ "group · name", or the name alone for the single rows 予以公开 and 部分公开."""
        return self.name if self.group.label == self.name else f"{self.group.label}·{self.name}"

    @property
    def basis_text(self) -> str:
        """The legal basis as a reply letter cites it, e.g. 《…条例》第十四条; empty if none."""
        parts, named = [], False
        for b in self.basis:
            if b.startswith("《"):
                parts.append(b)
            else:
                parts.append(b if named else REGULATION + b)
                named = True
        return "、".join(parts)

    def reconsideration_first(self, reading: str = DEFAULT_READING) -> bool:
        """Must the applicant apply for 行政复议 before suing (行政复议法 2023 Art. 23 ¶1 (四))?
        Narrow reading: refusals only (不予公开, 部分公开); broad: every outcome but 予以公开."""
        if Reading(reading) == Reading.NARROW:
            return self.is_refusal
        return self.group != Group.GRANTED

    def remedy_text(
        self, reconsideration_body: str = "", court: str = "", reading: str = DEFAULT_READING
    ) -> str:
        """The remedy notice (救济途径告知) closing the reply letter."""
        return remedy_text(self.reconsideration_first(reading), reconsideration_body, court)


def remedy_text(refusal: bool, reconsideration_body: str = "", court: str = "") -> str:
    """行政复议 60 days (行政复议法 Art. 20); 行政诉讼 6 months (行政诉讼法 Art. 46), except where
    行政复议 must come first (``refusal``: 行政复议法 Art. 23 ¶1 (四)). The 行政复议机关 is named
    (Art. 20 ¶3); unknown, the text carries the gap :data:`RECONSIDERATION_BODY_GAP`."""
    to_body = f"向{reconsideration_body.strip() or RECONSIDERATION_BODY_GAP}"
    to_court = f"向{court}" if court else ""
    reconsider = (
        f"可以自知道该行政行为之日起60日内，依照{RECONSIDERATION_LAW}第二十条的规定{to_body}申请行政复议"
    )
    if refusal:
        return (
            f"如对本答复不服，{reconsider}。依照{RECONSIDERATION_LAW}第二十三条第一款第（四）项的规定，"
            "申请政府信息公开、行政机关不予公开的，应当先申请行政复议；对行政复议决定不服的，"
            f"可以再依法{to_court}提起行政诉讼。"
        )
    return (
        f"如对本答复不服，{reconsider}；也可以自知道该行政行为之日起6个月内，"
        f"依照{LITIGATION_LAW}第四十六条的规定{to_court}提起行政诉讼。"
    )


def _build() -> tuple[Outcome, ...]:
    out = []
    for row in model.result_rows(model.FORMAT_2021):
        name, basis = _DETAILS[row.key]
        group = Group(row.key.split(".", 1)[0])
        out.append(Outcome(row.key, name, row.label, group, basis))
    return tuple(out)


OUTCOMES: tuple[Outcome, ...] = _build()
OUTCOME_CODES: tuple[str, ...] = tuple(o.code for o in OUTCOMES)
_BY_CODE = {o.code: o for o in OUTCOMES}


def get_outcome(code: str) -> Outcome:
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise OutcomeError(f"未知的答复结果“{code}”，应为年度报告第三部分的办理结果之一") from None


def outcome_choices() -> list[tuple[str, str]]:
    """(code, "group · name") pairs for a Django ``choices``."""
    return [(o.code, o.display) for o in OUTCOMES]


# Applicant kinds (申请人类型): 自然人, and 法人或其他组织 of five kinds — the report's columns.
NATURAL_PERSON = "natural_person"
LEGAL_PERSON_CATEGORY = "法人或其他组织"


@dataclass(frozen=True)
class ApplicantKind:
    code: str  # = the applicant column key of the annual report
    name: str
    category: str  # 自然人 or 法人或其他组织

    @property
    def column(self) -> str:
        return self.code


APPLICANT_KINDS: tuple[ApplicantKind, ...] = tuple(
    ApplicantKind(key, label, "自然人" if key == NATURAL_PERSON else LEGAL_PERSON_CATEGORY)
    for key, label in model.APPLICANT_COLUMNS
)
_KINDS = {k.code: k for k in APPLICANT_KINDS}


def applicant_kind(code: str) -> ApplicantKind:
    try:
        return _KINDS[code]
    except (KeyError, TypeError):
        names = "、".join(f"{k.code}（{k.name}）" for k in APPLICANT_KINDS)
        raise OutcomeError(f"未知的申请人类型“{code}”，应为：{names}") from None


def applicant_column(code: str) -> str:
    """The annual-report column an applicant of this kind is counted in."""
    return applicant_kind(code).column
