"""What a reader sees on the agency home, the catalogue and the document page, and in 繁體."""

import re

import pytest
from django.utils import timezone

from gongkai.disclosure.importing import import_documents
from gongkai.disclosure.models import Document, Validity

pytestmark = pytest.mark.django_db
NEW, OLD = "鄂民政规〔2021〕3号", "鄂民政规〔2018〕2号"
READING = "《湖北省最低生活保障审核确认办法》政策解读"


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> whose heading has ``heading_id``."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_agency_home_shows_the_statutory_columns_mapped_from_the_records(client, portal_demo):
    page = client.get("/hbmzt/").content.decode()
    for name in (
        "信息公开指南",
        "信息公开制度",
        "法定主动公开内容",
        "信息公开年报",
        "依申请公开",
        "机构职能",
    ):
        assert name in page
    policy = section(page, "col-policy")
    assert portal_demo[NEW].title in policy and portal_demo[OLD].title in policy
    assert "已修订" in policy and "有效" in policy  # 效力状态 beside each policy document
    assert READING in section(page, "col-interpretation")
    assert READING not in policy
    assert "2023年部门预算公开" in section(page, "col-finance")
    assert "统计数据" in section(page, "col-statistics")
    assert "行政许可事项清单" in section(page, "col-licensing")
    assert "政府信息公开工作制度" in section(page, "rules-h")
    assert 'href="/hbmzt/feed/?column=policy"' in policy and "RSS订阅" in policy


def test_annual_reports_are_listed_by_year(client, portal_demo):
    reports = section(client.get("/yymzj/").content.decode(), "reports-h")
    assert "2023年度报告" in reports
    assert "暂无" in section(client.get("/szmzj/").content.decode(), "reports-h")


def test_document_and_its_interpretation_link_each_other(client, portal_demo):
    new, reading = portal_demo[NEW], Document.objects.get(title=READING)
    page = client.get(f"/hbmzt/doc/{new.pk}/").content.decode()
    assert f'href="/hbmzt/doc/{reading.pk}/">{READING}' in section(page, "rel-h")
    page = client.get(f"/hbmzt/doc/{reading.pk}/").content.decode()
    assert f'本文为对<a href="/hbmzt/doc/{new.pk}/">{new.title}</a>的政策解读' in page


def test_an_amended_document_says_so_at_the_top_with_a_link_to_the_new_one(client, portal_demo):
    old, new = portal_demo[OLD], portal_demo[NEW]
    page = client.get(f"/hbmzt/doc/{old.pk}/").content.decode()
    notice = page.index("本文件已修订")
    assert notice < page.index('class="meta"') < page.index('class="doc-title"')  # before everything else
    assert f'修订后的文件见<a href="/hbmzt/doc/{new.pk}/">' in page
    Document.objects.filter(pk=new.pk).update(validity=Validity.REPEALED, expires_on=timezone.localdate())
    page = client.get(f"/hbmzt/doc/{new.pk}/").content.decode()
    assert "本文件已废止" in page and 'href="/hbmzt/catalogue/?validity=valid">查看现行有效的文件' in page
    assert (
        "本文件已" not in client.get(f"/hbmzt/doc/{Document.objects.get(title=READING).pk}/").content.decode()
    )


def test_document_page_tools_signature_attachments_and_neighbours(client, portal_demo):
    new, old = portal_demo[NEW], portal_demo[OLD]
    page = client.get(f"/hbmzt/doc/{new.pk}/").content.decode()
    assert '<h1 class="doc-title">' in page
    assert '<p class="signature">湖北省民政厅</p><p class="signature">2021年9月1日</p>' in page
    assert re.search(
        r"湖北省最低生活保障审核确认办法\.pdf</a> <span class=\"muted\">（PDF，\d+\xa0字节）", page
    )
    assert 'data-action="print"' in page and 'data-action="close"' in page
    assert 'href="?fs=l"' in page and 'class="article fs-m"' in page
    assert 'class="article fs-l"' in client.get(f"/hbmzt/doc/{new.pk}/?fs=l").content.decode()
    # 上一篇/下一篇 within its column (主题分类 16 at 湖北省民政厅), newest first
    nav = page[page.index('class="prev-next') :]
    reading = Document.objects.get(title=READING)
    assert f'href="/hbmzt/doc/{reading.pk}/" rel="prev"' in nav
    assert f'href="/hbmzt/doc/{old.pk}/" rel="next"' in nav
    assert '下一篇：<span class="muted">没有了' in client.get(f"/hbmzt/doc/{old.pk}/").content.decode()


