"""Harvest many agencies: resumable JSON lines, a bounded pool of worker processes, or Celery.

* **Resumable**: the output file is read first; an agency with a line there is skipped, unless its
  line says ``retry`` (the site could not be reached). A line cut short by a crash is dropped.
  Each line is written (and flushed) as soon as its agency is done, after ``on_line`` (the import)
  has kept it — so a crash loses at most the agencies in flight.
* **Workers**: ``workers`` processes read sites side by side (each runs its own polite crawler;
  parsing PDFs is CPU work, so processes, not threads); ``workers=1`` runs in this process.
* **Celery**: ``celery=True`` sends one task per agency to the ``harvest`` queue and gathers the
  results (``celery -A gongkai worker -Q harvest``); needs a broker and a result backend.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .sites import Site
from .walk import Options, harvest_site

log = logging.getLogger(__name__)
QUEUE = "harvest"


@dataclass
class Summary:
    total: int = 0
    skipped: int = 0  # done by an earlier run
    found: int = 0
    missing: int = 0
    late: int = 0
    unreadable: int = 0  # found, but its tables could not be read
    failed: int = 0  # site unreachable: a re-run tries again
    seconds: float = 0.0
    lines: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def count(self, line: dict[str, Any]) -> None:
        if line.get("retry"):
            self.failed += 1
        elif not line["found"]:
            self.missing += 1
        else:
            self.found += 1
            self.late += bool(line.get("late"))
            self.unreadable += line.get("report") is None

    def __str__(self) -> str:
        done = self.found + self.missing + self.failed
        rate = f"，每秒 {done / self.seconds:.1f} 个" if self.seconds and done else ""
        return (
            f"共 {self.total} 个机关：找到 {self.found} 份报告（逾期公布 {self.late}，表格无法读取 {self.unreadable}），"
            f"未找到 {self.missing}，网站无法访问 {self.failed}，此前已完成 {self.skipped}{rate}"
        )


def done_agencies(path: Path) -> set[str]:
    """Agencies already harvested in ``path`` (lines without ``retry``); a trailing line cut short
    by a crash is removed from the file."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        path.write_bytes(data)
    done: set[str] = set()
    for raw in data.decode("utf-8").splitlines():
        try:
            line = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(line, dict) and line.get("agency") and not line.get("retry"):
            done.add(line["agency"])
    return done


def earlier_lines(path: Path, names: set[str]) -> Iterator[dict[str, Any]]:
    """The complete lines of an earlier run in ``path`` for the agencies ``names`` (those a
    re-run skips), so that ``--import`` keeps them too."""
    if not path.exists():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            line = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(line, dict) and line.get("agency") in names and not line.get("retry"):
            yield line


def _in_process(sites: list[Site], year: int, opts: Options) -> Iterator[dict[str, Any]]:
    for site in sites:
        yield harvest_site(site, year, opts)


def _pooled(sites: list[Site], year: int, opts: Options, workers: int) -> Iterator[dict[str, Any]]:
    # spawn: the parent may hold threads (a server, Django's) that fork would copy half-way.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        todo = iter(sites)
        running = set()
        for site in todo:  # at most 2 × workers in flight: a crash loses little
            running.add(pool.submit(harvest_site, site, year, opts))
            if len(running) >= 2 * workers:
                break
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
                nxt = next(todo, None)
                if nxt is not None:
                    running.add(pool.submit(harvest_site, nxt, year, opts))


def _celery(sites: list[Site], year: int, opts: Options) -> Iterator[dict[str, Any]]:
    from .tasks import harvest_one

    pending = {
        harvest_one.apply_async(args=(s.as_dict(), year, opts.as_dict()), queue=QUEUE): s for s in sites
    }
    while pending:
        for result in [r for r in pending if r.ready()]:
            site = pending.pop(result)
            try:
                line = result.get(timeout=5)
                result.forget()  # the line is written by the caller: nothing to keep in Redis
                yield line
            except Exception as exc:  # the worker died or the task failed: try again on a re-run
                log.warning("harvest task failed site_url=%s error=%s", site.url, type(exc).__name__)
                yield {"agency": site.name, "type": site.kind, "site": site.url, "year": year, "found": False,
                       "reason": f"采集任务失败（{type(exc).__name__}）", "retry": True}  # fmt: skip
        if pending:
            time.sleep(0.05)


def harvest(
    sites: list[Site],
    year: int,
    *,
    out: Path | None = None,
    stream: IO[str] | None = None,
    workers: int = 1,
    celery: bool = False,
    opts: Options | None = None,
    on_line: Callable[[dict[str, Any]], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Harvest ``sites`` for ``year``; lines go to ``out`` (appended, resumable) or ``stream``."""
    opts = opts or Options()
    summary = Summary(total=len(sites))
    done = done_agencies(out) if out is not None else set()
    todo = [s for s in sites if s.name not in done]
    summary.skipped = len(sites) - len(todo)
    if out is not None:  # lines to be re-done are replaced, not repeated
        _drop_retries(out, {s.name for s in todo})
    started = time.monotonic()
    if celery:
        lines = _celery(todo, year, opts)
    elif workers > 1 and len(todo) > 1:
        lines = _pooled(todo, year, opts, min(workers, len(todo)))
    else:
        lines = _in_process(todo, year, opts)
    target = out.open("a", encoding="utf-8") if out is not None else (stream or sys.stdout)
    try:
        for n, line in enumerate(lines, start=1):
            if on_line is not None:
                on_line(line)
            target.write(json.dumps(line, ensure_ascii=False) + "\n")
            target.flush()
            summary.count(line)
            if progress is not None:
                progress(n, len(todo))
    finally:
        if out is not None:
            target.close()
    summary.seconds = time.monotonic() - started
    log.info(
        "harvest done year=%s agencies=%d found=%d missing=%d late=%d failed=%d seconds=%.1f",
        year, summary.total, summary.found, summary.missing, summary.late, summary.failed, summary.seconds,
    )  # fmt: skip
    return summary


def _drop_retries(path: Path, names: set[str]) -> None:
    if not path.exists():
        return
    kept = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            agency = json.loads(raw).get("agency")
        except (json.JSONDecodeError, AttributeError):
            continue
        if agency not in names:
            kept.append(raw + "\n")
    path.write_text("".join(kept), encoding="utf-8")
