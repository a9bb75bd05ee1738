"""Section 三 of the annual report counted from case facts: rules 1–3 and 5 of the spec hold."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.annual import model
from gongkai.rules.application_stats import CaseFacts, StatsError, tabulate
from gongkai.rules.outcomes import OUTCOME_CODES

D = dt.date.fromisoformat
COLS = model.APPLICANT_KEYS
RESULT_KEYS = [r.key for r in model.result_rows("2021")]


def cell(table, row, col="total"):
    return model.get_row(table, row)[col]


def test_a_small_year_by_hand():
    cases = [
        CaseFacts("natural_person", D("2024-12-20"), D("2025-01-10"), "granted"),  # carried over, handled
        CaseFacts("natural_person", D("2024-12-22"), None, None),  # carried over and forward
        CaseFacts("natural_person", D("2024-06-01"), D("2024-07-01"), "granted"),  # all in 2024: not counted
        CaseFacts("commercial_enterprise", D("2025-03-03"), D("2025-03-20"), "withheld.state_secret"),
        CaseFacts("commercial_enterprise", D("2025-12-30"), D("2026-01-15"), "partially_granted"),  # forward
        CaseFacts("legal_service_org", D("2025-05-05"), D("2025-06-01"), "other.no_correction"),
        CaseFacts("legal_service_org", D("2026-01-02"), None, None),  # next year: not counted
    ]
    t = tabulate(cases, 2025)
    assert cell(t, "new_received") == 3 and cell(t, "new_received", "commercial_enterprise") == 2
    assert cell(t, "carried_over") == 2 and cell(t, "carried_over", "natural_person") == 2
    assert cell(t, "granted", "natural_person") == 1
    assert cell(t, "withheld.state_secret", "commercial_enterprise") == 1
    assert cell(t, "other.no_correction", "legal_service_org") == 1
    assert cell(t, "partially_granted") == 0
    assert cell(t, "total_handled") == 3
    assert cell(t, "carried_forward") == 2
    assert cell(t, "carried_forward", "commercial_enterprise") == 1
    assert t["withheld"]["state_secret"]["research_institution"] == 0  # written zeros, not blanks


def test_the_table_has_the_2021_rows_and_columns():
    t = tabulate([], 2025)
    assert t == model.zero_report("2021")["applications"]


case_facts = st.builds(
    lambda col, received, span, outcome: CaseFacts(
        col,
        received,
        None if span is None else received + dt.timedelta(days=span),
        None if span is None else outcome,
    ),
    st.sampled_from(COLS),
    st.dates(D("2023-06-01"), D("2027-06-30")),
    st.none() | st.integers(0, 500),
    st.sampled_from(OUTCOME_CODES),
)


@settings(max_examples=60, deadline=None)
@given(cases=st.lists(case_facts, max_size=40))
def test_consistency_rules_hold_over_random_histories(cases):
    tables = {y: tabulate(cases, y) for y in range(2023, 2029)}
    for y, t in tables.items():
        for row in model.application_rows("2021"):  # rule 1
            cells = model.get_row(t, row.key)
            assert cells["total"] == sum(cells[c] for c in COLS)
        for c in (*COLS, "total"):
            assert cell(t, "new_received", c) + cell(t, "carried_over", c) == cell(
                t, "total_handled", c
            ) + cell(t, "carried_forward", c)  # rule 2
            assert cell(t, "total_handled", c) == sum(cell(t, k, c) for k in RESULT_KEYS)  # rule 3
        if y + 1 in tables:  # rule 5: this year's carried_forward is next year's carried_over
            assert model.get_row(t, "carried_forward") == model.get_row(tables[y + 1], "carried_over")
    # Every case is received once and closed at most once, whatever the year boundaries.
    assert sum(cell(t, "new_received") for t in tables.values()) == len(cases)
    closed_by_2028 = [c for c in cases if c.closed and c.closed.year <= 2028]
    assert sum(cell(t, "total_handled") for t in tables.values()) == len(closed_by_2028)
    for code in RESULT_KEYS:
        assert sum(cell(t, code) for t in tables.values()) == sum(c.outcome == code for c in closed_by_2028)


def test_a_supplement_period_ending_on_new_years_eve_closes_the_case_in_the_next_year():
    from gongkai.rules.calendar import chinesecalendar_table
    from gongkai.rules.deadlines import Event, EventKind, compute_clock

    events = [
        Event(EventKind.RECEIVED, D("2025-12-22")),
        Event(EventKind.SUPPLEMENT_REQUESTED, D("2025-12-23"), until=D("2025-12-31")),
    ]
    clock = compute_clock(events, chinesecalendar_table(), as_of=D("2026-01-05"))
    facts = CaseFacts.from_clock("research_institution", clock, "依申〔2025〕88号")
    assert (facts.closed, facts.outcome) == (D("2026-01-01"), "other.no_correction")
    y2025, y2026 = tabulate([facts], 2025), tabulate([facts], 2026)
    assert cell(y2025, "new_received", "research_institution") == 1
    assert cell(y2025, "carried_forward", "research_institution") == 1
    assert cell(y2026, "carried_over", "research_institution") == 1
    assert cell(y2026, "other.no_correction", "research_institution") == 1
    with pytest.raises(StatsError, match="尚未确认收到日期"):
        CaseFacts.from_clock("natural_person", compute_clock([], chinesecalendar_table()))


class Row:  # a Django model instance works too: only the attributes are read
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_any_object_with_the_attributes_is_accepted():
    row = Row(applicant="other_org", received=D("2025-02-01"), closed=None, outcome=None, ref="2025-007")
    assert cell(tabulate([row], 2025), "carried_forward", "other_org") == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            CaseFacts("natural_person", D("2025-03-01"), D("2025-02-01"), "granted", "A1"),
            "申请A1的办结日期2025-02-01早于收到日期",
        ),
        (CaseFacts("natural_person", D("2025-03-01"), D("2025-04-01"), None), "没有办理结果"),
        (CaseFacts("natural_person", D("2025-03-01"), None, "granted"), "没有办结日期"),
        (CaseFacts("natural_person", D("2025-03-01"), D("2025-04-01"), "other"), "未知的答复结果"),
        (CaseFacts("company", D("2025-03-01")), "未知的申请人类型"),
        (CaseFacts("natural_person", None), "缺少收到日期"),
    ],
)
def test_bad_case_facts_are_refused_in_chinese(case, message):
    with pytest.raises(StatsError, match=message):
        tabulate([case], 2025)


def test_bad_year():
    with pytest.raises(StatsError, match="年份无效"):
        tabulate([], "2025")
