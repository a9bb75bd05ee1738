"""Harvest one agency: walk its own site to the report on a year, read it, check it, date it.

The walk is a best-first search from the address in the list: links whose text looks like the
report's title (:func:`pages.report_score`) end it; links towards a 年报 column, the 信息公开 home
or the next page of a listing (:func:`pages.lead_score`) are followed, best first, up to
``max_pages`` pages. Requests go through :class:`gongkai.sitecheck.crawler.Crawler` (robots.txt,
the polite rate per host, retries, redirects) and stay on the agency's own hosts; pages followed
stay under the list's address (its folder), attachments may be anywhere on the same hosts.

No Django import: this runs in worker processes and Celery workers alike.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from gongkai.rules.annual.checks import check_report
from gongkai.rules.annual.parse import parse_bytes
from gongkai.rules.annual.quality import quality_score
from gongkai.rules.annual.timeliness import days_late, is_late, publication_deadline
from gongkai.sitecheck.config import SiteConfig
from gongkai.sitecheck.crawler import Crawler, Fetch
from gongkai.sitecheck.parse import decode

from . import pages
from .sites import Site

log = logging.getLogger(__name__)

USER_AGENT = "gongkai-harvest/0.1 (annual report collection; robots.txt obeyed)"
MAX_FILE = 20 * 1024 * 1024
_PREFERENCE = {"docx": 0, "pdf": 1, "doc": 2, "wps": 3}
_OCR_WORDS = ("OCR", "文字识别", "扫描")


@dataclass(frozen=True)
class Options:
    rate: float = 2.0  # requests per second per host (robots Crawl-delay may lower it)
    max_pages: int = 30  # pages looked at per agency before giving up
    max_depth: int = 4
    timeout: float = 15.0
    retries: int = 2

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read(data: bytes, url: str) -> tuple[Any, str, list[str]]:
    """(ParseResult or None, the format read, notes) for a page or an attachment's bytes."""
    ext = pages.extension(url)
    kind = ext if ext in pages.ATTACHMENT_EXT else "html"
    notes: list[str] = []
    name = f"report.{kind}"  # .doc/.wps: the reader converts them with LibreOffice
    try:
        result = parse_bytes(data, name)
    except ValueError as exc:  # UnreadableFile: its message is Chinese
        return None, kind, [f"{url}：{exc}"]
    return result, kind, notes


def _base(site: Site, year: int) -> dict[str, Any]:
    return {
        "agency": site.name,
        "type": site.kind,
        "site": site.url,
        "year": year,
        "found": False,
        "reason": None,
        "url": None,
        "published_on": None,
        "deadline": publication_deadline(site.kind, year).isoformat(),
        "late": None,
        "days_late": None,
        "format": None,
        "source": None,
        "attachments": [],
        "report": None,
        "findings": [],
        "warnings": [],
        "scanned": False,
        "quality": None,
        "pages": 0,
    }


async def _walk(site: Site, year: int, opts: Options) -> dict[str, Any]:
    line = _base(site, year)
    config = SiteConfig(
        start_url=site.url,
        rate=opts.rate,
        timeout=opts.timeout,
        retries=opts.retries,
        user_agent=USER_AGENT,
        check_external=False,
        max_pages=opts.max_pages,
    )
    crawler = Crawler(config)
    async with crawler.open_client() as client:
        heap: list[tuple[int, int, int, str]] = [(0, 0, 0, site.url)]
        order = 1
        visited: set[str] = set()
        candidates: list[tuple[int, int, pages.PageLink]] = []
        first: Fetch | None = None
        while heap and len(visited) < opts.max_pages and not candidates:
            _, depth, _, url = heapq.heappop(heap)
            if url in visited:
                continue
            visited.add(url)
            fetch, body = await crawler.get(client, url)
            first = first or fetch
            if not fetch.ok or not config.is_internal(fetch.final_url or url):
                continue
            html = decode(body, fetch.content_type)
            if depth == 0 and pages.report_score(pages.title(html), year, site.name):
                candidates.append((99, 0, pages.PageLink(fetch.final_url or url, pages.title(html), None)))
                break
            for i, link in enumerate(pages.links(fetch.final_url or url, html)):
                if not config.is_internal(link.url) or link.url in visited:
                    continue
                score = pages.report_score(link.text, year, site.name)
                if score:
                    candidates.append((score, -i, link))
                    continue
                if pages.is_file(link.url) or not config.in_scope(link.url) or depth >= opts.max_depth:
                    continue
                lead = pages.lead_score(link.text, link.url, year)
                if lead:
                    heapq.heappush(heap, (-lead, depth + 1, order, link.url))
                    order += 1
        line["pages"] = len(visited)
        if not candidates:
            if first is not None and not first.ok and len(visited) == 1:
                if first.error == "robots":
                    line["reason"] = "网站的 robots.txt 不允许访问名单中的网址"
                else:
                    line["reason"] = f"网站无法访问（{first.describe()}）"
                    line["retry"] = True  # a re-run tries again
            else:
                line["reason"] = (
                    f"在网站上未找到{year}年度的政府信息公开工作年度报告（查看了{len(visited)}个页面）"
                )
            return line
        candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
        best = candidates[0][2]
        line["found"] = True
        line["url"] = best.url
        await _read_report(crawler, client, config, best, line)
    _conclude(site, year, line)
    return line


