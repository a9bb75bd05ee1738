"""`gongkai fee`: the amount in yuan, or its breakdown; bad input is refused in Chinese."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    call_command("fee", *args, stdout=out)
    return out.getvalue().strip()


def test_prints_the_amount_in_yuan():
    assert run("--by", "item", "--count", "35") == "3000"
    assert run("--by", "volume", "--pages", "150") == "1700"
    assert run("--by", "item", "--count", "10") == "0"


def test_explain_prints_the_tiers():
    out = run("--by", "volume", "--pages", "150", "--explain").splitlines()
    assert out[1:] == [
        "第1—30页：30页，免费",
        "第31—100页：70页 × 10元 = 700元",
        "第101—150页：50页 × 20元 = 1000元",
        "合计：1700元",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "item", "--count", "abc"), "申请件数应为正整数"),
        (("--by", "volume", "--pages", "0"), "页数应为正整数"),
        (("--by", "item"), "请用 --count 给出申请件数"),
        (("--by", "weight", "--count", "3"), "计收方式“weight”无效"),
        (("--by", "item", "--count", "3", "--pages", "40"), "只能按一种方式计收"),
    ],
)
def test_bad_input_is_a_chinese_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
