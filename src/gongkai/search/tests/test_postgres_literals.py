"""The ``tsvector`` and ``COPY`` text the PostgreSQL backend writes (no database needed)."""

from datetime import UTC, datetime

from gongkai.search.backends.postgres import _copy_field, tsvector_literal


def test_each_word_keeps_its_positions_up_to_eight():
    assert tsvector_literal(["低保", "标准", "低保"]) == "'低保':1,3 '标准':2"
    assert tsvector_literal(["低保"] * 10) == "'低保':1,2,3,4,5,6,7,8"


def test_positions_past_postgresqls_limit_are_clamped_not_refused():
    tokens = ["的"] * 16390 + ["尾词"]
    assert tsvector_literal(tokens).endswith("'尾词':16383")


def test_a_word_too_long_for_a_lexeme_is_left_out_and_quotes_are_escaped():
    huge = "长" * 700  # 2,100 bytes in UTF-8: more than a lexeme may hold
    assert tsvector_literal([huge, "鄂'民'发", "a\\b"]) == "'鄂''民''发':2 'a\\\\b':3"


def test_copy_fields_escape_separators_and_write_null_dates_and_arrays():
    assert _copy_field("一\t二\n三\\四\r") == "一\\t二\\n三\\\\四\\r"
    assert _copy_field(None) == "\\N"
    assert _copy_field(['甲"乙', "丙\\丁"]) == '{"甲\\\\"乙","丙\\\\\\\\丁"}'
    assert _copy_field(datetime(2024, 3, 1, 8, tzinfo=UTC)) == "2024-03-01T08:00:00+00:00"
