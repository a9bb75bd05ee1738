"""Fetching an agency's old site for import: the site-inspection crawler (robots.txt, polite rate per
host, GBK, frames, retries; the site's own hosts and folder only, no external link is requested)
hands each internal HTML page to the caller as it arrives; then the attachments of the document
pages are downloaded with the same crawler's manners.

Memory stays bounded for a site of tens of thousands of pages: the crawler runs lean (no page
analysis or link list kept), the caller keeps what it reads of each page in a :class:`Spool` on
disk (a temporary file, deleted when closed) with only a small index entry in memory, and the
attachments are downloaded into a spool too. No Django model here: the caller writes.
"""

from __future__ import annotations

import asyncio
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from gongkai.sitecheck.config import SiteConfig
from gongkai.sitecheck.crawler import Crawler, Fetch

USER_AGENT = "gongkai-siteimport/0.1 (moving an agency's own website into gongkai)"


class Spool:
    """Objects (pickled) or bytes appended to one temporary file; each ``put`` returns the
    ``(offset, length)`` that ``get``/``get_bytes`` read it back with. The file is unlinked at
    creation, so it disappears with the process even if ``close`` is never reached."""

    def __init__(self, directory: str | None = None):
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed by close())
        self._end = 0

    def put_bytes(self, data: bytes) -> tuple[int, int]:
        self._file.seek(self._end)
        self._file.write(data)
        where = (self._end, len(data))
        self._end += len(data)
        return where

    def get_bytes(self, where: tuple[int, int]) -> bytes:
        self._file.seek(where[0])
        return self._file.read(where[1])

    def put(self, obj: Any) -> tuple[int, int]:
        return self.put_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))

    def get(self, where: tuple[int, int]) -> Any:
        return pickle.loads(self.get_bytes(where))  # noqa: S301 (our own file, written above)

    @property
    def size(self) -> int:
        return self._end

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Files:
    """Downloaded attachments: URL → bytes (read from the spool when asked) or the reason (Chinese)
    it could not be downloaded. ``get`` has the signature of ``dict.get``."""

    def __init__(self, spool: Spool):
        self.spool = spool
        self._where: dict[str, tuple[int, int] | str] = {}

    def put(self, url: str, got: bytes | str) -> None:
        self._where[url] = got if isinstance(got, str) else self.spool.put_bytes(got)

    def get(self, url: str, default: bytes | str | None = None) -> bytes | str | None:
        where = self._where.get(url)
        if where is None:
            return default
        return where if isinstance(where, str) else self.spool.get_bytes(where)

    def __len__(self) -> int:
        return len(self._where)


@dataclass
class Gathered:
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
    config: SiteConfig,
    on_page: Callable[[str, bytes, str], None],
    *,
    transport=None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Crawler, Gathered]:
    """Crawl; ``on_page(final URL, body, content type)`` is called for each internal HTML page as it
    arrives (in the crawl's event loop: no database there) and keeps nothing of it here."""
    out = Gathered()

    def page(fetch: Fetch, body: bytes) -> None:
        on_page(fetch.final_url or fetch.url, body, fetch.content_type)

    crawler = Crawler(config, transport=transport, progress=progress, on_page=page, lean=True)
    result = asyncio.run(crawler.run())
    out.robots, out.truncated = result.robots_status, result.truncated
    for fetch in result.fetches.values():
        # A page (not a file) of the site that answered with an error: it may have been a document.
        if fetch.broken and fetch.kind != "external" and crawler._kind(fetch.url) == "page":
            out.unreadable.append((fetch.url, f"页面无法读取（{fetch.describe()}）"))
    return crawler, out


def download(
    crawler: Crawler,
    urls: Iterable[str],
    files: Files,
    *,
    max_bytes: int,
    progress: Callable[[int], None] | None = None,
) -> Files:
    """Each URL's bytes (or the reason, Chinese, it could not be downloaded) into ``files``; one
    file at a time in memory."""

    async def run() -> None:
        async with crawler.open_client() as client:
            for url in urls:
                fetch, body = await crawler.get(client, url, max_bytes=max_bytes)
                if fetch.error == "too_large":
                    files.put(url, f"文件超过{max_bytes // (1024 * 1024)}MB")
                elif not fetch.ok:
                    files.put(url, f"无法下载（{fetch.describe()}）")
                else:
                    files.put(url, body)
                if progress:
                    progress(1)

    asyncio.run(run())
    return files
