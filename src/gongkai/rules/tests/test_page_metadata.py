"""Reading the metadata of an existing government page in every layout the seed pages use.
Expected values are read off the seed pages themselves (tests/fixtures/seed_pages)."""

from datetime import date, datetime
from pathlib import Path

import pytest

from gongkai.rules.page_metadata import labelled_values, meta_tags, parse_datetime, read_page

SEEDS = {
    p.name[:3]: p.read_text(encoding="utf-8")
    for p in (Path(__file__).parent / "fixtures" / "seed_pages").glob("*.txt")
}


def test_seed_002_text_block_with_empty_values_keeps_them_empty():
    page = read_page("", SEEDS["002"])
    assert page.index_number == ""  # "索引号: 发布机构: …": not the publisher's name
    assert page.publisher == "南芬区人民政府"
    assert page.title == "南芬区2017年度政府信息公开工作报告"
    assert page.category == "重点领域信息公开"
    assert page.published == datetime(2018, 3, 9)
    assert page.written_on == date(2018, 3, 9)
    assert page.expires_on is None and page.doc_number == "" and page.keywords == ""
    assert page.found["publisher"] == "元数据块"


def test_seed_004_table_with_spaced_labels():
    page = read_page("", SEEDS["004"])
    assert page.index_number == "011043196/2019-40873"
    assert page.category == "其他"  # "分     类:"
    assert page.publisher == "湖北省民政厅"
    assert page.doc_number == "鄂民办发〔2017〕8号"  # "文   号:"
    assert page.validity == "valid"  # "效力状态: 有效"
    assert page.title == "省民政厅办公室关于印发《湖北省民政厅2017年政务公开工作实施方案》的通知"
    assert page.published == datetime(2017, 6, 21, 9, 0)  # 发布时间, not 发文日期
    assert page.written_on == date(2017, 6, 19)  # 发文日期 2017-06-19 10:50
    assert page.source == "湖北省民政厅"


@pytest.mark.parametrize(
    ("seed", "published", "source"),
    [("000", datetime(2018, 12, 10), "濮阳民政"), ("001", datetime(2024, 1, 9, 10, 6), "")],
)
def test_seeds_000_001_date_and_source_line_above_the_body(seed, published, source):
    page = read_page("", SEEDS[seed])
    assert page.published == published and page.source == source
    assert page.index_number == "" and page.doc_number == ""
    assert page.found["published"] == "发布信息行"


def test_meta_tags_of_the_web_page_metadata_specification():
    html = """<html><head><title>x</title>
    <meta name="SiteIDCode" content="4211000001"><meta name="ColumnName" content="通知公告">
    <meta name="ArticleTitle" content="关于做好2025年城乡低保工作的通知">
    <meta name="PubDate" content="2025-03-05 10:30"><meta name="ContentSource" content="随州市民政局">
    <meta name="Keywords" content="低保 救助"></head><body></body></html>"""
    assert meta_tags(html)["ColumnName"] == "通知公告"
    page = read_page(html, "正文第一段。")
    assert page.title == "关于做好2025年城乡低保工作的通知" and page.column == "通知公告"
    assert page.site_id == "4211000001" and page.source == "随州市民政局" and page.keywords == "低保 救助"
    assert page.published == datetime(2025, 3, 5, 10, 30) and page.found["published"] == "网页元数据"


def test_the_labelled_block_wins_over_the_meta_tags():
    html = '<meta name="ArticleTitle" content="网站标题"><meta name="PubDate" content="2020-01-01">'
    page = read_page(html, "信息名称：正式名称\n发布日期：2020年2月3日\n正文")
    assert page.title == "正式名称" and page.published == datetime(2020, 2, 3)


def test_labels_deep_in_the_body_are_not_metadata():
    text = "\n".join(["正文段落。"] * 30 + ["文号：鄂民发〔2020〕1号"])
    assert labelled_values(text) == {}


def test_impossible_dates_are_no_dates():
    assert parse_datetime("2018-02-30") is None and parse_datetime("无") is None
    assert parse_datetime("２０１８年３月９日") == datetime(2018, 3, 9)
