"""The read API: published records only, every filter, stable pages, Chinese errors, no CORS."""

import datetime as dt
import json

import pytest

pytestmark = pytest.mark.django_db

HIDDEN_TITLES = ("草稿：", "审查中：", "待发布：", "已撤回：", "定时：", "依申请：")


def all_pages(api, url, **params):
    out, page = [], 1
    while True:
        data = api.json(url, page=page, page_size=2, **params)
        out += data["results"]
        if not data["next"]:
            return out, data["count"]
        page += 1


def test_documents_list_holds_published_documents_only(api, catalogue):
    items, count = all_pages(api, "/api/v1/documents/")
    titles = [d["title"] for d in items]
    assert count == len(items) == 5
    assert set(titles) == {
        "随州市城乡最低生活保障办法",
        "随州市城乡低保办法（2019年）",
        "《随州市城乡最低生活保障办法》政策解读",
        "曾都区养老服务补贴发放公告",
        "岳阳市殡葬管理通知",
    }
    for d in catalogue["hidden"].values():
        assert api.get(f"/api/v1/documents/{d.pk}/").status_code == 404
    blob = json.dumps(items, ensure_ascii=False)
    assert not any(t in blob for t in HIDDEN_TITLES)


def test_document_detail_has_metadata_interpretations_and_validity_chain(api, catalogue):
    old, policy, reading = catalogue["old"], catalogue["policy"], catalogue["reading"]
    d = api.json(f"/api/v1/documents/{old.pk}/")
    assert d["id"] == old.pk
    assert d["doc_number"] == "随民发〔2019〕8号"
    assert d["validity"] == "amended" and d["validity_label"] == "已修订"
    assert d["amended_by"] == policy.pk
    assert [x["id"] for x in d["validity_chain"]] == [old.pk, policy.pk]
    assert d["index_number"] == old.index_number and d["index_number"]
    assert d["agency"]["name"] == "随州市民政局"
    assert d["url"].endswith(f"/szmzj/doc/{old.pk}/")
    p = api.json(f"/api/v1/documents/{policy.pk}/")
    assert [x["id"] for x in p["interpretations"]] == [reading.pk]
    assert [x["id"] for x in p["amends"]] == [old.pk]
    assert p["genre"] == "通知"
    r = api.json(f"/api/v1/documents/{reading.pk}/")
    assert r["interprets"] == policy.pk


def test_references_to_unpublished_documents_are_hidden(api, catalogue, workflow):
    from gongkai.disclosure.models import Document

    city = catalogue["agencies"]["city"]
    draft = catalogue["hidden"]["draft"]
    reading = workflow.publish(city, title="解读一份草稿")
    Document.objects.filter(pk=reading.pk).update(interprets=draft)
    assert api.json(f"/api/v1/documents/{reading.pk}/")["interprets"] is None


def test_filters(api, catalogue):
    a = catalogue["agencies"]

    def titles(**params):
        return {d["title"] for d in api.json("/api/v1/documents/", **params)["results"]}

    # 机关 with its subtree: the province holds the city and the district.
    assert titles(agency=a["province"].pk) == titles(agency=a["city"].pk) | {"曾都区养老服务补贴发放公告"}
    assert titles(agency=a["district"].pk) == {"曾都区养老服务补贴发放公告"}
    assert titles(agency=a["other"].pk) == {"岳阳市殡葬管理通知"}
    assert titles(doc_number="〔2024〕") == {"随州市城乡最低生活保障办法"}
    assert titles(genre="通知") == {"随州市城乡最低生活保障办法"}
    assert titles(validity="amended") == {"随州市城乡低保办法（2019年）"}
    assert titles(category="16") == titles()  # the fixture's category
    assert titles(category="01") == set()
    assert titles(published_to="2000-01-01") == set()
    assert len(titles(published_from="2000-01-01")) == 5
    assert titles(updated_since="2100-01-01T00:00:00+08:00") == set()


def test_bad_filters_are_refused_in_chinese(api, catalogue):
    r = api.get("/api/v1/documents/", validity="gone")
    assert r.status_code == 400
    assert "不是合法选项" in r.json()["validity"][0] or "有效" in r.json()["validity"][0]
    r = api.get("/api/v1/documents/", published_from="2025-02-01", published_to="2025-01-01")
    assert r.status_code == 400
    assert r.json()["published_to"] == ["发布日期止不能早于发布日期起。"]
    r = api.get("/api/v1/documents/", agency=999999)
    assert r.status_code == 404 and r.json()["detail"] == "没有找到该机关。"
    r = api.get("/api/v1/documents/", page=99)
    assert r.status_code == 404 and "页码无效" in r.json()["detail"]


