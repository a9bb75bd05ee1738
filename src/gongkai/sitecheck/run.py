"""One inspection run: crawl, apply the scheduled-run history, build the findings, summarise.

``inspect_site`` is what the command line and the scheduled task call; its result is a plain dict
(the ``--json`` object: ``pages``, ``links``, ``findings``, plus the run's details).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import history
from .config import SiteConfig
from .crawler import Crawler, CrawlResult
from .findings import build_findings, veto_summary
from .report import BEIJING


def external_outcomes(result: CrawlResult) -> tuple[set[str], set[str]]:
    """(failed, succeeded) external URLs of a crawl."""
    failed, ok = set(), set()
    for f in result.fetches.values():
        if f.kind == "external":
            (failed if f.broken else ok).add(f.url)
    return failed, ok


def summarise(
    result: CrawlResult, config: SiteConfig, now: datetime, failures: dict[str, list[datetime]] | None = None
) -> dict:
    """The findings object of a finished crawl. ``failures``: the external-link failure record
    *including this run* (scheduled runs), or None for a one-off run."""
    confirmed = None
    if failures is not None:
        confirmed = history.confirmed_broken(
            failures,
            now,
            needed=config.external_failures_needed,
            window=timedelta(hours=config.external_window_hours),
        )
    findings = build_findings(result, config, now, confirmed)
    pages = result.pages
    elapsed = ((result.finished_at or now) - result.started_at).total_seconds()
    return {
        "site": config.start_url,
        "started_at": result.started_at.astimezone(BEIJING).isoformat(timespec="seconds"),
        "seconds": round(elapsed, 2),
        "pages": len(pages),
        "links": len(result.links),
        "requests": len(result.fetches),
        "robots": result.robots_status,
        "truncated": result.truncated,
        "veto": veto_summary(findings),
        "findings": [f.to_dict() for f in findings],
    }


def inspect_site(
    config: SiteConfig,
    *,
    now: datetime | None = None,
    history_path: str | Path | None = None,
    progress=None,
    transport=None,
) -> dict:
    """Crawl ``config.start_url`` and return the findings object (see module docstring)."""
    now = now or datetime.now(UTC)
    crawler = Crawler(config, progress=progress, transport=transport, today=now.date())
    result = asyncio.run(crawler.run())
    failures = None
    if history_path is not None:
        failed, ok = external_outcomes(result)
        failures = history.update(history.load(history_path), now, failed, ok)
        history.save(history_path, failures)
    return summarise(result, config, now, failures)
