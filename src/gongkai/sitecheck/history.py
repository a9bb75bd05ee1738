"""External links across scheduled runs: broken only after repeated failures over time.

A single timeout says little about someone else's site, so in scheduled runs an external link is
called broken only after ``needed`` failures within ``window`` (default 3 within 36 hours, as
docs/domain.md "Website inspection" recommends). A success clears the link's record.
The store is a plain JSON file for the command line; the platform keeps the same data in its
history tables and calls the same pure function.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path


def confirmed_broken(
    failures: dict[str, list[datetime]],
    now: datetime,
    *,
    needed: int = 3,
    window: timedelta = timedelta(hours=36),
) -> set[str]:
    """URLs whose failures within ``window`` before ``now`` number at least ``needed``."""
    start = now - window
    return {url for url, times in failures.items() if sum(start <= t <= now for t in times) >= needed}


def update(
    failures: dict[str, list[datetime]],
    now: datetime,
    failed: set[str],
    succeeded: set[str],
    *,
    keep: timedelta = timedelta(hours=72),
) -> dict[str, list[datetime]]:
    """The record after a run: this run's failures added, successes cleared, old entries dropped."""
    out: dict[str, list[datetime]] = {}
    for url, times in failures.items():
        if url in succeeded:
            continue
        kept = [t for t in times if t >= now - keep]
        if kept:
            out[url] = kept
    for url in failed:
        out.setdefault(url, []).append(now)
    return out


def load(path: str | Path) -> dict[str, list[datetime]]:
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {url: [datetime.fromisoformat(t) for t in times] for url, times in data.items()}
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValueError(f"外部链接检查记录 {path} 无法读取：{exc}") from exc


def save(path: str | Path, failures: dict[str, list[datetime]]) -> None:
    data = {url: [t.isoformat() for t in times] for url, times in sorted(failures.items())}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
