"""Where a web excerpt stops inside a number, that number may be cut short (pure, no I/O)."""

import pytest

from gongkai.rules.annual.parse.pieces import ends_in_digit


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("行政处罚 | 14", True),  # "14" of 1472
        ("行政事业性收费341.", True),  # "341." of 341.48
        ("行政事业性收费341．", True),
        ("总计 1,", True),  # "1," of 1,472
        ("行政处罚 | 14  ", True),
        ("行政处罚 | 14 |", False),  # the cell was closed
        ("共收到申请。", False),  # a sentence's full stop
        ("收费金额（万元）.", False),
        ("", False),
    ],
)
def test_a_number_at_the_very_end_of_the_source_may_be_cut(text, cut):
    assert ends_in_digit(text) is cut
