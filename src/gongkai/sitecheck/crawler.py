"""The asynchronous self-inspection crawler (网站自查爬虫), httpx on asyncio.

It stays on the site's own hosts (``SiteConfig.hosts``), honours robots.txt (none, or an unreadable one, restricts nothing: this is the owner inspecting their own
site, and the run records what it found), keeps a polite rate per host (``SiteConfig.rate`` requests per second, raised by a robots ``Crawl-delay``), times out
and retries (timeouts, connection errors, 502/503/504). Internal HTML pages are fetched and
analysed; internal files (PDF, Word, images …) and external links are only checked (HEAD, then GET
when HEAD fails). Every page and every link is recorded with its status, redirect chain and time.
No Django import here.
"""

from __future__ import annotations

import asyncio
import importlib.util
import multiprocessing
import os
import ssl
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import certifi
import httpx

from .config import SiteConfig
from .parse import PageAnalysis, analyse, decode, normalise_url
from .robots import Robots

_FILE_EXT = {
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "et",
    "ppt",
    "pptx",
    "wps",
    "ofd",
    "zip",
    "rar",
    "7z",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "bmp",
    "webp",
    "svg",
    "ico",
    "mp3",
    "mp4",
    "avi",
    "flv",
    "wmv",
    "css",
    "js",
    "txt",
    "xml",
    "csv",
    "apk",
    "exe",
}
_RETRY_STATUS = {502, 503, 504}
_MAX_REDIRECTS = 10
_MAX_BODY = 8 * 1024 * 1024
# httpcore tries `import sniffio` on every request; when sniffio is not installed each failed
# import searches sys.path again (≈0.5 ms a request). Recording its absence makes that fail at once.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None

_DNS_HINTS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
    "no address associated",
    "name resolution",
)


@dataclass(slots=True)
class Fetch:
    """The outcome of requesting one URL (a page or a checked link)."""

    url: str
    kind: str  # "page" (internal HTML, fetched and analysed), "file" (internal, checked), "external"
    status: int | None = None
    error: str | None = None  # "timeout", "dns", "connect", "protocol", "robots", "too_many_redirects"
    error_detail: str = ""
    redirects: list[tuple[str, int]] = field(default_factory=list)
    final_url: str = ""
    elapsed: float = 0.0
    content_type: str = ""
    depth: int = 0
    analysis: PageAnalysis | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 400

    @property
    def broken(self) -> bool:
        return self.error not in (None, "robots") or (self.status is not None and self.status >= 400)

    def describe(self) -> str:
        """A Chinese description of the outcome for evidence lines."""
        if self.error:
            return {
                "timeout": "访问超时",
                "dns": "域名无法解析",
                "connect": "无法连接服务器",
                "protocol": "服务器响应异常",
                "robots": "robots.txt 禁止访问",
                "too_many_redirects": "重定向次数过多",
                "too_large": "文件过大",
            }.get(self.error, self.error)
        return f"HTTP {self.status}"


@dataclass(slots=True)
class LinkRecord:
    source: str
    target: str
    tag: str
    text: str
    internal: bool
    notice: bool


@dataclass(repr=False)
class CrawlResult:
    start_url: str
    started_at: datetime
    finished_at: datetime | None = None
    fetches: dict[str, Fetch] = field(default_factory=dict)
    links: list[LinkRecord] = field(default_factory=list)
    robots_status: str = ""
    truncated: bool = False  # max_pages was reached: some links were not followed

    @property
    def pages(self) -> list[Fetch]:
        return [f for f in self.fetches.values() if f.kind == "page"]

    def __repr__(self) -> str:  # asyncio may repr a task's result; the full repr is megabytes
        return f"<CrawlResult {self.start_url}: {len(self.fetches)} requests, {len(self.links)} links>"


