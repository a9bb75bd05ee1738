"""A December receipt before next year's holidays are entered (issue 11, item 1): every action is
still recordable; a date that runs into the missing year is *pending* — shown with its earliest
possible value (that year's weekends only) — and is exact once the year is entered.

chinesecalendar 1.11 ends with 2026; the 2027 table below is a stand-in with 1 January off."""

import datetime as dt

import pytest

from gongkai.rules.calendar import HolidayTable, Pending, chinesecalendar_table, missing_calendar_year
from gongkai.rules.deadlines import ActionRefused, Event, EventKind, Status, check_action, compute_clock

D = dt.date.fromisoformat
T = chinesecalendar_table()
T2027 = HolidayTable.build(T.holidays | {D("2027-01-01")}, T.workdays, T.years | {2027})
K = EventKind


def ev(kind, date, **kw):
    return Event(K(kind), D(date), **{k: D(v) if k in ("served", "until") else v for k, v in kw.items()})


RECEIVED = [ev("received", "2026-12-04")]  # a Friday; the 20th working day falls in 2027


def test_december_receipt_is_pending_with_earliest_date_counting_weekends_only():
    c = compute_clock(RECEIVED, T, as_of=D("2026-12-05"))
    assert c.status == Status.RUNNING
    assert c.due is None and c.earliest_due == D("2027-01-01") and c.pending_year == 2027
    assert c.pending_text == "答复期限待定：2027年节假日安排尚未录入"
    assert "待定：2027年节假日安排尚未录入（仅扣除周末估算，最早为2027-01-01）" in c.steps[-1]
    assert not c.overdue


def test_once_the_year_is_entered_the_date_is_exact():
    c = compute_clock(RECEIVED, T2027, as_of=D("2026-12-05"))
    assert (c.due, c.earliest_due, c.pending_year) == (D("2027-01-04"), None, None)
    assert c.pending_text == ""


def test_a_pending_supplement_period_never_expires_until_the_year_is_entered():
    events = [*RECEIVED, ev("supplement_requested", "2026-12-08", days=20)]
    c = compute_clock(events, T, as_of=D("2027-02-01"))
    assert c.status == Status.AWAITING_SUPPLEMENT and c.closed_on is None
    assert c.waiting_until == D("2027-01-05") and c.pending_year == 2027
    assert c.pending_text == "期限待定：2027年节假日安排尚未录入"
    # A supplement after the estimate is not refused as late while the period is pending …
    late = check_action(events, ev("supplement_received", "2027-01-06"), T)
    assert late.status == Status.RUNNING and late.pending_year == 2027
    # … and once 2027 is entered the period is exact and expires.
    closed = compute_clock(events, T2027, as_of=D("2027-02-01"))
    assert (closed.status, closed.outcome) == (Status.CLOSED, "other.no_correction")


def test_extension_fee_and_consultation_in_december_are_recordable():
    events = [
        *RECEIVED,
        ev("extension_approved", "2026-12-10", days=20),
        ev("extension_notified", "2026-12-11"),
    ]
    c = compute_clock(events, T, as_of=D("2026-12-11"))
    assert c.due is None and c.earliest_due == D("2027-01-29") and c.pending_year == 2027
    fee = check_action(RECEIVED, ev("fee_notice_sent", "2026-12-10"), T)
    assert (
        fee.status == Status.AWAITING_FEE
        and fee.pending_year == 2027
        and fee.waiting_until == D("2027-01-07")
    )
    unpaid = compute_clock([*RECEIVED, ev("fee_notice_sent", "2026-12-10")], T, as_of=D("2027-03-01"))
    assert unpaid.status == Status.AWAITING_FEE  # not closed as fee_unpaid on an estimated period
    consulting = compute_clock(
        [*RECEIVED, ev("third_party_consulted", "2026-12-14", party="某公司")], T, as_of=D("2027-03-01")
    )
    assert consulting.status == Status.CONSULTING and consulting.pending_year == 2027


def test_a_late_supplement_notice_is_judged_only_on_known_days():
    # Received 2026-12-28: the 7th working day after falls in 2027 → the notice is not refused as late.
    c = check_action([ev("received", "2026-12-28")], ev("supplement_requested", "2027-01-07", days=10), T)
    assert c.status == Status.AWAITING_SUPPLEMENT


def test_art35_later_date_waits_for_the_calendar_and_says_why():
    events = [*RECEIVED, ev("reasons_requested", "2026-12-07")]
    with pytest.raises(ActionRefused, match="原答复期限待定（2027年节假日安排尚未录入）"):
        check_action(events, ev("later_date_set", "2026-12-08", until="2027-03-01"), T)


def test_a_reply_against_a_pending_due_date_is_not_marked_overdue():
    c = compute_clock([*RECEIVED, ev("replied", "2026-12-30", outcome="granted")], T)
    assert c.status == Status.CLOSED and not c.overdue


def test_deadline_and_left_never_raise():
    assert T.deadline(D("2026-12-04"), 20) == Pending(D("2027-01-01"), 2027)
    assert T.deadline(D("2026-11-02"), 20) == Pending(D("2026-11-30"), None)
    assert T.left(D("2026-12-28"), D("2027-01-05")) == Pending(6, 2027)
    assert T.left(D("2026-12-01"), D("2026-12-04")) == Pending(3, None)
    assert "暂估：2027年节假日安排尚未录入" in str(T.deadline(D("2026-12-04"), 20))
    assert T.missing_year(D("2026-12-31"), D("2026-12-31")) is None
    assert T.missing_year(D("2026-12-31"), D("2027-01-01")) == 2027


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        ("2026-10-31", None),
        ("2026-11-01", 2027),
        ("2026-12-05", 2027),
        ("2027-01-04", 2027),
    ],
)
def test_banner_from_1_november_when_next_year_is_missing(today, missing):
    assert missing_calendar_year(D(today), T.years) == missing
    if today < "2027":
        assert missing_calendar_year(D(today), T2027.years) is None
