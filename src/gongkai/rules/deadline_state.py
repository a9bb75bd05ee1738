"""The state of an application's case as :mod:`gongkai.rules.deadlines` replays its events: the
periods that run (reply, supplement, fee, consultations), the pauses that stop the reply clock, the
walk over working days that gives the due date, the expiry of periods as time passes, and the
summary :class:`~gongkai.rules.deadline_events.Clock`. What each action may do and what it changes
(with its article) is in ``deadlines``; this module is its state and arithmetic.

* Art. 33 ¶1: 20 working days from receipt (or from the supplement, Art. 30), plus one extension.
* Art. 33 ¶2: the time of a consultation (Art. 32, 34) is not counted; nor the fee payment period
  when ``fee_pauses_clock`` (Art. 42, 国办函〔2020〕109号; the setting, docs/domain.md).
* Art. 35: a later date set by the agency replaces the Art. 33 count.
* Art. 30, Art. 42: an unsupplemented or unpaid case closes the day after its period ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeVar

from .calendar import HolidayTable, Pending, pending_text
from .deadline_events import (
    FEE_BASIS,
    REPLY_DAYS,
    ActionRefused,
    Clock,
    Event,
    EventKind,
    Status,
)

_DAY = dt.timedelta(days=1)
_T = TypeVar("_T")


def known(value: _T | None, why: str) -> _T:
    """A value the replay guarantees at this point (``why``); a broken guarantee is a bug, not input."""
    if value is None:
        raise RuntimeError(f"答复期限计算的内部约定被破坏：{why}")
    return value


@dataclass
class Pause:
    start: dt.date  # working days after this day …
    end: dt.date | None  # … up to and including this one are not counted; None = still open
    party: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(kw_only=True)
class Consultation(Pause):
    """A consultation (第三十二条, 第三十四条): a pause with a 15-working-day limit."""

    cap: dt.date  # the consultation's 15-day limit
    article: str
    answered: bool = False
    pending: int | None = None  # the cap is an estimate: that year's holidays are not entered


@dataclass
class CaseState:
    """What the replay knows of a case after the events so far (``deadlines._Case`` applies them)."""

    table: HolidayTable
    fee_pauses: bool = True
    received: dt.date | None = None
    start: dt.date | None = None
    extension: int = 0
    consultations: list[Consultation] = field(default_factory=list)
    fee_pause: Pause | None = None
    supplement_notice: Event | None = None
    supplement_deadline: dt.date | None = None
    supplement_pending: int | None = None
    supplement_received: dt.date | None = None
    fee_notice: Event | None = None
    fee_deadline: dt.date | None = None
    fee_pending: int | None = None
    fee_paid: dt.date | None = None
    approval: Event | None = None
    reasons: dt.date | None = None
    later: dt.date | None = None
    closed_on: dt.date | None = None
    outcome: str | None = None
    by_expiry: bool = False
    closure_noticed: bool = False
    overdue: bool = False
    last: dt.date | None = None
    steps: list[str] = field(default_factory=list)

    # -- the clock ---------------------------------------------------------------------------
    def _pauses(self) -> list[Pause]:
        return [*self.consultations, *([self.fee_pause] if self.fee_pause and self.fee_pauses else [])]

    def walk(self) -> tuple[dt.date | None, int]:
        """(due date or None while stopped, working days skipped by pauses)."""
        if self.start is None or self.awaiting_supplement:
            return None, 0
        if self.later is not None:  # Art. 35: a fixed date replaces the Art. 33 count
            return self.later, 0
        day, counted, skipped = self.start, 0, 0
        pauses = self._pauses()
        while counted < REPLY_DAYS + self.extension:
            day += _DAY
            hit = [p for p in pauses if p.covers(day)]
            if any(p.end is None for p in hit):
                return None, skipped
            if self.table.is_workday(day):
                if hit:
                    skipped += 1
                else:
                    counted += 1
        return day, skipped

    def due_pending(self) -> Pending[dt.date] | None:
        """The due date, pending when the count ran into a year not entered; None while stopped."""
        day = self.walk()[0]
        if day is None or self.start is None:  # walk() gives no day without a start
            return None
        return Pending(day, None if self.later is not None else self.table.missing_year(self.start, day))

    def due(self) -> dt.date | None:
        """The due date when it is certain (None while stopped or pending)."""
        due = self.due_pending()
        return None if due is None or due.pending else due.value

    def _deadline(self, start: dt.date, n: int) -> Pending[dt.date]:
        return self.table.deadline(start, n)

    def _due_label(self) -> str:
        due = self.due_pending()
        if due is None:
            return "暂停计算"
        if due.year is not None:
            return f"待定：{pending_text(due.year)}（仅扣除周末估算，最早为{due.value}）"
        return str(due.value)

    def _due_text(self) -> str:
        due = self.due_pending()
        if due is None:
            return "答复期限暂停计算"
        return f"答复期限{self._due_label()}" if due.pending else f"答复期限 → {due.value}"

    @property
    def awaiting_supplement(self) -> bool:
        return self.supplement_notice is not None and self.supplement_received is None

    @property
    def awaiting_fee(self) -> bool:
        return self.fee_notice is not None and self.fee_paid is None

    def open_consultations(self) -> list[Consultation]:
        return [p for p in self.consultations if p.end is None]

    # -- time passing ------------------------------------------------------------------------
    def advance(self, day: dt.date, incoming: Event | None = None) -> None:
        """Let the periods that end before ``day`` expire (consultations, supplement, fee)."""
        for p in sorted(self.open_consultations(), key=lambda p: p.cap):
            if p.cap < day and self.closed_on is None and not p.pending:
                p.end = p.cap
                effect = (
                    "视为同意公开（第三十四条）"
                    if p.article == "第三十四条"
                    else "由本机关依法决定是否公开（第三十二条）"
                )
                self.steps.append(
                    f"{p.cap} {p.party}未在15个工作日内提出意见，{effect}；"
                    f"征求意见期间不计入答复期限，{self._due_text()}（第三十三条第二款）"
                )
        if self.closed_on is not None:
            return
        late_ok = incoming is not None and incoming.kind == EventKind.SUPPLEMENT_RECEIVED and incoming.excused
        if (
            self.awaiting_supplement
            and self.supplement_deadline is not None
            and self.supplement_deadline < day
            and not late_ok
            and not self.supplement_pending
        ):
            self._close(self.supplement_deadline + _DAY, "other.no_correction", by_expiry=True)
            self.steps.append(
                f"{self.supplement_deadline} 补正期限届满，申请人未补正，视为放弃申请，不再处理（第三十条）"
            )
        elif (
            self.awaiting_fee
            and self.fee_deadline is not None
            and self.fee_deadline < day
            and not self.fee_pending
        ):
            self._close(self.fee_deadline + _DAY, "other.fee_unpaid", by_expiry=True)
            self.steps.append(
                f"{self.fee_deadline} 缴费期限届满，申请人未缴纳信息处理费，视为放弃申请，"
                f"不再处理（{FEE_BASIS}）"
            )

    def _close(self, day: dt.date, outcome: str, *, by_expiry: bool = False) -> None:
        self.closed_on, self.outcome, self.by_expiry = day, outcome, by_expiry

    # -- refusals several actions share ----------------------------------------------------
    def _refuse_after_due(self, ev: Event, what: str) -> None:
        due = self.due()
        if due is not None and ev.date > due:
            raise ActionRefused(
                f"答复期限已于{due}届满，不能再{what}（第三十三条第一款）", "第三十三条第一款"
            )

    def _refuse_while_awaiting_supplement(self, what: str) -> None:
        if self.awaiting_supplement:
            raise ActionRefused(
                f"正在等待申请人补正（补正期限至{self.supplement_deadline}），答复期限自收到补正之日起"
                f"计算，现在不能{what}（第三十条）",
                "第三十条",
            )

    # -- summary -----------------------------------------------------------------------------
    def clock(self, as_of: dt.date | None) -> Clock:
        _, skipped = self.walk()
        counted = self.due_pending()
        due = counted.value if counted is not None and not counted.pending else None
        if self.closed_on is not None:
            status = Status.CLOSED
        elif self.received is None:
            status = Status.NOT_RECEIVED
        elif self.awaiting_supplement:
            status = Status.AWAITING_SUPPLEMENT
        elif self.awaiting_fee:
            status = Status.AWAITING_FEE
        elif self.open_consultations():
            status = Status.CONSULTING
        else:
            status = Status.RUNNING
        waiting, pending_year = None, None
        if status == Status.AWAITING_SUPPLEMENT:
            waiting, pending_year = self.supplement_deadline, self.supplement_pending
        elif status == Status.AWAITING_FEE:
            waiting, pending_year = self.fee_deadline, self.fee_pending
        elif status == Status.CONSULTING:
            last = max(self.open_consultations(), key=lambda p: p.cap)
            waiting, pending_year = last.cap, last.pending
        earliest = None
        if status not in (Status.CLOSED, Status.NOT_RECEIVED) and counted is not None and counted.pending:
            earliest, pending_year = counted.value, counted.year
        overdue = self.overdue
        steps = list(self.steps)
        if status != Status.CLOSED and as_of is not None and due is not None and as_of > due:
            overdue = True
            steps.append(
                f"截至{as_of}尚未答复，已超过答复期限{self.table.workdays_between(due, as_of)}个工作日"
            )
        return Clock(
            status,
            due if status != Status.CLOSED or not self.by_expiry else None,
            tuple(steps),
            self.received,
            self.start,
            self.extension,
            skipped,
            waiting,
            self.closed_on,
            self.outcome,
            overdue,
            earliest_due=earliest,
            pending_year=pending_year,
        )
