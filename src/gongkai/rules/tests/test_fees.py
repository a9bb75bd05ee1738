"""信息处理费 (Art. 42; 国办函〔2020〕109号): progressive tiers by item and by volume."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.fees import (
    FeeError,
    FeeMethod,
    compute_fee,
    fee_by_item,
    fee_by_volume,
    item_fee_for_application,
)


def test_the_issue_examples():
    # 11–30: 20 × 100 = 2000; 31–35: 5 × 200 = 1000.
    assert fee_by_item(35).amount == 3000
    # 31–100: 70 × 10 = 700; 101–150: 50 × 20 = 1000.
    assert fee_by_volume(150).amount == 1700


@pytest.mark.parametrize(
    ("count", "yuan"),
    [
        (1, 0),
        (10, 0),  # 1–10 free
        (11, 100),
        (30, 2000),  # 11–30 at 100
        (31, 2200),
        (40, 4000),  # 31–40 at 200
        (41, 4300),
        (50, 7000),  # 41–50 at 300
        (51, 7400),  # 51–60 at 400
    ],
)
def test_item_tiers_by_hand(count, yuan):
    assert fee_by_item(count).amount == yuan


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [
        (1, 0),
        (30, 0),  # 1–30 free
        (31, 10),
        (100, 700),  # 31–100 at 10
        (101, 720),
        (200, 2700),  # 101–200 at 20
        (201, 2740),
        (250, 4700),  # 201+ at 40
    ],
)
def test_volume_tiers_by_hand(pages, yuan):
    assert fee_by_volume(pages).amount == yuan


def test_breakdown_for_the_fee_notice():
    lines = fee_by_item(35).explain()
    assert (
        lines[0].startswith("按件计收，共35件")
        and "第四十二条" in lines[0]
        and "国办函〔2020〕109号" in lines[0]
    )
    assert lines[1:] == [
        "第1—10件：10件，免费",
        "第11—30件：20件 × 100元 = 2000元",
        "第31—35件：5件 × 200元 = 1000元",
        "合计：3000元",
    ]
    assert fee_by_volume(31).explain()[1:] == [
        "第1—30页：30页，免费",
        "第31页：1页 × 10元 = 10元",
        "合计：10元",
    ]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 400), method=st.sampled_from(["item", "volume"]))
def test_progressive_each_unit_costs_at_least_the_one_before(n, method):
    before, here, after = (compute_fee(method, k).amount for k in (max(n - 1, 1), n, n + 1))
    assert here - before <= after - here  # the marginal rate never falls
    fee = compute_fee(method, n)
    assert fee.method == FeeMethod(method)
    assert sum(line.units for line in fee.lines) == n  # each unit in exactly one tier
    assert fee.lines[0].first == 1 and all(a.last + 1 == b.first for a, b in itertools.pairwise(fee.lines))


@settings(max_examples=40, deadline=None)
@given(earlier=st.integers(0, 200))
def test_one_more_application_costs_the_increase_of_the_month_total(earlier):
    total_before = fee_by_item(earlier).amount if earlier else 0
    assert item_fee_for_application(earlier).amount == fee_by_item(earlier + 1).amount - total_before


@pytest.mark.parametrize("bad", [0, -3, "35", 2.5, True, None])
def test_bad_quantities_are_refused_in_chinese(bad):
    for func in (fee_by_item, fee_by_volume):
        with pytest.raises(FeeError, match="正整数"):
            func(bad)


def test_one_method_only():
    with pytest.raises(FeeError, match="item（按件计收）或 volume（按量计收）"):
        compute_fee("both", 35)
