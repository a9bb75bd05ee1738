"""Open data downloads (CSV, XLSX), the 数据开放 page, and the Atom/RSS feeds: published only."""

import csv
import io

import pytest
from lxml import etree

from gongkai.testing.opened import xlsx_cells

pytestmark = pytest.mark.django_db
HIDDEN = ("草稿：", "审查中：", "待发布：", "已撤回：", "定时：", "依申请：")


def test_catalogue_csv_with_a_selection(client, catalogue):
    r = client.get("/opendata/documents.csv")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('documents.csv"')
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["信息编号", "索引号", "信息名称"]
    assert len(rows) == 1 + 5
    assert not any(h in text for h in HIDDEN)
    district = catalogue["agencies"]["district"]
    r = client.get("/opendata/documents.csv", {"agency": district.pk})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["曾都区养老服务补贴发放公告"]
    r = client.get("/opendata/documents.csv", {"validity": "gone"})
    assert r.status_code == 400 and "筛选条件有误" in r.content.decode()


def test_catalogue_xlsx(client, catalogue):
    r = client.get("/opendata/documents.xlsx", {"validity": "amended"})
    assert r.status_code == 200
    cells = xlsx_cells(r.content)
    text = str(cells)
    assert "随州市城乡低保办法（2019年）" in text and "随州市城乡最低生活保障办法" not in text.replace(
        "随州市城乡最低生活保障办法》", ""
    )


def test_data_page_lists_datasets_with_metadata(client, catalogue):
    html = client.get("/opendata/").content.decode()
    for words in (
        "政府信息公开目录",
        "年度报告数据",
        "更新频率",
        "许可",
        "最后更新",
        "字段",
        "/opendata/documents.xlsx",
    ):
        assert words in html


def _titles(r):
    root = etree.fromstring(b"".join(r.streaming_content) if r.streaming else r.content)
    return [t.text for t in root.iter("{http://www.w3.org/2005/Atom}title", "title")][1:]


def test_feeds_per_agency_column_and_search(client, catalogue):
    atom = client.get("/feeds/documents.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    titles = _titles(atom)
    assert "岳阳市殡葬管理通知" in titles and not any(h in "".join(titles) for h in HIDDEN)
    rss = client.get("/feeds/documents.rss", {"agency": "zdqmzj"})
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert _titles(rss) == ["曾都区养老服务补贴发放公告"]
    column = _titles(client.get("/feeds/documents.atom", {"column": "interpretation"}))
    assert column == ["《随州市城乡最低生活保障办法》政策解读"]
    assert client.get("/feeds/documents.atom", {"column": "nowhere"}).status_code == 404
    found = _titles(client.get("/feeds/search.atom", {"q": "最低生活保障"}))
    assert "随州市城乡最低生活保障办法" in found and not any(h in "".join(found) for h in HIDDEN)


def test_replies_feed(client, answered, staff, django_capture_on_commit_callbacks):
    from gongkai.interaction import services

    msg, _ = answered
    assert _titles(client.get("/feeds/replies.atom")) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(staff["leader"], msg)
    r = client.get("/feeds/replies.rss", {"agency": "szmzj"})
    assert _titles(r) == ["低保申请条件咨询"]
    assert "李四" not in r.content.decode()


def test_portal_pages_point_to_their_feeds(client, catalogue):
    search = client.get("/search/", {"q": "最低生活保障"}).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in search and "/feeds/search.atom?q=" in search
    home = client.get("/szmzj/").content.decode()
    assert "/feeds/documents.atom?agency=szmzj" in home and "Atom订阅" in home
    replies = client.get("/szmzj/interaction/replies/").content.decode()
    assert "/feeds/replies.atom?agency=szmzj" in replies and ">数据开放</a>" in replies


def test_the_streamed_catalogue_pages_by_keyset_in_the_listing_order(catalogue):
    """Pages of two, with two documents published at the same moment: every document once, in the
    order of the catalogue (newest first, then the higher id)."""
    from gongkai.disclosure import selectors
    from gongkai.disclosure.models import Document

    ordered = list(selectors.public_documents())
    Document.objects.filter(pk__in=[ordered[1].pk, ordered[2].pk]).update(
        published_at=ordered[1].published_at
    )
    expected = [d.pk for d in selectors.public_documents()]
    assert len(expected) == 5
    assert [d.pk for d in selectors.iter_public_documents(chunk=2)] == expected
