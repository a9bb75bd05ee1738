"""The fee notice says what the clock does (Art. 42; GONGKAI_FEE_PAUSES_CLOCK): the reply period
pauses from the day the notice is sent — not from 送达, which only starts the applicant's 20
working days to pay — to the day of payment."""

import datetime as dt

from gongkai.rules.calendar import chinesecalendar_table
from gongkai.rules.deadlines import Event, EventKind, compute_clock
from gongkai.rules.letters import compose_notice

from .conftest import make_facts

T = chinesecalendar_table()
D = dt.date


def test_the_fee_notice_states_the_pause_the_clock_applies():
    received, sent, served, paid = D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 12), D(2025, 3, 17)
    events = [
        Event(EventKind.RECEIVED, received),
        Event(EventKind.FEE_NOTICE_SENT, sent, served=served),
        Event(EventKind.FEE_PAID, paid),
    ]
    without = compute_clock(events[:1], T, as_of=paid)
    with_fee = compute_clock(events, T, as_of=paid)
    # The clock: the working days after the sending day up to the payment day are not counted
    # (Mar 11–14 and 17: five), neither fewer (from 送达: three) nor the sending day itself.
    skipped = T.workdays_between(sent, paid)
    assert skipped == 5 and T.workdays_between(served, paid) == 3
    assert with_fee.due == T.add_workdays(without.due, skipped)
    # The letter, dated the day it is sent, says the same.
    letter = compose_notice("fee", make_facts(received=received, date=sent), method="volume", quantity=150)
    text = letter.text()
    assert "自本通知书发出之日（2025年3月10日）起至您缴纳信息处理费之日止的期间，不计算在答复期限内" in text
    assert "送达之日起至" not in text
    # The applicant's own period to pay still runs from receiving the notice.
    assert "请您自收到本通知书之日起20个工作日内缴纳" in text


def test_when_the_fee_period_counts_the_letter_says_nothing_of_a_pause():
    letter = compose_notice("fee", make_facts(), method="volume", quantity=150, clock_paused=False)
    assert "不计算在答复期限内" not in letter.text()
