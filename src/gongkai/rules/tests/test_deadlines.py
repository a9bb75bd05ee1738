"""The reply clock (Art. 30–35, 42) over the real 2025/2026 holidays, and the order of actions.

Every expected date below was counted by hand on the official arrangements:
2025 (国务院办公厅关于2025年部分节假日安排的通知): 春节 Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked; 清明 Apr 4–6;
国庆中秋 Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
2026 (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04, as published by 新华社; chinesecalendar
1.11 holds exactly these days — test_2026_arrangement_is_the_published_one): 元旦 Jan 1–3 off, Sun Jan 4
worked; 春节 Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked; 清明 Apr 4–6; 中秋 Sep 25–27;
国庆 Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.calendar import UnknownYearError, chinesecalendar_table
from gongkai.rules.deadlines import ActionRefused, Event, EventKind, Status, check_action, compute_clock

D = dt.date.fromisoformat
T = chinesecalendar_table()
K = EventKind


def ev(kind, date, **kw):
    return Event(K(kind), D(date), **{k: D(v) if k in ("served", "until") else v for k, v in kw.items()})


def clock(*events, as_of=None, **kw):
    return compute_clock(list(events), T, as_of=D(as_of) if as_of else None, **kw)


def refused(events, action, *, match, article=None, **kw):
    with pytest.raises(ActionRefused, match=match) as info:
        check_action(list(events), action, T, **kw)
    if article is not None:
        assert info.value.article == article
    return info.value


def test_2026_arrangement_is_the_published_one():
    off = {
        D("2026-01-01"),
        D("2026-01-02"),
        D("2026-01-03"),
        *(D(f"2026-02-{d}") for d in range(15, 24)),
        D("2026-04-06"),
        *(D(f"2026-05-0{d}") for d in range(1, 6)),
        D("2026-06-19"),
        D("2026-09-25"),
        *(D(f"2026-10-0{d}") for d in range(1, 8)),
    }
    worked = {
        D("2026-01-04"),
        D("2026-02-14"),
        D("2026-02-28"),
        D("2026-05-09"),
        D("2026-09-20"),
        D("2026-10-10"),
    }
    days = [D("2026-01-01") + dt.timedelta(days=i) for i in range(365)]
    assert not any(T.is_workday(d) for d in off)
    assert {d for d in days if d.weekday() < 5 and not T.is_workday(d)} == {d for d in off if d.weekday() < 5}
    assert {d for d in days if d.weekday() >= 5 and T.is_workday(d)} == worked


def test_domain_example_receipt_day_not_counted():
    c = clock(ev("received", "2025-01-20"))
    assert c.status == Status.RUNNING and c.due == D("2025-02-21")
    assert c.steps == ("2025-01-20 收到申请（第三十一条）", "+20个工作日 → 2025-02-21（第三十三条第一款）")


# --- four cases, one per holiday, each with 补正, a consultation pause and an extension ----------

SPRING_2025 = [
    ev("received", "2025-01-22"),  # due: Jan 23,24,26(Sun worked),27, Feb 5–8, 10–14, 17–21, 24, 25
    # 7th working day after receipt (Feb 8, a worked Saturday, would be the 8th).
    ev("supplement_requested", "2025-02-07", days=5),  # period: Feb 8, 10, 11, 12, 13
    ev("supplement_received", "2025-02-12"),  # restart: … → Mar 12
    ev("third_party_consulted", "2025-02-17", party="甲公司", served="2025-02-18"),  # answer by Mar 11
    ev("consultation_answered", "2025-02-26", party="甲公司"),  # Feb 18–21, 24–26 = 7 not counted
    ev("extension_approved", "2025-03-20", days=20, note="办公室主任"),
    ev("extension_notified", "2025-03-21"),  # on the due day: Mar 21 + 20 (Apr 4 清明) → Apr 21
]


def test_2025_spring_festival_case_step_by_step():
    c = clock(*SPRING_2025)
    assert (c.status, c.due, c.extension_days, c.started) == (
        Status.RUNNING,
        D("2025-04-21"),
        20,
        D("2025-02-12"),
    )
    assert c.paused_workdays == 7
    assert c.steps == (
        "2025-01-22 收到申请（第三十一条）",
        "+20个工作日 → 2025-02-25（第三十三条第一款）",
        "2025-02-07 一次性告知补正，补正期限5个工作日（至2025-02-13）；答复期限自收到补正之日起重新计算（第三十条）",
        "2025-02-12 收到补正后的申请，答复期限自该日起重新计算（第三十条）",
        "+20个工作日 → 2025-03-12（第三十三条第一款）",
        "2025-02-17 书面征求甲公司意见，应于2025-03-11前提出意见（第三十二条）；征求意见所需时间不计入答复期限（第三十三条第二款）",
        "2025-02-26 收到甲公司意见；征求意见 2025-02-17至2025-02-26（7个工作日）不计入答复期限，"
        "答复期限 → 2025-03-21（第三十二条、第三十三条第二款）",
        "2025-03-20 政府信息公开工作机构负责人（办公室主任）同意延长答复期限20个工作日，待告知申请人（第三十三条第一款）",
        "2025-03-21 告知申请人延期：延长20个工作日，答复期限 → 2025-04-21（第三十三条第一款）",
    )
    done = clock(*SPRING_2025, ev("replied", "2025-04-18", outcome="granted"))
    assert (done.status, done.outcome, done.closed_on, done.overdue) == (
        Status.CLOSED,
        "granted",
        D("2025-04-18"),
        False,
    )


def test_2025_spring_festival_supplement_notice_window_counts_the_worked_saturday():
    # Feb 8 2025 is a worked Saturday: the 8th working day after Jan 22, one too late.
    e = refused(
        SPRING_2025[:1],
        ev("supplement_requested", "2025-02-08", days=5),
        match="7个工作日内发出（至2025-02-07），2025-02-08已逾期",
        article="第三十条",
    )
    assert "第三十条" in str(e)


NATIONAL_2025 = [
    ev("received", "2025-09-18"),
    ev("supplement_requested", "2025-09-19", days=10, served="2025-09-22"),
    # period: Sep 23–26, 28 (Sun worked), 29, 30, Oct 9, 10, 11 (Sat worked) → Oct 11
    ev("supplement_received", "2025-10-09"),  # restart: Oct 10, 11, 13–17, 20–24, 27–31, Nov 3–5 → Nov 5
    ev("agency_consulted", "2025-10-10", party="市财政局"),  # 15 days: Oct 11, 13–17, 20–24, 27–30 → Oct 30
]


def test_2025_national_day_case_unanswered_consultation_ends_after_15_working_days():
    consulting = clock(*NATIONAL_2025, as_of="2025-10-20")
    assert (consulting.status, consulting.due, consulting.waiting_until) == (
        Status.CONSULTING,
        None,
        D("2025-10-30"),
    )
    refused(
        NATIONAL_2025,
        ev("replied", "2025-10-20", outcome="granted"),
        match="正在征求市财政局意见（至2025-10-30）",
        article="第三十四条",
    )
    # Silence: the pause ends on Oct 30 (15 working days not counted): Oct 10, then Oct 31, Nov 3 … Nov 26.
    c = clock(*NATIONAL_2025, as_of="2025-10-31")
    assert (c.status, c.due, c.paused_workdays) == (Status.RUNNING, D("2025-11-26"), 15)
    assert c.steps[-1] == (
        "2025-10-30 市财政局未在15个工作日内提出意见，视为同意公开（第三十四条）；"
        "征求意见期间不计入答复期限，答复期限 → 2025-11-26（第三十三条第二款）"
    )
    extended = [
        *NATIONAL_2025,
        ev("extension_approved", "2025-11-20", days=10),
        ev("extension_notified", "2025-11-21"),
    ]  # Nov 27, 28, Dec 1–5, 8–10 → Dec 10
    c = clock(*extended, as_of="2025-12-12")
    assert (c.due, c.overdue) == (D("2025-12-10"), True)
    assert c.steps[-1] == "截至2025-12-12尚未答复，已超过答复期限2个工作日"
    late = clock(*extended, ev("consultation_answered", "2025-12-01", party="市财政局"))
    assert late.due == D("2025-12-10") and "逾期提出的意见" in late.steps[-1]


SPRING_2026 = [
    ev("received", "2026-02-04"),
    ev("supplement_requested", "2026-02-12", days=15, served="2026-02-13"),
    # period: Feb 14 (Sat worked), 24–27, 28 (Sat worked), Mar 2–6, 9–12 → Mar 12
    ev("supplement_received", "2026-02-24"),  # restart: Feb 25–28, Mar 2–6, 9–13, 16–20, 23 → Mar 23
    ev("fee_notice_sent", "2026-03-04", served="2026-03-05"),  # pay by Mar 6, 9–13, 16–20, 23–27, 30–Apr 2
    ev("fee_paid", "2026-03-11"),  # Mar 5, 6, 9, 10, 11 not counted → Mar 30
    ev("third_party_consulted", "2026-03-16", party="乙"),
    ev("consultation_answered", "2026-03-20", party="乙"),  # Mar 17–20 not counted → Apr 3
    ev("extension_approved", "2026-04-01", days=15),
    ev("extension_notified", "2026-04-02"),  # Apr 6 清明; Apr 7–10, 13–17, 20–24, 27 → Apr 27
]


def test_2026_spring_festival_case_with_fee_consultation_and_extension():
    c = clock(*SPRING_2026)
    assert (c.status, c.due, c.paused_workdays) == (Status.RUNNING, D("2026-04-27"), 9)
    assert (
        "2026-02-12 一次性告知补正，补正期限15个工作日（至2026-03-12）；答复期限自收到补正之日起重新计算（第三十条）"
        in c.steps
    )
    assert "+20个工作日 → 2026-03-23（第三十三条第一款）" in c.steps
    assert (
        "2026-03-04 发出收费通知，申请人应自收到之日起20个工作日内（至2026-04-02）缴费（第四十二条、国办函〔2020〕109号）；"
        "缴费期间答复期限暂停计算"
    ) in c.steps
    assert (
        "2026-03-11 申请人缴费；缴费期间 2026-03-04至2026-03-11（5个工作日）不计入答复期限，答复期限 → 2026-03-30"
        in c.steps
    )
    awaiting = clock(*SPRING_2026[:4], as_of="2026-03-10")
    assert (awaiting.status, awaiting.due, awaiting.waiting_until) == (
        Status.AWAITING_FEE,
        None,
        D("2026-04-02"),
    )


def test_2026_spring_festival_case_when_the_fee_period_is_counted():
    # Setting off: the fee period runs on, the due date is Mar 27, and the Apr 1 extension is too late.
    c = clock(*SPRING_2026[:7], fee_pauses_clock=False)
    assert c.due == D("2026-03-27") and "缴费期间答复期限照常计算" in c.steps[5]
    refused(
        SPRING_2026[:7],
        SPRING_2026[7],
        fee_pauses_clock=False,
        match="答复期限已于2026-03-27届满，不能再延长答复期限",
        article="第三十三条第一款",
    )


NATIONAL_2026 = [
    ev("received", "2026-09-14"),
    # 7th working day: Sep 15–18, 20 (Sun worked), 21, 22.
    ev("supplement_requested", "2026-09-22", days=5),  # Sep 23, 24, (25 中秋) 28, 29, 30 → Sep 30
    ev("supplement_received", "2026-09-30"),  # on the last day: in time. Oct 8, 9, 10 (Sat) … → Nov 3
    ev("third_party_consulted", "2026-10-08", party="丙", served="2026-10-09"),
    ev("consultation_answered", "2026-10-23", party="丙"),  # Oct 9, 10, 12–16, 19–23 = 12 → Nov 19
    ev("extension_approved", "2026-11-18", days=20),
    ev("extension_notified", "2026-11-19"),  # Nov 20, 23–27, Nov 30–Dec 4, 7–11, 14–17 → Dec 17
]


def test_2026_national_day_case_and_a_late_reply():
    c = clock(*NATIONAL_2026)
    assert (c.due, c.paused_workdays) == (D("2026-12-17"), 12)
    assert "2026-09-30 收到补正后的申请，答复期限自该日起重新计算（第三十条）" in c.steps
    assert "+20个工作日 → 2026-11-03（第三十三条第一款）" in c.steps
    assert any("应于2026-10-29前提出意见" in s for s in c.steps)
    done = clock(*NATIONAL_2026, ev("replied", "2026-12-18", outcome="withheld.third_party_rights"))
    assert done.overdue and done.closed_on == D("2026-12-18")
    assert done.steps[-1] == (
        "2026-12-18 答复：不予公开·保护第三方合法权益（《中华人民共和国政府信息公开条例》"
        "第十五条、第三十二条），已超过答复期限1个工作日"
    )
    refused(
        NATIONAL_2026[:1],
        ev("supplement_requested", "2026-09-23", days=5),
        match="至2026-09-22",
        article="第三十条",
    )


# --- actions out of order --------------------------------------------------------------------

RECEIVED = [ev("received", "2025-03-03")]  # due Mar 31


def test_nothing_before_receipt_is_confirmed():
    for action in (
        ev("replied", "2025-03-03", outcome="granted"),
        ev("extension_approved", "2025-03-03", days=5),
        ev("supplement_requested", "2025-03-03", days=5),
    ):
        e = refused([], action, match="尚未确认收到申请的日期", article="第三十一条")
        assert action.kind.label in str(e)
    refused(RECEIVED, ev("received", "2025-03-04"), match="已登记于2025-03-03收到申请", article="第三十一条")


def test_one_extension_of_at_most_20_working_days_approved_then_notified_before_the_due_date():
    art = "第三十三条第一款"
    refused(
        RECEIVED, ev("extension_approved", "2025-03-20", days=21), match="最长不得超过20个工作日", article=art
    )
    refused(RECEIVED, ev("extension_approved", "2025-03-20", days=0), match="延长的工作日数", article=art)
    refused(
        RECEIVED,
        ev("extension_notified", "2025-03-20"),
        match="须先经政府信息公开工作机构负责人同意",
        article=art,
    )
    refused(RECEIVED, ev("extension_approved", "2025-04-01", days=5), match="已于2025-03-31届满", article=art)
    approved = [*RECEIVED, ev("extension_approved", "2025-03-28", days=5)]
    assert clock(*approved).due == D("2025-03-31")  # not yet told to the applicant
    refused(approved, ev("extension_notified", "2025-04-01"), match="已于2025-03-31届满", article=art)
    extended = [*approved, ev("extension_notified", "2025-03-31")]
    assert clock(*extended).due == D("2025-04-08")  # Apr 1, 2, 3, (4 清明) 7, 8
    refused(extended, ev("extension_approved", "2025-04-01", days=3), match="只能延长一次", article=art)


def test_one_supplement_notice_within_7_working_days():
    art = "第三十条"
    notice = [*RECEIVED, ev("supplement_requested", "2025-03-05", days=10)]
    refused(notice, ev("supplement_requested", "2025-03-06", days=5), match="一次性告知", article=art)
    refused(RECEIVED, ev("supplement_requested", "2025-03-13", days=5), match="至2025-03-12", article=art)
    refused(RECEIVED, ev("supplement_requested", "2025-03-05"), match="合理的补正期限", article=art)
    refused(
        RECEIVED,
        ev("supplement_requested", "2025-03-05", until="2025-03-05"),
        match="应晚于补正通知送达之日",
        article=art,
    )
    by_date = clock(
        *RECEIVED, ev("supplement_requested", "2025-03-05", until="2025-03-20"), as_of="2025-03-20"
    )
    assert by_date.waiting_until == D("2025-03-20") and "补正期限（至2025-03-20）" in by_date.steps[-1]
    refused(RECEIVED, ev("supplement_received", "2025-03-05"), match="未告知补正", article=art)
    waiting = clock(*notice, as_of="2025-03-10")
    assert (waiting.status, waiting.due, waiting.waiting_until) == (
        Status.AWAITING_SUPPLEMENT,
        None,
        D("2025-03-19"),
    )
    refused(notice, ev("replied", "2025-03-10", outcome="granted"), match="正在等待申请人补正", article=art)
    refused(notice, ev("extension_approved", "2025-03-10", days=5), match="正在等待申请人补正", article=art)


def test_no_supplement_in_time_closes_the_case_as_no_correction():
    notice = [*RECEIVED, ev("supplement_requested", "2025-03-05", days=10)]  # period ends Mar 19
    assert clock(*notice, as_of="2025-03-19").status == Status.AWAITING_SUPPLEMENT
    c = clock(*notice, as_of="2025-03-20")
    assert (c.status, c.outcome, c.closed_on, c.due) == (
        Status.CLOSED,
        "other.no_correction",
        D("2025-03-20"),
        None,
    )
    assert c.steps[-1] == "2025-03-19 补正期限届满，申请人未补正，视为放弃申请，不再处理（第三十条）"
    refused(
        notice,
        ev("supplement_received", "2025-03-20"),
        match="补正期限已于2025-03-19届满",
        article="第三十条",
    )
    refused(
        notice, ev("supplement_received", "2025-03-20", excused=True), match="写明理由", article="第三十条"
    )
    late = clock(*notice, ev("supplement_received", "2025-03-21", excused=True, note="住院"))
    assert late.status == Status.RUNNING and late.due == D(
        "2025-04-21"
    )  # Mar 24–28, 31–Apr 3, 7–11, 14–18, 21
    closed = [*notice, ev("replied", "2025-03-21", outcome="other.no_correction")]
    assert clock(*closed).steps[-1] == "2025-03-21 告知申请人不再处理其申请（逾期不补正）"
    refused(closed, ev("replied", "2025-03-24", outcome="granted"), match="已于2025-03-20办结（逾期不补正）")
    refused(
        RECEIVED,
        ev("replied", "2025-03-10", outcome="other.no_correction"),
        match="补正期限届满",
        article="第三十条",
    )


def test_fee_unpaid_within_20_working_days_closes_the_case():
    basis = "第四十二条、国办函〔2020〕109号"
    notice = [
        *RECEIVED,
        ev("fee_notice_sent", "2025-03-10", served="2025-03-12"),
    ]  # pay by Apr 10 (Apr 4 清明)
    refused(notice, ev("fee_notice_sent", "2025-03-11"), match="只按一种方式计收一次", article=basis)
    refused(notice, ev("replied", "2025-03-20", outcome="granted"), match="尚未缴纳信息处理费", article=basis)
    refused(notice, ev("fee_paid", "2025-04-11"), match="缴费期限已于2025-04-10届满", article=basis)
    refused(RECEIVED, ev("fee_paid", "2025-03-11"), match="未发出收费通知", article=basis)
    c = clock(*notice, as_of="2025-04-11")
    assert (c.status, c.outcome, c.closed_on) == (Status.CLOSED, "other.fee_unpaid", D("2025-04-11"))


def test_consultation_after_the_due_date_and_reply_order():
    refused(
        RECEIVED,
        ev("third_party_consulted", "2025-04-01"),
        match="已于2025-03-31届满",
        article="第三十三条第一款",
    )
    refused(
        RECEIVED,
        ev("replied", "2025-03-10", outcome="unavailable.still_unclear"),
        match="补正后申请内容仍不明确",
        article="第三十条",
    )
    refused(
        RECEIVED,
        ev("replied", "2025-03-10", outcome="not_processed.excessive"),
        match="先要求申请人说明理由",
        article="第三十五条",
    )
    refused(RECEIVED, ev("replied", "2025-03-10", outcome="refused"), match="未知的答复结果")
    refused(RECEIVED, ev("consultation_answered", "2025-03-10"), match="没有正在征求意见")
    e = refused(
        RECEIVED, ev("replied", "2025-03-01", outcome="granted"), match="早于上一办理事项的日期2025-03-03"
    )
    assert "按时间顺序" in str(e)


def test_excessive_requests_reasons_then_a_later_date():
    art = "第三十五条"
    refused(
        RECEIVED,
        ev("later_date_set", "2025-03-10", until="2025-05-30"),
        match="先要求申请人说明理由",
        article=art,
    )
    asked = [*RECEIVED, ev("reasons_requested", "2025-03-05")]
    assert clock(*asked).due == D("2025-03-31")  # asking for reasons does not stop the clock
    refused(
        asked,
        ev("later_date_set", "2025-03-10", until="2025-03-31"),
        match="应晚于原答复期限2025-03-31",
        article=art,
    )
    later = [*asked, ev("later_date_set", "2025-03-10", until="2025-05-30")]
    assert clock(*later).due == D("2025-05-30")
    refused(later, ev("extension_approved", "2025-03-20", days=5), match="已依第三十五条确定", article=art)
    assert (
        clock(*asked, ev("replied", "2025-03-20", outcome="not_processed.excessive")).outcome
        == "not_processed.excessive"
    )


def test_withdrawal_closes_as_other():
    c = clock(*RECEIVED, ev("withdrawn", "2025-03-07"))
    assert (c.status, c.outcome, c.closed_on) == (Status.CLOSED, "other.other", D("2025-03-07"))


def test_strict_table_still_names_the_missing_year():
    with pytest.raises(UnknownYearError, match="2027年的法定节假日和调休安排尚未录入"):
        T.add_workdays(D("2026-12-20"), 20)


def test_check_action_returns_the_clock_with_the_action():
    c = check_action(RECEIVED, ev("extension_approved", "2025-03-28", days=5), T)
    assert (
        c.status == Status.RUNNING and c.due == D("2025-03-31") and "同意延长答复期限5个工作日" in c.steps[-1]
    )


@settings(max_examples=40, deadline=None)
@given(
    received=st.dates(D("2025-01-01"), D("2026-08-31")),
    start=st.integers(0, 19),
    length=st.integers(1, 15),
    extension=st.integers(1, 20),
)
def test_paused_days_and_the_extension_move_the_due_date_by_exactly_their_working_days(
    received, start, length, extension
):
    received = T.next_workday(received)
    asked = T.add_workdays(received, start)
    answered = T.add_workdays(asked, length)
    c = compute_clock(
        [
            Event(K.RECEIVED, received),
            Event(K.THIRD_PARTY_CONSULTED, asked, party="丁"),
            Event(K.CONSULTATION_ANSWERED, answered, party="丁"),
            Event(K.EXTENSION_APPROVED, answered, days=extension),
            Event(K.EXTENSION_NOTIFIED, answered),
        ],
        T,
    )
    assert c.due == T.add_workdays(received, 20 + length + extension)
    assert c.paused_workdays == length


@st.composite
def candidate_actions(draw):
    """Random actions on increasing dates in 2025, in any order (many of them out of order)."""
    day, actions = D("2025-02-10"), []
    for _ in range(draw(st.integers(1, 12))):
        day += dt.timedelta(days=draw(st.integers(0, 10)))
        actions.append(
            Event(
                draw(st.sampled_from(list(K))),
                day,
                days=draw(st.sampled_from([None, 0, 5, 20, 25])),
                party=draw(st.sampled_from(["", "甲"])),
                outcome=draw(
                    st.sampled_from(["granted", "other.no_correction", "unavailable.still_unclear", "x"])
                ),
                until=draw(st.sampled_from([None, day + dt.timedelta(days=90)])),
            )
        )
    return actions


@settings(max_examples=80, deadline=None)
@given(actions=candidate_actions())
def test_actions_are_either_refused_with_a_reason_or_give_a_sound_clock(actions):
    history = [Event(K.RECEIVED, D("2025-02-10"))]
    for action in actions:
        try:
            check_action(history, action, T)
        except ActionRefused as exc:
            refusal = str(exc)
            assert refusal
        else:
            history.append(action)
    c = compute_clock(
        history, T, as_of=history[-1].date + dt.timedelta(days=5)
    )  # an accepted history replays
    assert c.received == D("2025-02-10") and c.steps[0] == "2025-02-10 收到申请（第三十一条）"
    if c.status == Status.CLOSED:
        assert c.closed_on >= c.received and c.outcome
    elif c.status == Status.RUNNING:
        assert c.due >= T.add_workdays(c.started, 20)
    else:
        assert c.waiting_until is not None
