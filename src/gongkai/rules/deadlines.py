"""The reply clock of an application (依申请公开答复期限) and the order of its actions.

A case is a list of :class:`Event` rows in the order they happened. :func:`compute_clock` replays
them over a :class:`~gongkai.rules.calendar.HolidayTable` and returns the due date with the steps
that produced it, in Chinese; :func:`check_action` refuses an action that the Regulation does not
allow at that point, naming the article. Both use one replay, so a stored history that breaks a
rule is refused the same way.

The rules (all periods in working days, the first day not counted):

* Art. 31: the clock starts on the confirmed receipt date (``received``); nothing happens before.
* Art. 33 ¶1: reply within 20 working days of receipt; one extension of at most 20 working days,
  approved by the head of the disclosure office (``extension_approved``) and effective once the
  applicant is told (``extension_notified``), both before the due date.
* Art. 30: one single 补正 notice within 7 working days of receipt, stating a period
  (``days``, counted from the day the applicant receives it, ``served``; or a last day,
  ``until``). The clock stops; it
  restarts, in full, from the receipt of the supplement. No supplement within the period → the
  case closes as ``other.no_correction`` on the day after the period ends — unless a late
  supplement is accepted for a good reason (``excused=True`` with the reason in ``note``).
* Art. 32 (third party) and Art. 34 (other agencies): written consultation; the consulted party
  has 15 working days from receiving it. Art. 33 ¶2: that time is not counted — working days
  after the letter is sent up to the answer (or the end of the 15 days) are skipped.
* Art. 42 and 国办函〔2020〕109号: a fee notice; payment within 20 working days of its receipt,
  else the case closes as ``other.fee_unpaid``. Whether the payment period pauses the clock is the
  ``fee_pauses_clock`` setting (default: paused; unverified, see docs/domain.md).
* Art. 35: ask the applicant for reasons (``reasons_requested``); then either reply
  ``not_processed.excessive`` or set a later reply date (``later_date_set`` with ``until``), which
  replaces the Art. 33 due date.
* A notice or decision after the due date (extension, consultation, fee notice, later date) is
  refused; a late reply is recorded and marked overdue.

A count that runs into a year whose holidays are not entered (a December receipt before the
State Council's notice for next year is entered) never refuses an action: the date is *pending*
(``Clock.pending_year``; the due date is then ``None`` and ``Clock.earliest_due`` the earliest
possible date counting that year's weekends only). A pending period is never treated as expired
and no action is refused as late against it; the replay is exact again once the year is entered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .calendar import HolidayTable, Pending, pending_text
from .deadline_events import (
    CONSULTATION_DAYS,
    EVENT_CHOICES,
    EVENT_LABELS,
    FEE_BASIS,
    FEE_PAYMENT_DAYS,
    MAX_EXTENSION_DAYS,
    REPLY_DAYS,
    SUPPLEMENT_NOTICE_DAYS,
    ActionRefused,
    Clock,
    Event,
    EventKind,
    Status,
)
from .deadline_state import CaseState, Consultation, Pause, known
from .outcomes import OutcomeError, get_outcome

__all__ = [
    "CONSULTATION_DAYS",
    "EVENT_CHOICES",
    "EVENT_LABELS",
    "FEE_PAYMENT_DAYS",
    "MAX_EXTENSION_DAYS",
    "REPLY_DAYS",
    "SUPPLEMENT_NOTICE_DAYS",
    "ActionRefused",
    "Clock",
    "Event",
    "EventKind",
    "Status",
    "check_action",
    "compute_clock",
]


class _Case(CaseState):
    """The replay: each event checked against the Regulation, then applied to the state
    (:class:`~.deadline_state.CaseState`: its periods, pauses and the walk to the due date)."""

    def apply(self, ev: Event) -> None:
        try:
            kind = EventKind(ev.kind)
        except ValueError:
            raise ActionRefused(f"未知的办理事项“{ev.kind}”") from None
        if not isinstance(ev.date, dt.date):
            raise ActionRefused(f"{kind.label}的日期无效：{ev.date!r}")
        if self.last is not None and ev.date < self.last:
            raise ActionRefused(
                f"{kind.label}的日期{ev.date}早于上一办理事项的日期{self.last}，请按时间顺序登记"
            )
        if ev.served is not None and ev.served < ev.date:
            raise ActionRefused(f"送达日期{ev.served}不得早于发出日期{ev.date}")
        if kind != EventKind.RECEIVED and self.received is None:
            raise ActionRefused(
                f"尚未确认收到申请的日期，不能{kind.label}：收到申请的日期依提交方式确认"
                "（第三十一条），答复期限自该日起计算（第三十三条）",
                "第三十一条",
            )
        self._refuse_late_arrival(kind, ev)
        self.advance(ev.date, ev)
        if self.closed_on is not None:
            self._after_closure(kind, ev)
        else:
            getattr(self, "_" + kind.value)(ev)
        self.last = ev.date

    def _refuse_late_arrival(self, kind: EventKind, ev: Event) -> None:
        if self.closed_on is not None:
            return
        if (
            kind == EventKind.SUPPLEMENT_RECEIVED
            and self.awaiting_supplement
            and self.supplement_deadline is not None
            and ev.date > self.supplement_deadline
            and not self.supplement_pending
        ):
            if not ev.excused:
                raise ActionRefused(
                    f"补正期限已于{self.supplement_deadline}届满，申请人无正当理由逾期不补正的，视为放弃申请"
                    "（第三十条）；如申请人有正当理由，请写明理由后按正当理由登记",
                    "第三十条",
                )
            if not ev.note.strip():
                raise ActionRefused("逾期补正按有正当理由接收的，请在备注中写明理由（第三十条）", "第三十条")
        if (
            kind == EventKind.FEE_PAID
            and self.awaiting_fee
            and self.fee_deadline is not None
            and ev.date > self.fee_deadline
            and not self.fee_pending
        ):
            raise ActionRefused(
                f"缴费期限已于{self.fee_deadline}届满，逾期未缴纳的视为放弃申请（{FEE_BASIS}）", FEE_BASIS
            )

    def _after_closure(self, kind: EventKind, ev: Event) -> None:
        name = get_outcome(known(self.outcome, "_close sets the outcome with closed_on")).name
        if (
            kind == EventKind.REPLIED
            and self.by_expiry
            and ev.outcome == self.outcome
            and not self.closure_noticed
        ):
            self.closure_noticed = True
            self.steps.append(f"{ev.date} 告知申请人不再处理其申请（{name}）")
            return
        raise ActionRefused(f"本申请已于{self.closed_on}办结（{name}），不能再{kind.label}")

    def _received(self, ev: Event) -> None:
        if self.received is not None:
            raise ActionRefused(
                f"已登记于{self.received}收到申请，收到日期只有一个（第三十一条）", "第三十一条"
            )
        self.received = self.start = ev.date
        self.steps.append(f"{ev.date} 收到申请（第三十一条）")
        self.steps.append(f"+{REPLY_DAYS}个工作日 → {self._due_label()}（第三十三条第一款）")

    def _supplement_requested(self, ev: Event) -> None:
        if self.supplement_notice is not None:
            raise ActionRefused(
                f"补正应当一次性告知，本申请已于{self.supplement_notice.date}告知补正，"
                "不能再次告知（第三十条）",
                "第三十条",
            )
        received = known(self.received, "apply() refuses every other event before the receipt")
        counted_limit = self._deadline(received, SUPPLEMENT_NOTICE_DAYS)
        limit_pending, limit = counted_limit.year, counted_limit.value
        if ev.date > limit and not limit_pending:
            raise ActionRefused(
                f"补正通知应当自收到申请之日起7个工作日内发出（至{limit}），{ev.date}已逾期（第三十条）",
                "第三十条",
            )
        pending: int | None
        if ev.until is not None:  # the notice names a last day
            if not isinstance(ev.until, dt.date) or ev.until <= (ev.served or ev.date):
                raise ActionRefused(f"补正期限{ev.until}应晚于补正通知送达之日（第三十条）", "第三十条")
            deadline, period, pending = ev.until, "", None
        elif isinstance(ev.days, bool) or not isinstance(ev.days, int) or ev.days < 1:
            raise ActionRefused(
                "补正通知应当写明合理的补正期限（工作日数或截止日期）（第三十条）", "第三十条"
            )
        else:
            counted = self._deadline(ev.served or ev.date, ev.days)
            deadline, period, pending = counted.value, f"{ev.days}个工作日", counted.year
        self.supplement_notice, self.supplement_deadline, self.supplement_pending = ev, deadline, pending
        self.steps.append(
            f"{ev.date} 一次性告知补正，补正期限{period}（至{Pending(deadline, pending)}）；"
            "答复期限自收到补正之日起重新计算（第三十条）"
        )

    def _supplement_received(self, ev: Event) -> None:
        if self.supplement_notice is None:
            raise ActionRefused("未告知补正，不能登记补正材料（第三十条）", "第三十条")
        if self.supplement_received is not None:
            raise ActionRefused(f"已于{self.supplement_received}收到补正材料（第三十条）", "第三十条")
        self.supplement_received = self.start = ev.date
        late_after = self.supplement_deadline
        late = (
            f"（逾期补正，正当理由：{ev.note.strip()}）"
            if ev.excused and late_after is not None and ev.date > late_after
            else ""
        )
        self.steps.append(f"{ev.date} 收到补正后的申请{late}，答复期限自该日起重新计算（第三十条）")
        self.steps.append(f"+{REPLY_DAYS}个工作日 → {self._due_label()}（第三十三条第一款）")

    def _consult(self, ev: Event, party: str, article: str) -> None:
        self._refuse_while_awaiting_supplement("征求意见")
        self._refuse_after_due(ev, "征求意见")
        if any(p.party == party for p in self.open_consultations()):
            raise ActionRefused(f"正在征求{party}的意见，尚未答复", article)
        cap = self._deadline(ev.served or ev.date, CONSULTATION_DAYS)
        self.consultations.append(
            Consultation(ev.date, None, party, cap=cap.value, article=article, pending=cap.year)
        )
        self.steps.append(
            f"{ev.date} 书面征求{party}意见，应于{cap}前提出意见（{article}）；"
            "征求意见所需时间不计入答复期限（第三十三条第二款）"
        )

    def _third_party_consulted(self, ev: Event) -> None:
        self._consult(ev, ev.party.strip() or "第三方", "第三十二条")

    def _agency_consulted(self, ev: Event) -> None:
        self._consult(ev, ev.party.strip() or "相关行政机关", "第三十四条")

    def _consultation_answered(self, ev: Event) -> None:
        party = ev.party.strip()
        open_ = self.open_consultations()
        matches = [p for p in open_ if p.party == party] if party else open_
        if not matches:
            expired = [p for p in self.consultations if (not party or p.party == party) and not p.answered]
            if expired:
                p = expired[-1]
                p.answered = True
                self.steps.append(
                    f"{ev.date} 收到{p.party}逾期提出的意见（征求意见期间已于{p.end}届满，不影响答复期限）"
                )
                return
            raise ActionRefused(
                f"没有正在征求意见的{party or '第三方或机关'}，不能登记其意见", "第三十三条第二款"
            )
        if len(matches) > 1:
            raise ActionRefused("正在同时征求多方意见，请注明提出意见的第三方或机关", "第三十三条第二款")
        p = matches[0]
        p.end, p.answered = ev.date, True
        n = self.table.workdays_between(p.start, ev.date)
        self.steps.append(
            f"{ev.date} 收到{p.party}意见；征求意见 {p.start}至{p.end}（{n}个工作日）不计入答复期限，"
            f"{self._due_text()}（{p.article}、第三十三条第二款）"
        )

    def _fee_notice_sent(self, ev: Event) -> None:
        self._refuse_while_awaiting_supplement("发出收费通知")
        if self.fee_notice is not None:
            raise ActionRefused(
                f"本申请已于{self.fee_notice.date}发出收费通知，一件申请只按一种方式计收一次（{FEE_BASIS}）",
                FEE_BASIS,
            )
        self._refuse_after_due(ev, "发出收费通知")
        self.fee_notice = ev
        fee_deadline = self._deadline(ev.served or ev.date, FEE_PAYMENT_DAYS)
        self.fee_deadline, self.fee_pending = fee_deadline.value, fee_deadline.year
        self.fee_pause = Pause(ev.date, None, "缴费")
        pause = "缴费期间答复期限暂停计算" if self.fee_pauses else "缴费期间答复期限照常计算"
        self.steps.append(
            f"{ev.date} 发出收费通知，申请人应自收到之日起{FEE_PAYMENT_DAYS}个工作日内（至{fee_deadline}）"
            f"缴费（{FEE_BASIS}）；{pause}"
        )

    def _fee_paid(self, ev: Event) -> None:
        if self.fee_notice is None:
            raise ActionRefused(f"未发出收费通知，不能登记缴费（{FEE_BASIS}）", FEE_BASIS)
        if self.fee_paid is not None:
            raise ActionRefused(f"已于{self.fee_paid}登记缴费", FEE_BASIS)
        fee_pause = known(self.fee_pause, "opened with the fee notice")
        self.fee_paid = fee_pause.end = ev.date
        if self.fee_pauses:
            n = self.table.workdays_between(fee_pause.start, ev.date)
            self.steps.append(
                f"{ev.date} 申请人缴费；缴费期间 {fee_pause.start}至{ev.date}（{n}个工作日）不计入答复期限，"
                f"{self._due_text()}"
            )
        else:
            self.steps.append(f"{ev.date} 申请人缴费")

    def _extension_approved(self, ev: Event) -> None:
        art = "第三十三条第一款"
        self._refuse_while_awaiting_supplement("延长答复期限")
        if self.approval is not None:
            raise ActionRefused(f"答复期限只能延长一次，本申请已于{self.approval.date}批准延期（{art}）", art)
        if self.later is not None:
            raise ActionRefused("已依第三十五条确定延迟答复的期限，不能再延长答复期限", "第三十五条")
        if isinstance(ev.days, bool) or not isinstance(ev.days, int) or ev.days < 1:
            raise ActionRefused(f"请填写延长的工作日数（1至{MAX_EXTENSION_DAYS}）（{art}）", art)
        if ev.days > MAX_EXTENSION_DAYS:
            raise ActionRefused(
                f"延长的期限最长不得超过{MAX_EXTENSION_DAYS}个工作日，不能延长{ev.days}个工作日（{art}）", art
            )
        self._refuse_after_due(ev, "延长答复期限")
        self.approval = ev
        who = f"（{ev.note.strip()}）" if ev.note.strip() else ""
        self.steps.append(
            f"{ev.date} 政府信息公开工作机构负责人{who}同意延长答复期限{ev.days}个工作日，"
            f"待告知申请人（{art}）"
        )

    def _extension_notified(self, ev: Event) -> None:
        art = "第三十三条第一款"
        if self.approval is None:
            raise ActionRefused(f"延长答复期限须先经政府信息公开工作机构负责人同意（{art}）", art)
        if self.extension:
            raise ActionRefused("已告知申请人延长答复期限", art)
        self._refuse_after_due(ev, "告知延期")
        self.extension = known(self.approval.days, "_extension_approved refuses an approval without days")
        self.steps.append(
            f"{ev.date} 告知申请人延期：延长{self.extension}个工作日，{self._due_text()}（{art}）"
        )

    def _reasons_requested(self, ev: Event) -> None:
        self._refuse_while_awaiting_supplement("要求说明理由")
        if self.reasons is not None:
            raise ActionRefused(f"已于{self.reasons}要求申请人说明理由（第三十五条）", "第三十五条")
        self._refuse_after_due(ev, "要求说明理由")
        self.reasons = ev.date
        self.steps.append(
            f"{ev.date} 申请数量、频次明显超过合理范围，要求申请人说明理由；答复期限照常计算（第三十五条）"
        )

    def _later_date_set(self, ev: Event) -> None:
        art = "第三十五条"
        if self.reasons is None:
            raise ActionRefused(f"确定延迟答复的期限前，应当先要求申请人说明理由（{art}）", art)
        if self.later is not None:
            raise ActionRefused(f"已确定延迟答复期限至{self.later}（{art}）", art)
        pending = self.due_pending()
        if pending is not None and pending.year is not None:
            raise ActionRefused(
                f"原答复期限待定（{pending_text(pending.year)}），无法判断延迟答复的期限是否晚于原答复期限："
                f"请先录入{pending.year}年节假日安排（{art}）",
                art,
            )
        due = self.due()
        if due is None:
            raise ActionRefused(f"答复期限暂停或等待补正期间，不能确定延迟答复的期限（{art}）", art)
        self._refuse_after_due(ev, "确定延迟答复的期限")
        if not isinstance(ev.until, dt.date) or ev.until <= due:
            raise ActionRefused(f"延迟答复的期限应晚于原答复期限{due}（{art}）", art)
        self.later = ev.until
        self.steps.append(
            f"{ev.date} 认为申请理由合理但无法在{due}前答复，确定延迟答复期限并告知申请人，"
            f"答复期限 → {ev.until}（{art}）"
        )

    def _replied(self, ev: Event) -> None:
        try:
            outcome = get_outcome(ev.outcome)
        except OutcomeError as exc:
            raise ActionRefused(str(exc)) from None
        code = outcome.code
        if code == "other.no_correction":
            raise ActionRefused(
                "只有补正期限届满、申请人未补正时，才能按逾期不补正办结（第三十条）", "第三十条"
            )
        if code == "other.fee_unpaid":
            raise ActionRefused(
                f"只有缴费期限届满、申请人未缴费时，才能按逾期未缴费办结（{FEE_BASIS}）", FEE_BASIS
            )
        self._refuse_while_awaiting_supplement("答复")
        if self.awaiting_fee:
            raise ActionRefused(
                f"申请人尚未缴纳信息处理费（缴费期限至{self.fee_deadline}），现在不能答复（{FEE_BASIS}）",
                FEE_BASIS,
            )
        for p in self.open_consultations():
            raise ActionRefused(
                f"正在征求{p.party}意见（至{p.cap}），征求意见期间届满或收到意见前不能答复（{p.article}）",
                p.article,
            )
        if code == "unavailable.still_unclear" and self.supplement_received is None:
            raise ActionRefused("只有经补正后申请内容仍不明确的，才能按此答复（第三十条）", "第三十条")
        if code == "not_processed.excessive" and self.reasons is None:
            raise ActionRefused(
                "以无正当理由大量反复申请不予处理前，应当先要求申请人说明理由（第三十五条）", "第三十五条"
            )
        due = self.due()
        self._close(ev.date, code)
        self.overdue = due is not None and ev.date > due
        late = (
            f"，已超过答复期限{self.table.workdays_between(due, ev.date)}个工作日"
            if due is not None and self.overdue
            else ""
        )
        basis = f"（{outcome.basis_text}）" if outcome.basis else ""
        self.steps.append(f"{ev.date} 答复：{outcome.display}{basis}{late}")

    def _withdrawn(self, ev: Event) -> None:
        self._close(ev.date, "other.other")
        self.steps.append(f"{ev.date} 申请人撤回申请，按其他处理办结")


def _replay(events: Iterable[Event], table: HolidayTable, fee_pauses_clock: bool) -> _Case:
    case = _Case(table.estimating(), fee_pauses_clock)
    for ev in events:
        case.apply(ev)
    return case


def compute_clock(
    events: Iterable[Event],
    table: HolidayTable,
    *,
    as_of: dt.date | None = None,
    fee_pauses_clock: bool = True,
) -> Clock:
    """Replay a case's events (in the order they happened) and return its clock.

    ``as_of`` (usually today) lets periods that ended before it expire: an unanswered
    consultation ends at its 15th working day, an unsupplemented or unpaid case closes. Without
    it only the events count. Raises :class:`ActionRefused` if the history breaks a rule; a year
    whose holidays are not entered makes the dates it touches pending (``Clock.pending_year``),
    never an error.
    """
    case = _replay(events, table, fee_pauses_clock)
    if as_of is not None:
        if case.last is not None and as_of < case.last:
            raise ActionRefused(f"计算日期{as_of}早于最后一个办理事项的日期{case.last}")
        case.advance(as_of)
    return case.clock(as_of)


def check_action(
    events: Iterable[Event], action: Event, table: HolidayTable, *, fee_pauses_clock: bool = True
) -> Clock:
    """Refuse ``action`` (raise :class:`ActionRefused`, naming the article) if the Regulation does
    not allow it after ``events``; otherwise return the clock with the action applied."""
    case = _replay(events, table, fee_pauses_clock)
    case.apply(action)
    return case.clock(None)