def test_catalogue_facets_count_what_the_other_filters_leave(client, portal_demo):
    page = client.get("/hbmzt/catalogue/?category=92").content.decode()
    genres = page[page.index("<h2>体裁</h2>") : page.index("<h2>效力状态</h2>")]
    assert (
        '>规定</a> <span class="muted">(1)' in genres
        and ">通知</a>" not in genres
        and ">办法</a>" not in genres
    )
    page = client.get("/hbmzt/catalogue/?genre=办法").content.decode()
    validity = page[page.index("<h2>效力状态</h2>") : page.index("<h2>年份</h2>")]
    assert (
        '>有效</a> <span class="muted">(1)' in validity and '>已修订</a> <span class="muted">(1)' in validity
    )
    amended = client.get("/hbmzt/catalogue/?validity=amended").content.decode()
    assert portal_demo[OLD].title in amended and portal_demo[NEW].title not in amended
    column = client.get("/hbmzt/catalogue/?column=interpretation").content.decode()
    assert READING in column and portal_demo[NEW].title not in column


def test_catalogue_sorts_by_date_and_has_page_numbers_and_rss(client, portal_demo):
    hubei = portal_demo[NEW].agency
    rows = [
        {
            "信息名称": f"测试通知{n:02d}",
            "主题分类": "21",
            "体裁": "通知",
            "发布日期": f"2019-01-{n:02d} 09:00",
        }
        for n in range(1, 26)
    ]
    import_documents(hubei, rows)
    page = client.get("/hbmzt/catalogue/?category=21").content.decode()
    assert page.index("测试通知25") < page.index("测试通知24")
    assert (
        '<span aria-current="page">1</span>' in page
        and 'href="?category=21&amp;page=2" aria-label="第2页">2</a>' in page
    )
    assert "共 26 条" in page
    oldest = client.get("/hbmzt/catalogue/?category=21&sort=date_asc").content.decode()
    assert oldest.index("测试通知01") < oldest.index("测试通知02")
    second = client.get("/hbmzt/catalogue/?category=21&page=2").content.decode()
    assert "测试通知01" in second and "测试通知25" not in second
    assert 'href="/hbmzt/feed/?category=21">RSS订阅</a>' in page
    feed = client.get("/hbmzt/feed/?column=policy").content.decode()
    assert portal_demo[NEW].title in feed and "测试通知" not in feed


def test_catalogue_is_cards_ready_with_labels_for_phones(client, portal_demo):
    page = client.get("/hbmzt/catalogue/").content.decode()
    assert 'data-label="信息名称" class="title-cell"' in page and 'data-label="发布日期"' in page


def test_agency_pages_search_within_the_agency(client, portal_demo):
    page = client.get("/szmzj/").content.decode()
    assert '<input type="hidden" name="agency" value="szmzj">' in page
    assert 'name="agency"' not in client.get("/").content.decode()


def test_traditional_pages_use_the_common_forms_and_keep_brackets_and_numbers(client, portal_demo):
    hubei = Document.objects.get(doc_number="鄂民办发〔2017〕8号")
    page = client.get(f"/hbmzt/doc/{hubei.pk}/?lang=zh-hant").content.decode()
    assert "鄂民辦發〔2017〕8號" in page and "011043196/2019-40873" in page
    assert "為" in page and "爲" not in page
    assert "羣" not in page and "衆" not in page
    other = Document.objects.get(agency__slug="pymzj")
    page = client.get(f"/pymzj/doc/{other.pk}/").content.decode()  # the cookie keeps 繁體
    assert "群眾" in page and "羣衆" not in page
    assert "2017年12月20日" in page
