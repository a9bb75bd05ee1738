"""The page frame (《政府网站发展指引》): header, footer items from the site profile (omitted when
unset), breadcrumb and the government-website meta tags on every page, the 网站地图 page."""

import re

import pytest
from django.urls import reverse

from gongkai.portal.models import SiteProfile

pytestmark = pytest.mark.django_db
NEW = "鄂民政规〔2021〕3号"


def meta(page: str, name: str) -> str | None:
    m = re.search(rf'<meta name="{name}" content="([^"]*)">', page)
    return m.group(1) if m else None


def public_urls(docs) -> list[str]:
    doc = docs[NEW]
    return [
        "/",
        "/sitemap/",
        "/hbmzt/",
        "/hbmzt/catalogue/",
        "/hbmzt/guide/",
        f"/hbmzt/doc/{doc.pk}/",
        "/search/?q=低保",
        "/hbmzt/apply/",
        "/hbmzt/apply/status/",
    ]


def test_every_public_page_has_the_footer_items_breadcrumb_and_site_and_column_meta(client, portal_demo):
    for url in public_urls(portal_demo):
        page = client.get(url).content.decode()
        for text in (
            "主办单位：湖北省民政厅",
            "承办单位：湖北省民政厅办公室",
            "联系我们",
            "网站地图",
            "网站标识码：4200000001",
            "鄂ICP备00000000号",
            "鄂公网安备 42000000000000号",
        ):
            assert text in page, (url, text)
        assert re.search(r'<nav class="crumbs" aria-label="当前位置"><ol><li><a href="/">首页</a>', page), url
        assert meta(page, "SiteName") == "政府信息公开平台（演示）", url
        assert (
            meta(page, "SiteDomain") == "gongkai.example.gov.cn" and meta(page, "SiteIDCode") == "4200000001"
        )
        for name in ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"):
            assert meta(page, name), (url, name)
        assert 'class="emblem"' in page


def test_an_agency_overrides_the_site_values_and_unset_items_are_left_out(client, portal_demo):
    city = client.get("/szmzj/").content.decode()
    assert "主办单位：随州市民政局" in city and "网站标识码：4213000002" in city
    assert "鄂ICP备00000000号" in city  # not set for the city: the site's value
    SiteProfile.objects.filter(agency=None).update(icp="", police_record="", organizer="")
    SiteProfile.objects.filter(agency__isnull=False).delete()
    page = client.get("/hbmzt/").content.decode()
    assert "主办单位：湖北省民政厅" in page
    assert "ICP" not in page and "公网安备" not in page and "承办单位" not in page
    assert "<li></li>" not in page  # no empty footer item either


def test_column_meta_follows_the_page(client, portal_demo):
    home = client.get("/hbmzt/").content.decode()
    assert meta(home, "ColumnName") == "湖北省民政厅政府信息公开"
    column = client.get("/hbmzt/catalogue/?column=policy").content.decode()
    assert meta(column, "ColumnName") == "政策文件" and "规章" in meta(column, "ColumnDescription")
    assert meta(client.get("/hbmzt/guide/").content.decode(), "ColumnType") == "信息公开指南"


def test_document_page_carries_the_article_meta_from_its_record(client, portal_demo):
    doc = portal_demo[NEW]
    page = client.get(f"/hbmzt/doc/{doc.pk}/").content.decode()
    assert meta(page, "ArticleTitle") == doc.title
    assert meta(page, "PubDate") == "2021-09-10 09:30"
    assert meta(page, "ContentSource") == "湖北省民政厅" and meta(page, "Author") == "湖北省民政厅"
    assert meta(page, "Keywords") == "最低生活保障 审核确认"
    assert meta(page, "Description") == "规范全省最低生活保障审核确认工作。"
    assert meta(page, "Url") == f"http://testserver/hbmzt/doc/{doc.pk}/"
    assert meta(page, "Image") == ""
    assert meta(page, "ColumnName") == "民政、扶贫、救灾"
    assert '<li aria-current="page">正文</li>' in page


def test_sitemap_lists_every_agency_and_its_columns(client, portal_demo):
    page = client.get(reverse("portal:sitemap")).content.decode()
    for slug in ("hbmzt", "szmzj", "yymzj", "pymzj", "nfqzf"):
        assert f'href="/{slug}/"' in page and f'href="/{slug}/catalogue/?column=policy"' in page
    assert "信息公开年报" in page and "RSS订阅" in page


def test_sitemap_is_a_reserved_agency_address(agency_tree):
    from django.core.exceptions import ValidationError

    agency = agency_tree["other"]
    agency.slug = "sitemap"
    with pytest.raises(ValidationError):
        agency.clean()


def test_interaction_pages_have_the_full_breadcrumb(client, portal_demo):
    """首页 › 湖北省民政厅 › 政民互动 › the page (before: only 首页)."""

    def crumbs(url):
        page = client.get(url).content.decode()
        trail = re.search(r'<nav class="crumbs" aria-label="当前位置"><ol>(.*?)</ol></nav>', page, re.S)[1]
        return [
            re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", trail, re.S)
        ]

    assert crumbs("/hbmzt/interaction/") == ["首页", "湖北省民政厅", "政民互动"]
    assert crumbs("/hbmzt/interaction/query/") == ["首页", "湖北省民政厅", "政民互动", "查询办理情况"]
    assert crumbs("/hbmzt/interaction/replies/") == ["首页", "湖北省民政厅", "政民互动", "互动回应"]
