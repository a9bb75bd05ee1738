"""Both backends answer the same questions the same way (PostgreSQL when GONGKAI_DB=postgres)."""

import os
from datetime import UTC, datetime

import pytest

from gongkai.rules.text import to_traditional
from gongkai.search.analysis import QueryError
from gongkai.search.backends.base import Filters, IndexDoc
from gongkai.search.backends.embedded import EmbeddedBackend

PG = os.environ.get("GONGKAI_DB") == "postgres"


def _doc(i, title, body="", **kw):
    kw.setdefault("published_at", datetime(2020, 1, i, 9, tzinfo=UTC))
    kw.setdefault("agency_path", "/1/")
    return IndexDoc(i, title, body, **kw)


DOCS = [
    _doc(
        1,
        "关于提高城乡低保标准的通知",
        "各县市区民政局：经研究，决定提高城乡最低生活保障标准。",
        doc_number="鄂民办发〔2017〕8号",
        index_number="011043196/2017-00008",
        agency_path="/1/4/",
        category="民政",
        genre="通知",
        validity="有效",
    ),
    _doc(
        2,
        "医疗救助办法",
        "困难群众医疗救助的对象、标准和程序。",
        index_number="011043196/2018-00222",
        agency_path="/1/5/",
        category="卫生健康",
        genre="办法",
        validity="废止",
        published_at=datetime(2018, 5, 2, tzinfo=UTC),
    ),
    _doc(
        3,
        "残疾人补贴发放情况",
        "困难残疾人生活补贴和重度残疾人护理补贴按月发放。依据鄂民办发[2017]8号执行。",
        agency_path="/2/",
        category="民政",
        genre="报告",
        validity="有效",
    ),
    _doc(
        4,
        "最低生活保障审核确认办法",
        "规范最低生活保障审核确认工作，保障困难群众基本生活。" * 3,
        agency_path="/1/4/9/",
        category="民政",
        genre="办法",
        validity="有效",
        published_at=datetime(2021, 3, 1, tzinfo=UTC),
    ),
    _doc(
        5,
        "政府信息公开工作年度报告",
        "本机关2020年政府信息公开工作情况。低保、救助、补贴等信息均已主动公开。" * 4,
        agency_path="/2/",
        category="综合政务",
        genre="报告",
        validity="有效",
    ),
    _doc(
        6,
        "<b>临时救助</b>实施细则",
        "<script>alert('x')</script>对遭遇突发困难的家庭给予临时救助。",
        agency_path="/2/",
        category="民政",
        genre="办法",
        validity="有效",
    ),
]


def _postgres():
    psycopg = pytest.importorskip("psycopg")
    dsn = "host=127.0.0.1 port=5432 user=postgres"
    with psycopg.connect(dsn + " dbname=postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = 'test_gongkai_search'").fetchone():
            admin.execute("CREATE DATABASE test_gongkai_search")
    conn = psycopg.connect(dsn + " dbname=test_gongkai_search", autocommit=True)
    from gongkai.search.backends.postgres import TABLE, PostgresBackend

    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    backend = PostgresBackend(conn.cursor, window=3)  # a tiny window exercises the date-ordered tail
    backend.create_schema()
    backend.conn = conn
    return backend


@pytest.fixture(
    params=[
        "embedded",
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(not PG, reason="PostgreSQL tests run with GONGKAI_DB=postgres"),
        ),
    ]
)
def backend(request):
    backend = EmbeddedBackend() if request.param == "embedded" else _postgres()
    backend.add(DOCS)
    backend.commit()
    yield backend
    backend.close()
    if request.param == "postgres":
        backend.conn.close()


def ids(result):
    return [hit.id for hit in result.hits]


def test_two_character_abbreviation_finds_the_term_and_its_full_form(backend):
    found = ids(backend.search("低保"))
    assert {1, 4, 5} <= set(found)  # 4 says only 最低生活保障
    assert 2 not in found


def test_two_character_word_inside_a_compound(backend):
    found = ids(backend.search("救助"))
    assert {2, 5, 6} <= set(found)


@pytest.mark.parametrize(
    "typed", ["鄂民办发〔2017〕8号", "鄂民办发[2017]8号", "鄂民办发(2017)8号", "鄂民办发【2017】8号"]
)
def test_document_number_in_any_brackets_puts_that_document_first(backend, typed):
    result = backend.search(typed)
    assert ids(result)[0] == 1
    assert 3 in ids(result)  # the document that cites it is found too, after it


def test_exact_index_number_finds_its_document_first(backend):
    assert ids(backend.search("011043196/2018-00222"))[0] == 2


