"""Query analysis and highlighting: what a person typing into the search box notices."""

import pytest

from gongkai.rules.text import to_traditional
from gongkai.search.analysis import QueryError, analyze_query, document_numbers, index_tokens, snippet


@pytest.mark.parametrize(
    "typed",
    [
        "鄂民办发〔2017〕8号",
        "鄂民办发[2017]8号",
        "鄂民办发(2017)8号",
        "鄂民办发【2017】8号",
        "鄂民办发［2017］8号",
        "鄂民办发（２０１７）８号",
    ],
)
def test_every_bracket_style_of_a_document_number_is_the_same_query(typed):
    query = analyze_query(typed)
    assert query.is_document_number
    assert query.groups == (("鄂民办发〔2017〕8号",),)


def test_an_index_number_is_one_exact_term():
    query = analyze_query(" 000014349/2018-00222 ")
    assert query.is_index_number
    assert query.groups == (("000014349/2018-00222",),)


def test_an_abbreviation_also_searches_its_full_form():
    assert set(analyze_query("低保").terms) == {"低保", "最低生活保障"}


def test_a_traditional_query_becomes_simplified_and_says_so():
    query = analyze_query(to_traditional("残疾人补贴"))
    assert query.converted
    assert "残疾人补贴" in query.terms


def test_a_long_title_keeps_its_content_words_and_drops_function_words():
    query = analyze_query("关于进一步做好最低生活保障工作的通知")
    assert "最低生活保障" in query.terms and "通知" in query.terms
    assert "关于" not in query.terms and "的" not in query.terms


@pytest.mark.parametrize("typed", ["的", "的了吗", "，。！？", "……", "关于 的"])
def test_stop_words_or_punctuation_only_get_a_helpful_message(typed):
    with pytest.raises(QueryError, match="只包含常用虚词或标点.*例如“低保”"):
        analyze_query(typed)


def test_an_empty_or_overlong_query_is_refused_in_chinese():
    with pytest.raises(QueryError, match="请输入检索词"):
        analyze_query("   ")
    with pytest.raises(QueryError, match="检索词过长"):
        analyze_query("低保" * 60)


def test_a_compound_term_is_indexed_with_the_words_inside_it():
    tokens = index_tokens("做好医疗救助和最低生活保障工作")
    assert {"医疗救助", "救助", "最低生活保障", "保障"} <= set(tokens)
    assert "和" not in tokens


def test_a_document_number_in_running_text_is_found_whatever_the_brackets():
    assert "鄂民办发〔2017〕8号" in document_numbers("根据鄂民办发[2017]8号文件精神")
    assert "国发〔2020〕3号" in document_numbers("按照国发（2020）3号")


def test_a_snippet_marks_the_terms_and_escapes_html():
    body = (
        "<script>alert(1)</script>"
        + "无关内容。" * 40
        + "今年全市城乡低保标准提高到每人每月800元。"
        + "其他。" * 40
    )
    html = snippet(body, ["低保"], width=60)
    assert "<mark>低保</mark>" in html
    assert "<script>" not in html
    assert html.startswith("…") and html.endswith("…")


def test_a_snippet_marks_a_document_number_written_with_other_brackets():
    html = snippet("依据鄂民办发[2017]8号执行", ["鄂民办发〔2017〕8号"])
    assert "<mark>鄂民办发[2017]8号</mark>" in html


@pytest.mark.parametrize(
    "typed", ["鄂民办发2017 8号", "鄂民办发 2017 8", "鄂民办发2017第8号", "鄂民辦發 2017 8"]
)
def test_a_document_number_typed_without_brackets_is_the_same_query(typed):
    query = analyze_query(typed)
    assert query.groups == (("鄂民办发〔2017〕8号",),) and query.is_document_number


def test_words_with_numbers_stay_words():
    query = analyze_query("低保 2017 8")
    assert not query.is_document_number and ("低保", "最低生活保障") in query.groups