async def _read_report(
    crawler: Crawler, client: Any, config: SiteConfig, best: pages.PageLink, line: dict[str, Any]
) -> None:
    published: date | None = best.listed_on
    tried: list[tuple[str, bytes]] = []
    fetch, body = await crawler.get(client, best.url, max_bytes=MAX_FILE)
    if not fetch.ok:
        line["warnings"].append(f"报告页面无法读取：{fetch.describe()}")
        return
    if pages.extension(best.url) in pages.ATTACHMENT_EXT:
        tried.append((best.url, body))
    else:
        html = decode(body, fetch.content_type)
        published = pages.page_date(html) or published
        attachments = [
            link.url
            for link in pages.links(fetch.final_url or best.url, html)
            if pages.extension(link.url) in pages.ATTACHMENT_EXT and config.is_internal(link.url)
        ]
        line["attachments"] = attachments
        tried.append((fetch.final_url or best.url, body))
        for url in sorted(attachments, key=lambda u: _PREFERENCE[pages.extension(u)]):
            tried.append((url, b""))
    line["published_on"] = published.isoformat() if published else None
    for url, data in tried:
        if not data:
            f, data = await crawler.get(client, url, max_bytes=MAX_FILE)
            if not f.ok:
                line["warnings"].append(f"附件 {url} 无法读取：{f.describe()}")
                continue
        result, kind, notes = await asyncio.to_thread(_read, data, url)
        line["warnings"] += notes
        if result is None or not result.found_tables:
            continue
        report = result.report
        findings = check_report(report, text=result.prose or None)
        line.update(
            source=url,
            format=kind,
            report=report,
            findings=[f.as_dict() | {"text": str(f)} for f in findings],
            scanned=any(any(w in str(x) for w in _OCR_WORDS) for x in result.warnings),
        )
        line["warnings"] += [str(w) for w in result.warnings]
        return
    line["warnings"].append("报告页面及其附件中没有找到年度报告的表格")


def _conclude(site: Site, year: int, line: dict[str, Any]) -> None:
    published = date.fromisoformat(line["published_on"]) if line["published_on"] else None
    line["late"] = is_late(site.kind, year, published)
    line["days_late"] = days_late(site.kind, year, published)
    rules = [f["rule"] for f in line["findings"]]
    line["quality"] = quality_score(
        found=line["report"] is not None,
        report=line["report"],
        rules_failed=rules,
        late=line["late"],
        days_late=line["days_late"],
        scanned=line["scanned"],
    ).as_dict()


def harvest_site(
    site: Site | dict[str, str], year: int, opts: Options | dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON line of one agency (see the module). Never raises for what a site does: a failure
    is a line with ``found: false``, the reason and ``retry: true``."""
    site = site if isinstance(site, Site) else Site(**site)
    opts = opts if isinstance(opts, Options) else Options(**(opts or {}))
    started = time.monotonic()
    try:
        line = asyncio.run(_walk(site, year, opts))
    except Exception as exc:  # a site must not stop the harvest of the others
        log.warning("harvest failed site_url=%s error=%s", site.url, type(exc).__name__)
        line = _base(site, year) | {"reason": f"读取时出错（{type(exc).__name__}）", "retry": True}
    line["seconds"] = round(time.monotonic() - started, 3)
    return line