def test_exact_title_ranks_first(backend):
    assert ids(backend.search("最低生活保障审核确认办法"))[0] == 4


@pytest.mark.parametrize(("simplified", "expected"), [("医疗救助", 2), ("残疾人补贴", 3)])
def test_traditional_script_query_finds_simplified_documents(backend, simplified, expected):
    result = backend.search(to_traditional(simplified))
    assert expected in ids(result)
    assert "简体" in result.message


@pytest.mark.parametrize("typed", ["的", "，。", "关于的"])
def test_stop_words_only_query_gets_a_message_not_an_error_page(backend, typed):
    with pytest.raises(QueryError, match="请输入更具体的词语"):
        backend.search(typed)


def test_filters_agency_subtree_category_year_and_validity(backend):
    assert set(ids(backend.search("低保", Filters(agency_path="/1/4/")))) == {1, 4}
    assert set(ids(backend.search("低保", Filters(agency_path="/2/")))) == {5}
    assert set(ids(backend.search("救助", Filters(category="卫生健康")))) == {2}
    assert set(ids(backend.search("救助", Filters(year=2018)))) == {2}
    assert set(ids(backend.search("救助", Filters(validity="废止")))) == {2}


def test_sort_by_date_puts_the_newest_first(backend):
    result = backend.search("救助", sort="date")
    assert ids(result) == [6, 5, 2]  # 2020-01-06, 2020-01-05, 2018-05-02


def test_pagination_covers_every_hit_once(backend):
    all_ids = ids(backend.search("救助"))
    paged = ids(backend.search("救助", page=1, page_size=2)) + ids(
        backend.search("救助", page=2, page_size=2)
    )
    assert sorted(paged) == sorted(all_ids)
    assert backend.search("救助", page_size=2).total == len(all_ids)


def test_hits_are_highlighted_and_html_escaped(backend):
    hit = backend.search("临时救助").hits[0]
    assert "<mark>临时救助</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.title_html
    assert "<script>" not in hit.snippet_html and "<mark>临时救助</mark>" in hit.snippet_html


def test_deleted_document_disappears_and_replaced_document_is_searched_anew(backend):
    backend.delete([4])
    backend.add([_doc(1, "关于调整高龄津贴的通知", "高龄津贴按月发放。")])
    backend.commit()
    assert set(ids(backend.search("低保"))) == {5}
    assert ids(backend.search("高龄津贴")) == [1]
    assert backend.count() == len(DOCS) - 1


def test_bad_page_and_sort_are_refused_in_chinese(backend):
    with pytest.raises(QueryError, match="页码"):
        backend.search("救助", page=0)
    with pytest.raises(QueryError, match="排序"):
        backend.search("救助", sort="random")


def test_a_document_published_a_moment_ago_is_found_and_a_scheduled_one_is_not(backend):
    moment = datetime(2020, 1, 7, 9, 0, 0, 500000, tzinfo=UTC)
    backend.add([_doc(7, "高龄津贴发放公告", published_at=moment)])
    backend.commit()
    assert ids(backend.search("高龄津贴", Filters(published_before=moment.timestamp() + 0.1))) == [7]
    assert ids(backend.search("高龄津贴", Filters(published_before=moment.timestamp() - 60))) == []


@pytest.mark.skipif(not PG, reason="PostgreSQL tests run with GONGKAI_DB=postgres")
def test_a_bulk_copy_loads_exactly_what_row_by_row_writing_does():
    """The rebuild's COPY text (escapes for tab, newline, backslash; quoted array elements; no
    year or date) must give the same rows — and so the same search — as ``add``."""
    from gongkai.search.backends.postgres import TABLE, copy_block

    tricky = [
        *DOCS,
        _doc(
            8,
            '标题含"引号"\\反斜杠{花括号,逗号}',
            "第一段\t制表\n第二段\r\n第三段 \\N 不是空值 \\\\ 两个反斜杠",
            doc_number='鄂"测"〔2024〕\\1号',
            published_at=None,
        ),
    ]
    backend = _postgres()
    try:
        backend.add(tricky)
        by_insert = backend.conn.execute(f"SELECT * FROM {TABLE} ORDER BY id").fetchall()
        backend.clear()
        backend.copy([copy_block(tricky[:3]), copy_block(tricky[3:])])
        by_copy = backend.conn.execute(f"SELECT * FROM {TABLE} ORDER BY id").fetchall()
        assert len(by_copy) == len(tricky) and by_copy == by_insert
        assert ids(backend.search("制表")) == [8]
        assert ids(backend.search('鄂"测"〔2024〕\\1号'))[:1] == [8]
    finally:
        backend.conn.close()
