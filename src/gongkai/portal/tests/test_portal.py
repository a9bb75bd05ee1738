import re

import pytest
from django.urls import reverse

from gongkai.demo.loader import load_demo
from gongkai.disclosure.models import Document
from gongkai.rules.numbers import parse_index_number

pytestmark = pytest.mark.django_db
# The seed pages; the demo's published 政民互动 replies are documents too (genre 互动回应, 建议提案复文).
SEEDS = Document.objects.exclude(genre__name__in=["互动回应", "建议提案复文"])
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture
def demo(db):
    load_demo()
    return {d.agency.slug: d for d in SEEDS.select_related("agency")}


def test_demo_serves_the_five_seed_documents_with_index_numbers(client, demo):
    assert set(demo) == {"hbmzt", "szmzj", "yymzj", "pymzj", "nfqzf"}
    for slug, doc in demo.items():
        parsed = parse_index_number(doc.index_number)
        assert parsed.code == doc.agency.code and 1 <= parsed.serial <= 99999
        page = client.get(reverse("portal:document", args=[slug, doc.pk])).content.decode()
        assert doc.index_number in page and doc.title in page
    hubei = demo["hbmzt"]
    assert hubei.index_number == "011043196/2019-40873" and hubei.doc_number == "鄂民办发〔2017〕8号"
    assert hubei.written_on.isoformat() == "2017-06-19"
    assert demo["szmzj"].agency.parent == hubei.agency
    load_demo()  # idempotent
    assert SEEDS.count() == 5


def test_traditional_pages_have_no_pinyin_and_keep_the_text(client, demo):
    for slug, doc in demo.items():
        url = reverse("portal:document", args=[slug, doc.pk])
        page = client.get(url + "?lang=zh-hant").content.decode()
        assert not PINYIN.search(page), slug
        assert 'lang="zh-Hant"' in page and "索引號" in page
    # The cookie keeps the choice on the next page, until the reader switches back.
    assert (
        "發佈機構"
        in client.get(reverse("portal:document", args=["szmzj", demo["szmzj"].pk])).content.decode()
    )
    page = client.get(
        reverse("portal:document", args=["szmzj", demo["szmzj"].pk]) + "?lang=zh-hans"
    ).content.decode()
    assert "根据市委" in page and "發佈機構" not in page  # simplified, cleaned of "根據(jù)"


def test_elder_mode_and_semantic_structure(client, demo):
    doc = demo["hbmzt"]
    page = client.get(reverse("portal:document", args=["hbmzt", doc.pk]) + "?mode=elder").content.decode()
    assert 'class="mode-elder"' in page and "退出适老模式" in page
    assert '<main id="main"' in page and 'class="skip" href="#main"' in page
    # No inline script or event handler (the Content-Security-Policy allows only static files).
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and not re.search(r"\son[a-z]+=", page)


def test_catalogue_filters_by_category_genre_and_year(client, demo):
    url = reverse("portal:catalogue", args=["yymzj"])
    doc = demo["yymzj"]
    assert doc.title in client.get(url).content.decode()
    assert doc.title in client.get(url + f"?category={doc.category.code}&year=2024").content.decode()
    assert doc.title not in client.get(url + "?year=2019").content.decode()
    assert doc.title not in client.get(url + "?genre=通知").content.decode()


def test_guide_shows_contacts_and_the_articles(client, demo):
    page = client.get(reverse("portal:guide", args=["hbmzt"])).content.decode()
    assert "湖北省民政厅办公室" in page and "第三十一条" in page and "第三十三条" in page


def test_unknown_agency_is_404(client, db):
    assert client.get("/no-such-agency/").status_code == 404
