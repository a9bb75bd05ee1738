"""Fetching an agency's old site for import: the site-inspection crawler (robots.txt, polite rate per
host, GBK, frames, retries; the site's own hosts and folder only, no external link is requested)
keeps the body of every internal HTML page; then the attachments of the document pages are
downloaded with the same crawler's manners. No Django model here: the caller writes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.sitecheck.config import SiteConfig
from gongkai.sitecheck.crawler import Crawler, Fetch

USER_AGENT = "gongkai-siteimport/0.1 (moving an agency's own website into gongkai)"


@dataclass
class Gathered:
    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # final URL → (body, content type)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason in Chinese)
    robots: str = ""
    truncated: bool = False


def site_config(url: str, *, max_pages: int = 5000, rate: float = 4.0, **overrides) -> SiteConfig:
    options = {
        "start_url": url,
        "max_pages": max_pages,
        "rate": rate,
        "check_external": False,  # no other host is ever requested
        "check_images": False,
        "user_agent": USER_AGENT,
        "parse_workers": 0,
    }
    options.update(overrides)
    return SiteConfig(**options)


def gather(
    config: SiteConfig, *, transport=None, progress: Callable[[int, int], None] | None = None
) -> tuple[Crawler, Gathered]:
    out = Gathered()

    def keep(fetch: Fetch, body: bytes) -> None:
        out.pages[fetch.final_url or fetch.url] = (body, fetch.content_type)

    crawler = Crawler(config, transport=transport, progress=progress, on_page=keep)
    result = asyncio.run(crawler.run())
    out.robots, out.truncated = result.robots_status, result.truncated
    for fetch in result.fetches.values():
        # A page (not a file) of the site that answered with an error: it may have been a document.
        if fetch.broken and fetch.kind != "external" and crawler._kind(fetch.url) == "page":
            out.unreadable.append((fetch.url, f"页面无法读取（{fetch.describe()}）"))
    return crawler, out


def download(
    crawler: Crawler, urls: list[str], *, max_bytes: int, progress: Callable[[int], None] | None = None
) -> dict[str, bytes | str]:
    """Each URL → its bytes, or the reason (Chinese) it could not be downloaded."""

    async def run() -> dict[str, bytes | str]:
        got: dict[str, bytes | str] = {}
        async with crawler.open_client() as client:
            for url in urls:
                fetch, body = await crawler.get(client, url, max_bytes=max_bytes)
                if fetch.error == "too_large":
                    got[url] = f"文件超过{max_bytes // (1024 * 1024)}MB"
                elif not fetch.ok:
                    got[url] = f"无法下载（{fetch.describe()}）"
                else:
                    got[url] = body
                if progress:
                    progress(1)
        return got

    return asyncio.run(run())
