"""The demo site and one crawl of it, shared by the sitecheck tests (crawling takes about a second)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gongkai.sitecheck.config import Leader, SiteConfig
from gongkai.sitecheck.crawler import Crawler
from gongkai.sitecheck.run import summarise
from gongkai.testing.site import EXTERNAL, TODAY, FakeDNS, LocalSite, demo_site

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def servers():
    with LocalSite(EXTERNAL) as ext, LocalSite() as site:
        site.routes = demo_site(ext.base)
        yield site, ext


def demo_config(site, **kw) -> SiteConfig:
    options = {
        "start_url": site.base + "/",
        "timeout": 1.5,
        "retries": 0,
        "rate": 0,
        "concurrency": 4,
        "parse_workers": 0,
        "leaders": [Leader("王建国", ("局长",))],
        "sensitive_words": ["测试敏感词"],
    }
    options.update(kw)
    return SiteConfig(**options)


@pytest.fixture(scope="session")
def crawled(servers):
    """(site, ext, crawl result, findings object) of one crawl of the demo site."""
    import asyncio

    site, ext = servers
    config = demo_config(site)
    result = asyncio.run(Crawler(config, transport=FakeDNS(), today=TODAY).run())
    return site, ext, result, summarise(result, config, NOW)
