"""Benchmark of the website self-inspection crawler against LinkChecker, on 127.0.0.1 only.

    .venv/bin/python bench/sitecheck.py --pages 10000 [--concurrency 32] [--no-linkchecker]

Generates a site of about N pages with planted faults (bench/sitesim.py), serves it from memory
in a separate process, crawls it with gongkai's crawler (rate limit off, as LinkChecker's is
lifted by the ``LinkChecker`` response header) and prints pages/s and precision/recall against the
planted truth; then crawls it with LinkChecker (32 threads, maxrequestspersecond raised,
--check-extern) and prints its time and broken-link count. The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import sitesim

from gongkai.sitecheck.config import SiteConfig
from gongkai.sitecheck.crawler import Crawler
from gongkai.sitecheck.run import summarise


def run_ours(start: str, pages: int, concurrency: int, now: datetime, parse_workers: int | None):
    config = SiteConfig(
        start_url=start,
        max_pages=pages * 2,
        concurrency=concurrency,
        rate=0,
        timeout=10,
        retries=1,
        notice_exempt_hosts=[],
        parse_workers=parse_workers,
    )
    t0 = time.perf_counter()
    result = asyncio.run(Crawler(config, today=now.date()).run())
    crawl_s = time.perf_counter() - t0
    report = summarise(result, config, now)
    total_s = time.perf_counter() - t0
    return report, crawl_s, total_s


def run_linkchecker(start: str, threads: int) -> tuple[float, int, int, int]:
    exe = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or shutil.which("linkchecker")
    if exe is None:
        raise SystemExit("LinkChecker 未安装：.venv/bin/pip install LinkChecker==10.6.0")
    with tempfile.TemporaryDirectory() as tmp:
        rc = Path(tmp) / "linkcheckerrc"
        rc.write_text(
            f"[checking]\nthreads={threads}\nmaxrequestspersecond=100000\ntimeout=10\n[output]\nstatus=0\n",
            encoding="utf-8",
        )
        env = {**os.environ, "HOME": tmp}
        t0 = time.perf_counter()
        proc = subprocess.run(
            [exe, "-f", str(rc), "--check-extern", "--no-status", "-o", "csv", start],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
        )
        elapsed = time.perf_counter() - t0
    rows = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";")
    checked = broken = 0
    broken_urls = set()
    for row in reader:
        checked += 1
        if row.get("valid") in ("False", "false", "0"):
            broken += 1
            broken_urls.add(row.get("urlname") or row.get("url"))
    return elapsed, checked, broken, len(broken_urls)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--threads", type=int, default=32, help="LinkChecker threads")
    ap.add_argument(
        "--parse-workers",
        type=int,
        default=None,
        help="processes parsing HTML (default: 1 on a multi-core machine)",
    )
    ap.add_argument("--no-linkchecker", action="store_true")
    args = ap.parse_args()

    now = datetime.now(UTC)
    site_sock, ext_sock = sitesim.bind(), sitesim.bind()
    site_base = f"http://127.0.0.1:{site_sock.getsockname()[1]}"
    ext_base = f"http://127.0.0.1:{ext_sock.getsockname()[1]}"
    site, external, truth = sitesim.generate(args.pages, now.date(), site_base, ext_base)
    html_pages = sum(1 for p in site if p.endswith(".html") or p == "/")
    print(f"generated {html_pages} pages, {len(external)} external pages, {len(truth)} planted faults")
    server = sitesim.serve([site_sock, ext_sock], [site, external])
    try:
        report, crawl_s, ours_s = run_ours(
            site_base + "/", args.pages, args.concurrency, now, args.parse_workers
        )
        found = {sitesim.finding_key(f["kind"], f["page"], f["target"]) for f in report["findings"]}
        hit = found & truth
        precision = len(hit) / len(found) if found else 1.0
        recall = len(hit) / len(truth) if truth else 1.0
        ours_broken = sum(1 for f in report["findings"] if f["kind"] == "broken_link")
        print(
            f"ours: {report['pages']} pages, {report['requests']} requests, crawl {crawl_s:.1f} s, "
            f"with findings {ours_s:.1f} s, {report['pages'] / ours_s:.0f} pages/s"
        )
        print(
            f"ours: {len(found)} findings, precision {precision:.4f}, recall {recall:.4f}, "
            f"broken links {ours_broken}"
        )
        for key in sorted(found - truth, key=str)[:10]:
            print("  false positive:", key)
        for key in sorted(truth - found, key=str)[:10]:
            print("  missed:", key)
        lc = (float("nan"), 0, 0, 0)
        if not args.no_linkchecker:
            lc = run_linkchecker(site_base + "/", args.threads)
            print(
                f"linkchecker: {lc[1]} results in {lc[0]:.1f} s, {lc[2]} broken results "
                f"({lc[3]} distinct URLs)"
            )
    finally:
        server.terminate()
        server.join()
    speedup = lc[0] / ours_s if lc[0] == lc[0] else float("nan")
    print(
        f"pages={report['pages']} requests={report['requests']} pages_per_s={report['pages'] / ours_s:.1f} "
        f"precision={precision:.4f} recall={recall:.4f} ours_s={ours_s:.2f} linkchecker_s={lc[0]:.2f} "
        f"ours_broken={ours_broken} linkchecker_broken={lc[2]} speedup={speedup:.2f}"
    )


if __name__ == "__main__":
    main()