def test_pages_are_stable_and_disjoint(api, catalogue):
    first, count = all_pages(api, "/api/v1/documents/")
    again, _ = all_pages(api, "/api/v1/documents/")
    assert [d["id"] for d in first] == [d["id"] for d in again]
    assert len({d["id"] for d in first}) == count


def test_agencies_tree(api, agency_tree):
    items = api.json("/api/v1/agencies/")
    by_name = {a["name"]: a for a in items}
    province, city = by_name["湖北省民政厅"], by_name["随州市民政局"]
    assert city["parent"] == province["id"] and city["id"] in province["children"]
    assert by_name["随州市曾都区民政局"]["depth"] == 2
    assert [a["name"] for a in items].index("湖北省民政厅") < [a["name"] for a in items].index("随州市民政局")
    assert api.json(f"/api/v1/agencies/{city['id']}/")["children"] == city["children"]
    assert "staff" not in json.dumps(items)


def test_search_uses_the_portal_search_and_only_public(api, catalogue):
    data = api.json("/api/v1/search/", q="最低生活保障")
    ids = {h["id"] for h in data["results"]}
    assert catalogue["policy"].pk in ids
    assert not ids & {d.pk for d in catalogue["hidden"].values()}
    assert data["count"] >= 1
    # the portal's own answer for the same query
    from gongkai.search.services import search

    assert ids == {h.id for h in search("最低生活保障").hits}
    assert api.json("/api/v1/search/", q="不应出现")["results"] == []
    r = api.get("/api/v1/search/", q="x", agency="nowhere")
    assert r.status_code == 404 and "nowhere" in r.json()["detail"]


def test_no_cors_headers(client, catalogue):
    r = client.get("/api/v1/documents/", HTTP_ORIGIN="https://example.org")
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers
    r = client.options("/api/v1/documents/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in r.headers


def test_write_methods_are_refused_on_read_endpoints(client, catalogue):
    r = client.post("/api/v1/documents/", {"title": "x"})
    assert r.status_code == 405


def test_rate_limit_per_client(client, settings, catalogue):
    from django.core.cache import cache

    cache.clear()
    settings.GONGKAI_API_RATE = "3/min"
    codes = [client.get("/api/v1/agencies/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.get("/api/v1/agencies/")
    assert r.json()["detail"].startswith("请求过于频繁，请") and "Retry-After" in r.headers
    # another address still gets through
    assert client.get("/api/v1/agencies/", REMOTE_ADDR="10.0.0.9").status_code == 200
    cache.clear()


def test_schema_and_docs_page(client, catalogue):
    r = client.get("/api/v1/schema/", {"format": "json"})
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/documents/{id}/" in schema["paths"]
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "政府信息目录" in html and "/api/v1/documents/" in html and "<script" not in html.split("</head>")[1]
    )
    assert (
        "'unsafe-inline'"
        not in page.headers.get("Content-Security-Policy", "script-src 'self'")
        .split("script-src")[1]
        .split(";")[0]
    )


@pytest.mark.parametrize("url", ["/api/v1/agencies/-1/", "/api/v1/no-such-list/", "/api/v1/documents/x/"])
def test_a_url_no_route_matches_is_a_json_404_in_chinese(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "不存在" in response.json()["detail"]


def test_publication_date_range_is_the_local_calendar_day(api, catalogue):
    """published_from/published_to are days in Beijing time, both ends included: a document
    published at 23:30 on 3 March (15:30 UTC) belongs to 3 March, one at 00:10 on 4 March (16:10 UTC
    on the 3rd) to 4 March."""
    from django.utils import timezone

    late, early = catalogue["policy"], catalogue["old"]
    tz = timezone.get_current_timezone()
    type(late).objects.filter(pk=late.pk).update(published_at=dt.datetime(2025, 3, 3, 23, 30, tzinfo=tz))
    type(early).objects.filter(pk=early.pk).update(published_at=dt.datetime(2025, 3, 4, 0, 10, tzinfo=tz))

    def titles(**params):
        return {d["title"] for d in api.json("/api/v1/documents/", **params)["results"]}

    assert titles(published_from="2025-03-03", published_to="2025-03-03") == {late.title}
    assert titles(published_from="2025-03-04", published_to="2025-03-04") == {early.title}
    assert titles(published_from="2025-03-03", published_to="2025-03-04") == {late.title, early.title}
