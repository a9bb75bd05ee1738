"""The crawler on a Chinese government-style site served on 127.0.0.1."""

from __future__ import annotations

import asyncio

from gongkai.sitecheck.crawler import Crawler
from gongkai.sitecheck.parse import decode
from gongkai.testing.site import TODAY

from .conftest import demo_config


def test_gbk_pages_are_decoded_and_their_links_followed(crawled):
    site, _, result, _ = crawled
    listing = result.fetches[site.base + "/zcwj/index.html"]
    assert listing.analysis.column.name == "政策文件"  # GBK bytes, charset in the header
    assert site.base + "/zcwj/t200.html" in result.fetches
    meta_only = result.fetches[site.base + "/zcwj/gb2312.html"]  # charset only in <meta>
    assert meta_only.analysis.title == "政策文件-示例市民政局"


def test_gb18030_fallback_when_nothing_is_declared():
    assert decode("政府信息公开".encode("gbk")) == "政府信息公开"


def test_frames_and_iframes_are_followed(crawled):
    site, _, result, _ = crawled
    for path in ("/xxgk/left.html", "/xxgk/list.html", "/video.html", "/xxgk/a1.html"):
        assert result.fetches[site.base + path].status == 200, path
    tags = {(link.target, link.tag) for link in result.links}
    assert (site.base + "/xxgk/left.html", "frame") in tags
    assert (site.base + "/video.html", "iframe") in tags


def test_robots_txt_is_honoured(crawled):
    site, _, result, _ = crawled
    assert "/private/secret.html" not in site.hits
    assert result.fetches[site.base + "/private/secret.html"].error == "robots"


def test_relative_links_resolve_against_the_page(crawled):
    site, _, result, _ = crawled
    # "../gzdt/202610/t3.html" on /gzdt/index.html and "202611/t1.html" beside it
    assert result.fetches[site.base + "/gzdt/202610/t3.html"].status == 200
    assert result.fetches[site.base + "/gzdt/202611/t1.html"].status == 200


def test_javascript_hash_and_mailto_links_are_ignored(crawled):
    _, _, result, _ = crawled
    targets = {link.target for link in result.links}
    assert not any(t.startswith(("javascript:", "mailto:")) or "#" in t for t in targets)
    assert all(t.startswith("http") for t in result.fetches)


def test_redirect_chain_status_and_timing_are_recorded(crawled):
    site, _, result, _ = crawled
    moved = result.fetches[site.base + "/old-news"]
    assert moved.redirects == [(site.base + "/old-news", 301)]
    assert moved.final_url == site.base + "/gzdt/index.html" and moved.status == 200
    assert all(f.elapsed > 0 for f in result.fetches.values() if f.error != "robots")


def test_external_links_are_checked_not_crawled(crawled):
    site, ext, result, _ = crawled
    assert result.fetches[ext.base + "/ok"].kind == "external"
    assert result.fetches[ext.base + "/missing"].status == 404
    assert result.fetches["http://nosuch.invalid/"].error == "dns"
    external = [link for link in result.links if not link.internal]
    assert external and all(link.source.startswith(site.base) for link in external)


def test_files_are_checked_with_head(crawled):
    site, _, result, _ = crawled
    pdf = result.fetches[site.base + "/files/guide.pdf"]
    assert pdf.kind == "file" and pdf.status == 200 and pdf.analysis is None


def test_max_pages_limits_the_crawl(servers):
    site, _ = servers
    config = demo_config(site, max_pages=3, check_external=False)
    result = asyncio.run(Crawler(config, today=TODAY).run())
    assert len(result.pages) == 3


def test_rate_limit_spaces_requests(servers):
    site, _ = servers
    config = demo_config(
        site, max_pages=4, rate=10, check_external=False, obey_robots=False, check_images=False
    )
    result = asyncio.run(Crawler(config, today=TODAY).run())
    took = (result.finished_at - result.started_at).total_seconds()
    assert len(result.fetches) >= 4 and took >= (len(result.fetches) - 1) / 10 * 0.9


def test_view_parameters_can_be_ignored():
    from gongkai.sitecheck.parse import drop_params

    assert (
        drop_params("http://x.gov.cn/a/?lang=zh-hant&page=2", ["lang", "mode"]) == "http://x.gov.cn/a/?page=2"
    )
    assert drop_params("http://x.gov.cn/a/?mode=elder", ["lang", "mode"]) == "http://x.gov.cn/a/"


def test_homepage_redirect_to_another_host_makes_it_the_sites_host(servers):
    site, ext = servers
    config = demo_config(site, start_url=site.base + "/moved-home", max_pages=5)
    result = asyncio.run(Crawler(config, today=TODAY).run())
    home = result.fetches[site.base + "/moved-home"]
    assert home.redirects == [(site.base + "/moved-home", 302)] and home.analysis is not None
    assert config.is_internal(ext.base + "/nonotice")


def test_truncated_crawl_is_flagged(servers):
    site, _ = servers
    config = demo_config(site, max_pages=2, check_external=False)
    assert asyncio.run(Crawler(config, today=TODAY).run()).truncated