class Crawler:
    """Crawl one site. ``progress(done, queued)`` is called after each request; ``on_page(fetch,
    body)`` with the body of each internal HTML page fetched."""

    def __init__(
        self,
        config: SiteConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        progress: Callable[[int, int], None] | None = None,
        today: date | None = None,
        on_page: Callable[[Fetch, bytes], None] | None = None,
        lean: bool = False,
    ):
        self.config = config
        self.on_page = on_page  # sees each internal HTML page's body (the site import reads them)
        # lean: keep no page analysis nor link list once a page's links are queued (the site import
        # needs neither): memory then grows with the number of addresses only, not with the pages.
        self.lean = lean
        self.transport = transport
        self.progress = progress
        self.today = today
        self.robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._next_slot: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._queue: asyncio.Queue[tuple[str, str, int]] = asyncio.Queue()
        self._seen: set[str] = set()
        self._pages_queued = 0
        self._done = 0
        self._pool: ProcessPoolExecutor | None = None
        self._headers = {"User-Agent": config.user_agent, "Accept": "text/html,*/*;q=0.8"}
        self._timeout = httpx.Timeout(config.timeout).as_dict()

    # -- scheduling -------------------------------------------------------------------------

    def _kind(self, url: str) -> str:
        if not self.config.is_internal(url):
            return "external"
        path = urlsplit(url).path
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        # Outside the site's paths (another agency on a shared portal): checked, not followed.
        return "file" if ext in _FILE_EXT or not self.config.in_scope(url) else "page"

    def _enqueue(self, url: str, depth: int, tag: str = "a", follow: bool = True) -> None:
        if url in self._seen:
            return
        kind = self._kind(url)
        if kind == "page" and (tag == "img" or not follow):  # checked that it answers, not crawled
            kind = "file"
        if kind == "external" and not self.config.check_external:
            return
        if kind == "page":
            if self._pages_queued >= self.config.max_pages:
                self.result.truncated = True
                return
            self._pages_queued += 1
        self._seen.add(url)
        self._queue.put_nowait((url, kind, depth))

    async def _polite(self, host: str) -> None:
        interval = self._delay.get(host)
        if interval is None:
            interval = 1.0 / self.config.rate if self.config.rate > 0 else 0.0
        if interval <= 0:
            return
        now = time.monotonic()
        slot = max(now, self._next_slot.get(host, now))
        self._next_slot[host] = slot + interval
        if slot > now:
            await asyncio.sleep(slot - now)

    async def _robots_for(self, client: httpx.AsyncClient, url: str) -> Robots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self.robots:
            return self.robots[origin]
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self.robots:
                robots = Robots.allow_all()
                try:
                    resp = await client.get(origin + "/robots.txt", timeout=self.config.timeout)
                    if resp.status_code < 300:
                        robots = Robots.parse(resp.text)
                        self.result.robots_status = self.result.robots_status or f"已读取 {origin}/robots.txt"
                    else:
                        self.result.robots_status = self.result.robots_status or (
                            f"{origin}/robots.txt 返回 HTTP {resp.status_code}，视为不限制"
                        )
                except httpx.HTTPError as exc:
                    self.result.robots_status = self.result.robots_status or (
                        f"{origin}/robots.txt 无法读取（{type(exc).__name__}），视为不限制"
                    )
                delay = robots.crawl_delay(self.config.user_agent)
                if delay:
                    self._delay[parts.netloc] = max(delay, 1.0 / self.config.rate if self.config.rate else 0)
                self.robots[origin] = robots
        return self.robots[origin]

    # -- fetching -----------------------------------------------------------------------------

    async def _request(self, client: httpx.AsyncClient, fetch: Fetch, method: str) -> httpx.Response | None:
        """Follow redirects by hand (to record the chain); retry transient failures."""
        url = fetch.url
        fetch.redirects = []
        for _ in range(_MAX_REDIRECTS + 1):
            response = None
            for attempt in range(self.config.retries + 1):
                await self._polite(urlsplit(url).netloc)
                try:
                    # Built directly: client.build_request merges URLs, headers and cookies again for
                    # every request, a third of httpx's cost per request here.
                    request = httpx.Request(
                        method, url, headers=self._headers, extensions={"timeout": self._timeout}
                    )
                    response = await client.send(request, stream=True)
                    # No cookies between pages: a reader's choice (e.g. 繁体) must not colour other pages.
                    client.cookies.clear()
                except httpx.TimeoutException as exc:
                    fetch.error, fetch.error_detail = "timeout", str(exc) or type(exc).__name__
                except httpx.ConnectError as exc:
                    detail = str(exc)
                    dns = any(h in detail.lower() for h in _DNS_HINTS)
                    fetch.error, fetch.error_detail = ("dns" if dns else "connect"), detail
                    if dns:
                        return None
                except httpx.HTTPError as exc:
                    fetch.error, fetch.error_detail = "protocol", str(exc) or type(exc).__name__
                else:
                    fetch.error = None
                    if response.status_code in _RETRY_STATUS and attempt < self.config.retries:
                        await response.aclose()
                        response = None
                    else:
                        break
                if attempt < self.config.retries:
                    await asyncio.sleep(0.2 * (attempt + 1))
            if response is None:
                return None
            fetch.status = response.status_code
            location = response.headers.get("location")
            if response.is_redirect and location:
                await response.aclose()
                fetch.redirects.append((url, response.status_code))
                nxt = normalise_url(str(response.url.join(location)))
                if nxt is None:
                    return None
                url = nxt
                continue
            fetch.final_url = url
            return response
        fetch.error = "too_many_redirects"
        return None

    async def _fetch(self, client: httpx.AsyncClient, url: str, kind: str, depth: int) -> Fetch:
        fetch = Fetch(url=url, kind=kind, depth=depth)
        start = time.perf_counter()
        if self.config.obey_robots and kind != "external":
            robots = await self._robots_for(client, url)
            if not robots.can_fetch(self.config.user_agent, url):
                fetch.error = "robots"
                return fetch
        response = await self._get_or_head(client, fetch, kind)
        try:
            if response is None:
                return fetch
            fetch.content_type = response.headers.get("content-type", "")
            is_html = "html" in fetch.content_type.lower() or not fetch.content_type
            if depth == 0 and fetch.final_url != fetch.url and not self.config.is_internal(fetch.final_url):
                # The homepage redirects to another host (example.gov.cn → www.example.gov.cn): the
                # site itself says where it lives, so that host is the site's too.
                self.config.add_host(urlsplit(fetch.final_url).netloc)
            final_internal = self.config.is_internal(fetch.final_url)
            if kind == "page" and response.status_code < 400 and is_html and final_internal:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > _MAX_BODY:
                        break
                fetch.elapsed = time.perf_counter() - start
                if self.on_page is not None:
                    self.on_page(fetch, bytes(body))
                if self._pool is not None:
                    fetch.analysis = await self._analyse_elsewhere(fetch, bytes(body))
                if fetch.analysis is None:
                    html = decode(bytes(body), fetch.content_type)
                    fetch.analysis = analyse(fetch.final_url, html, self.config, self.today)
                self._record_links(fetch)
            elif kind == "page":
                fetch.kind = "file"
        except httpx.HTTPError as exc:
            fetch.error, fetch.error_detail = "protocol", str(exc) or type(exc).__name__
        finally:
            if response is not None:
                await response.aclose()
            if not fetch.elapsed:
                fetch.elapsed = time.perf_counter() - start
        return fetch

    async def _get_or_head(self, client: httpx.AsyncClient, fetch: Fetch, kind: str) -> httpx.Response | None:
        """GET a page; HEAD a link or file, then GET it if HEAD failed or was refused (servers that
        answer HEAD with 405 or 404 still serve the GET), unless the host does not resolve."""
        method = "GET" if kind == "page" else "HEAD"
        response = await self._request(client, fetch, method)
        if method == "HEAD" and (response is None or response.status_code >= 400) and fetch.error != "dns":
            if response is not None:
                await response.aclose()
            response = await self._request(client, fetch, "GET")
        return response

    async def _analyse_elsewhere(self, fetch: Fetch, body: bytes) -> PageAnalysis | None:
        """Parse in the worker process; None (parse here) if the worker cannot run, e.g. when the
        main script cannot be imported again by ``spawn``."""
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._pool, _analyse_in_worker, fetch.final_url, body, fetch.content_type
            )
        except BrokenProcessPool:
            self._pool = None
            return None

    def _record_links(self, fetch: Fetch) -> None:
        if self.lean:
            for link in fetch.analysis.links:
                self._enqueue(link.target, fetch.depth + 1, link.tag, link.follow)
            fetch.analysis = None
            if fetch.final_url != fetch.url:
                self._seen.add(fetch.final_url)
            return
        for link in fetch.analysis.links:
            internal = self.config.is_internal(link.target)
            self.result.links.append(
                LinkRecord(
                    fetch.url,
                    link.target,
                    link.tag,
                    link.text,
                    internal,
                    link.notice or fetch.analysis.page_notice,
                )
            )
            self._enqueue(link.target, fetch.depth + 1, link.tag, link.follow)
        if fetch.final_url != fetch.url:
            # The redirect target is the page's real address; fetching it again would double-count.
            self._seen.add(fetch.final_url)

    # -- one page at a time (for callers that choose their own next page) --------------------

    def open_client(self) -> httpx.AsyncClient:
        """An HTTP client with the crawler's settings, for :meth:`get`."""
        if not hasattr(self, "result"):
            self._ssl = _shared_ssl()
            self.result = CrawlResult(start_url=self.config.start_url, started_at=datetime.now(UTC))
        return self._client()

    async def get(
        self, client: httpx.AsyncClient, url: str, *, max_bytes: int = _MAX_BODY
    ) -> tuple[Fetch, bytes]:
        """One GET with the crawler's manners — robots.txt, the polite rate per host, retries of
        transient failures, the redirect chain recorded — and the body (``fetch.error`` is
        ``"too_large"`` past ``max_bytes``). The annual-report harvest walks a site towards one
        page with it instead of crawling the whole site."""
        fetch = Fetch(url=url, kind="page")
        start = time.perf_counter()
        if self.config.obey_robots:
            robots = await self._robots_for(client, url)
            if not robots.can_fetch(self.config.user_agent, url):
                fetch.error = "robots"
                return fetch, b""
        response = await self._request(client, fetch, "GET")
        body = bytearray()
        if response is not None:
            try:
                fetch.content_type = response.headers.get("content-type", "")
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        fetch.error = "too_large"
                        break
            except httpx.HTTPError as exc:
                fetch.error, fetch.error_detail = "protocol", str(exc) or type(exc).__name__
            finally:
                await response.aclose()
        fetch.elapsed = time.perf_counter() - start
        return fetch, bytes(body)

    def _client(self) -> httpx.AsyncClient:
        # One small client per worker: httpcore scans its whole pool on every request, so a few
        # connections per worker is much cheaper than one big shared pool.
        limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
        headers = {"User-Agent": self.config.user_agent, "Accept": "text/html,*/*;q=0.8"}
        return httpx.AsyncClient(
            transport=self.transport,
            limits=limits,
            headers=headers,
            verify=self._ssl,
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,
        )

    async def _worker(self) -> None:
        async with self._client() as client:
            while True:
                url, kind, depth = await self._queue.get()
                try:
                    self.result.fetches[url] = await self._fetch(client, url, kind, depth)
                finally:
                    self._done += 1
                    if self.progress:
                        self.progress(self._done, len(self._seen))
                    self._queue.task_done()

    def _parse_workers(self) -> int:
        if self.config.parse_workers is not None:
            return self.config.parse_workers
        return 1 if (os.cpu_count() or 1) > 1 and self.config.max_pages >= 500 else 0

    async def run(self) -> CrawlResult:
        workers_wanted = self._parse_workers()
        pool = None
        if workers_wanted:
            pool = self._pool = ProcessPoolExecutor(
                workers_wanted,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.config, self.today),
            )
        try:
            return await self._run()
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
                self._pool = None

    async def _run(self) -> CrawlResult:
        start = normalise_url(self.config.start_url)
        self._ssl = ssl.create_default_context(cafile=certifi.where())  # loaded once, shared
        self.result = CrawlResult(start_url=start, started_at=datetime.now(UTC))
        self._seen.add(start)
        self._pages_queued = 1
        self._queue.put_nowait((start, "page", 0))
        workers = [asyncio.create_task(self._worker()) for _ in range(self.config.concurrency)]
        try:
            await self._queue.join()
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        self.result.finished_at = datetime.now(UTC)
        return self.result


_SSL: ssl.SSLContext | None = None


def _shared_ssl() -> ssl.SSLContext:
    """The certificate store, loaded once per process (loading it costs milliseconds)."""
    global _SSL
    if _SSL is None:
        _SSL = ssl.create_default_context(cafile=certifi.where())
    return _SSL


# Parsing in a separate process: the event loop spends its time on HTTP, the worker on HTML, so a
# large crawl uses two cores. The worker keeps the config and loads the dictionary once.
_WORKER: dict = {}


def _init_worker(config: SiteConfig, today: date | None) -> None:
    from .text_checks import _dictionary

    _WORKER.update(config=config, today=today)
    _dictionary()


def _analyse_in_worker(url: str, body: bytes, content_type: str) -> PageAnalysis:
    return analyse(url, decode(body, content_type), _WORKER["config"], _WORKER["today"])


def crawl(config: SiteConfig, **kwargs) -> CrawlResult:
    """Run a crawl to completion (for callers outside an event loop)."""
    return asyncio.run(Crawler(config, **kwargs).run())
