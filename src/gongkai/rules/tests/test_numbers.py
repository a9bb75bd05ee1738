import pytest

from gongkai.rules.numbers import (
    NumberError,
    format_index_number,
    normalize_document_number,
    parse_document_number,
    parse_index_number,
)


@pytest.mark.parametrize(
    "typed",
    [
        "鄂民办发〔2017〕8号",
        "鄂民办发[2017]8号",
        "鄂民办发(2017)8号",
        "鄂民办发（2017）8号",
        "鄂民办发【2017】8号",
        "鄂民办发［2017］8号",
        " 鄂民办发 [2017] 第8号 ",
        "鄂民办发〔２０１７〕８号",
    ],
)
def test_document_number_brackets_are_stored_as_tortoise_shell(typed):
    assert normalize_document_number(typed) == "鄂民办发〔2017〕8号"
    parsed = parse_document_number(typed)
    assert (parsed.organ, parsed.year, parsed.serial) == ("鄂民办发", 2017, "8")


def test_order_numbers_without_year():
    assert str(parse_document_number("国务院令第711号")) == "国务院令第711号"


@pytest.mark.parametrize(
    "bad", ["", "鄂民办发2017年8号", "〔2017〕8号", "鄂民办发〔17〕8号", "鄂民办发〔1800〕8号"]
)
def test_bad_document_numbers_are_refused_in_chinese(bad):
    with pytest.raises(NumberError) as exc:
        parse_document_number(bad)
    assert "文号" in str(exc.value)


def test_index_number_round_trip_and_custom_pattern():
    assert format_index_number("011043196", 2025, 7) == "011043196/2025-00007"
    parsed = parse_index_number("11370812004339255B/2020-22849")
    assert (parsed.code, parsed.year, parsed.serial) == ("11370812004339255B", 2020, 22849)
    pattern = "{code}-{year}-{serial:04d}"
    assert format_index_number("A1", 2025, 3, pattern) == "A1-2025-0003"
    assert parse_index_number("A1-2025-0003", pattern).serial == 3
    with pytest.raises(NumberError):
        parse_index_number("011043196-2025-00007")
