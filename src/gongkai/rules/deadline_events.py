"""The event model of an application's case (依申请公开办理事项): the kinds of event, one
:class:`Event` row each, the :class:`Clock` a replay returns and :class:`ActionRefused`.

The replay itself (the rules of Art. 30–35 and 42) is :mod:`gongkai.rules.deadlines`; the Django
app stores one row per :class:`Event` and replays them through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

REPLY_DAYS = 20  # Art. 33 ¶1
MAX_EXTENSION_DAYS = 20  # Art. 33 ¶1
SUPPLEMENT_NOTICE_DAYS = 7  # Art. 30
CONSULTATION_DAYS = 15  # Art. 32, 34
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号
FEE_BASIS = "第四十二条、国办函〔2020〕109号"


class EventKind(StrEnum):
    RECEIVED = "received"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    THIRD_PARTY_CONSULTED = "third_party_consulted"
    AGENCY_CONSULTED = "agency_consulted"
    CONSULTATION_ANSWERED = "consultation_answered"
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_PAID = "fee_paid"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_NOTIFIED = "extension_notified"
    REASONS_REQUESTED = "reasons_requested"
    LATER_DATE_SET = "later_date_set"
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    EventKind.RECEIVED: "收到申请",
    EventKind.SUPPLEMENT_REQUESTED: "告知补正",
    EventKind.SUPPLEMENT_RECEIVED: "收到补正",
    EventKind.THIRD_PARTY_CONSULTED: "征求第三方意见",
    EventKind.AGENCY_CONSULTED: "征求其他机关意见",
    EventKind.CONSULTATION_ANSWERED: "收到征求意见答复",
    EventKind.FEE_NOTICE_SENT: "发出收费通知",
    EventKind.FEE_PAID: "缴纳信息处理费",
    EventKind.EXTENSION_APPROVED: "负责人同意延期",
    EventKind.EXTENSION_NOTIFIED: "告知申请人延期",
    EventKind.REASONS_REQUESTED: "要求说明理由",
    EventKind.LATER_DATE_SET: "确定延迟答复期限",
    EventKind.REPLIED: "答复",
    EventKind.WITHDRAWN: "申请人撤回申请",
}
EVENT_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (k.value, k.label) for k in EventKind
)  # for a Django field


class ActionRefused(ValueError):
    """An action the Regulation does not allow at this point; the message (Chinese) names the article."""

    def __init__(self, message: str, article: str = ""):
        self.article = article
        super().__init__(message)


@dataclass(frozen=True)
class Event:
    """One thing that happened to an application (a row of the case's history).

    ``days``: the supplement period (补正期限) or the extension, in working days.
    ``served``: the day the addressee received a notice or letter (default: ``date``).
    ``until``: the later reply date set under Art. 35, or the last day of a supplement period.  ``party``: who was consulted (pairs a
    consultation with its answer).  ``outcome``: the reply's outcome code
    (:mod:`gongkai.rules.outcomes`).  ``excused``: a late supplement accepted for a good reason.
    """

    kind: EventKind
    date: dt.date
    days: int | None = None
    served: dt.date | None = None
    until: dt.date | None = None
    party: str = ""
    outcome: str = ""
    excused: bool = False
    note: str = ""


class Status(StrEnum):
    NOT_RECEIVED = "not_received"
    RUNNING = "running"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "not_received": "未确认收到",
            "running": "办理中",
            "awaiting_supplement": "等待补正",
            "consulting": "征求意见中",
            "awaiting_fee": "等待缴费",
            "closed": "已办结",
        }[self.value]


@dataclass(frozen=True)
class Clock:
    """The state of a case's clock. ``due`` is ``None`` while the clock is stopped (waiting for
    a supplement, or paused by an open consultation or an unpaid fee) — ``waiting_until`` then
    says when that period ends at the latest — and while it is pending (below)."""

    status: Status
    due: dt.date | None
    steps: tuple[str, ...]
    received: dt.date | None = None
    started: dt.date | None = None  # receipt, or receipt of the supplement (Art. 30)
    extension_days: int = 0
    paused_workdays: int = 0  # working days not counted (Art. 33 ¶2, fee period)
    waiting_until: dt.date | None = None
    closed_on: dt.date | None = None
    outcome: str | None = None
    overdue: bool = False
    # A count ran into a year whose holidays are not entered: ``due`` is then None and
    # ``earliest_due`` the earliest possible date (that year's weekends only); ``waiting_until``
    # may be such an estimate too. See :mod:`gongkai.rules.calendar`.
    earliest_due: dt.date | None = None
    pending_year: int | None = None

    @property
    def pending_text(self) -> str:
        """ "答复期限待定：2027年节假日安排尚未录入" (empty when nothing is pending)."""
        if self.pending_year is None:
            return ""
        what = "答复期限" if self.earliest_due is not None else "期限"
        return f"{what}待定：{self.pending_year}年节假日安排尚未录入"
