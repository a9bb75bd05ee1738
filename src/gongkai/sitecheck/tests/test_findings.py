"""Every finding kind on the demo site, and nothing else."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from gongkai.sitecheck import history
from gongkai.sitecheck.config import ColumnSelector
from gongkai.sitecheck.crawler import Crawler
from gongkai.sitecheck.findings import KINDS
from gongkai.sitecheck.run import summarise
from gongkai.testing.site import TODAY, FakeDNS

from .conftest import NOW, demo_config


def _keys(report, base, ext):
    def short(url):
        return url.replace(base, "").replace(ext, "EXT") if url else url

    return {(f["kind"], short(f["page"]), short(f["target"])) for f in report["findings"]}


def test_demo_site_findings_are_exactly_the_planted_faults(crawled):
    site, ext, _, report = crawled
    assert _keys(report, site.base, ext.base) == {
        ("stale_column", "/tzgg/", "/tzgg/"),
        ("empty_column", "/ldhd/", "/ldhd/"),
        ("broken_link", "/", "/gone.html"),
        ("broken_link", "/", "/error.html"),
        ("broken_link", "/", "/slow.html"),
        ("broken_link", "/", "EXT/missing"),
        ("broken_link", "/", "http://nosuch.invalid/"),
        ("broken_link", "/video.html", "/gone-video.html"),
        ("external_link_notice", "/", "EXT/nonotice"),
        ("text_error", "/", None),
        ("text_error", "/gzdt/202611/t1.html", None),
        ("text_error", "/zcwj/t200.html", None),
        ("text_error", "/zcwj/t201.html", None),
        ("missing_metadata", "/gzdt/202611/t2.html", None),
        ("missing_metadata", "/xxgk/a2.html", None),
    }
    assert {f["kind"] for f in report["findings"]} <= set(KINDS)


def test_parsing_in_a_worker_process_gives_the_same_findings(crawled):
    site, ext, _, report = crawled
    config = demo_config(site, parse_workers=1)
    again = summarise(asyncio.run(Crawler(config, transport=FakeDNS(), today=TODAY).run()), config, NOW)
    assert _keys(again, site.base, ext.base) == _keys(report, site.base, ext.base)


def test_evidence_names_what_is_wrong(crawled):
    site, _, _, report = crawled
    by = {(f["kind"], f["target"] or f["page"]): f for f in report["findings"]}
    assert "2026-03-01" in by[("stale_column", site.base + "/tzgg/")]["evidence"]
    assert "6个月" in by[("stale_column", site.base + "/tzgg/")]["evidence"]
    assert "HTTP 404" in by[("broken_link", site.base + "/gone.html")]["evidence"]
    assert "HTTP 500" in by[("broken_link", site.base + "/error.html")]["evidence"]
    assert "访问超时" in by[("broken_link", site.base + "/slow.html")]["evidence"]
    assert "域名无法解析" in by[("broken_link", "http://nosuch.invalid/")]["evidence"]
    texts = " ".join(f["evidence"] for f in report["findings"] if f["kind"] == "text_error")
    assert "政政" in texts and "王建图局长" in texts and "副局长" in texts and "测试敏感词" in texts
    assert "发布日期" in by[("missing_metadata", site.base + "/gzdt/202611/t2.html")]["evidence"]
    assert "索引号" in by[("missing_metadata", site.base + "/xxgk/a2.html")]["evidence"]
    assert all(f["indicator"] for f in report["findings"])


def test_continuation_pages_are_not_stale_columns(crawled):
    site, _, result, report = crawled
    assert result.fetches[site.base + "/gzdt/index_1.html"].analysis.column.latest.year == 2023
    assert not any(f["page"].endswith("index_1.html") for f in report["findings"])


def test_homepage_not_updated_for_two_weeks(servers):
    site, _ = servers
    config = demo_config(site, start_url=site.base + "/stale/index.html", max_pages=3, check_external=False)
    report = summarise(asyncio.run(Crawler(config, today=TODAY).run()), config, NOW)
    stale = [f for f in report["findings"] if f["kind"] == "homepage_stale"]
    assert len(stale) == 1 and "2026-10-01" in stale[0]["evidence"]


def test_unreachable_site(servers):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    site, _ = servers
    config = demo_config(site, start_url=f"http://127.0.0.1:{port}/")
    report = summarise(asyncio.run(Crawler(config, today=TODAY).run()), config, NOW)
    assert [f["kind"] for f in report["findings"]] == ["site_unreachable"]
    assert "无法连接" in report["findings"][0]["evidence"]
    assert report["veto"] == ["首页本次无法访问：若一周监测中15秒打不开的次数占比≥5%，即单项否决"]


def test_css_selector_override_finds_an_unusual_column(servers):
    site, _ = servers
    site.routes["/odd/"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        "<title>部门动态</title><div class='x'><b>2026-05-01</b><i>旧消息</i></div>".encode(),
    )
    selectors = [ColumnSelector(url_contains="/odd/", items="div.x", date="b")]
    config = demo_config(site, start_url=site.base + "/odd/", max_pages=1, column_selectors=selectors)
    result = asyncio.run(Crawler(config, today=TODAY).run())
    column = result.fetches[site.base + "/odd/"].analysis.column
    assert column.by_selector and column.latest.isoformat() == "2026-05-01"
    config_empty = demo_config(
        site,
        start_url=site.base + "/odd/",
        max_pages=1,
        column_selectors=[ColumnSelector(url_contains="/odd/", items="ul.none li")],
    )
    result = asyncio.run(Crawler(config_empty, today=TODAY).run())
    assert result.fetches[site.base + "/odd/"].analysis.column.empty


def test_external_link_broken_only_after_three_failures_in_36_hours(crawled):
    site, ext, result, _ = crawled
    config = demo_config(site)
    dead = ext.base + "/missing"
    twice = {dead: [NOW - timedelta(hours=20), NOW]}
    report = summarise(result, config, NOW, twice)
    assert dead not in {f["target"] for f in report["findings"]}
    thrice = {dead: [NOW - timedelta(hours=30), NOW - timedelta(hours=20), NOW]}
    report = summarise(result, config, NOW, thrice)
    found = [f for f in report["findings"] if f["target"] == dead]
    assert found and "36小时" in found[0]["evidence"]
    # internal broken links need no history
    assert site.base + "/gone.html" in {f["target"] for f in report["findings"]}


def test_history_record_counts_failures_within_the_window():
    url = "http://example.invalid/"
    old = {url: [NOW - timedelta(hours=40), NOW - timedelta(hours=30)]}
    record = history.update(old, NOW, {url}, set())
    assert history.confirmed_broken(record, NOW) == set()  # only 2 inside 36 h
    record = history.update(record, NOW + timedelta(hours=1), {url}, set())
    assert history.confirmed_broken(record, NOW + timedelta(hours=1)) == {url}
    assert history.update(record, NOW + timedelta(hours=2), set(), {url}) == {}


def test_history_file_round_trip(tmp_path):
    path = tmp_path / "h.json"
    history.save(path, {"http://a.invalid/": [NOW]})
    assert history.load(path) == {"http://a.invalid/": [NOW]}
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="无法读取"):
        history.load(path)
