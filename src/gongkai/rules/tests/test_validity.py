"""效力状态 as old sites word it → the platform's four values; anything else is unknown (a warning
in the import's report), never a silent 有效."""

import pytest

from gongkai.rules.page_metadata import read_page
from gongkai.rules.validity import PLATFORM_NAMES, read_validity, unknown_warning


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("有效", "valid"),
        ("现行有效", "valid"),
        (" 有 效 ", "valid"),
        ("有效 【打印】 【关闭】", "valid"),
        ("失效", "expired"),
        ("已失效", "expired"),
        ("全文失效。", "expired"),
        ("废止", "repealed"),
        ("已废止", "repealed"),
        ("已修订", "amended"),
        ("修订", "amended"),
        ("已修正", "amended"),
        ("已被修改", "amended"),
    ],
)
def test_every_value_the_platform_knows(text, value):
    reading = read_validity(text)
    assert reading.value == value and not reading.unknown


@pytest.mark.parametrize("text", ["部分失效", "尚未生效", "暂停执行", "部分条款废止", "待定"])
def test_a_value_the_platform_does_not_know_is_unknown_not_valid(text):
    reading = read_validity(text)
    assert reading.value == "" and reading.unknown and reading.stated == text


def test_nothing_stated_is_neither_a_value_nor_unknown():
    assert read_validity("") == read_validity("  ") and not read_validity("").unknown


def test_the_warning_names_the_page_s_value_and_the_platform_s_four():
    warning = unknown_warning("部分失效")
    assert "“部分失效”" in warning and all(name in warning for name in PLATFORM_NAMES.values())
    assert "有效" in warning and "请核对" in warning


@pytest.mark.parametrize(
    ("label", "value", "stated"),
    [
        ("效力状态：已修订", "amended", "已修订"),
        ("效力状态：已废止", "repealed", "已废止"),
        ("有 效 性：部分失效", "", "部分失效"),
        ("效力状态：尚未生效", "", "尚未生效"),
    ],
)
def test_the_page_reader_keeps_the_value_and_what_the_page_said(label, value, stated):
    page = read_page("", f"索 引 号：011330001/2017-00021\n{label}\n发布日期：2017-06-21")
    assert (page.validity, page.validity_stated) == (value, stated)
