"""Harvest benchmark: a generated region of agency sites on loopback, harvested with 1 and 4 workers.

    PYTHONPATH=src .venv/bin/python bench/harvest.py --sites 1000 --year 2025
    PYTHONPATH=src .venv/bin/python bench/harvest.py --sites 1000 --layouts html,pdf,docx,direct-pdf

Checks found / missing / late site by site against how the region was generated, and prints
reports per second. ``--rate 0`` (no polite delay) on loopback: the figure is the harvest's own
cost (walk, read, OCR, check), not the politeness towards real sites.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

from gongkai.collected.harvest.run import harvest
from gongkai.collected.harvest.sites import parse_sites
from gongkai.collected.harvest.testing import LAYOUTS, Region
from gongkai.collected.harvest.walk import Options


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--workers", default="1,4")
    ap.add_argument("--cache", default="/tmp/gongkai-bench-harvest")
    ap.add_argument(
        "--layouts",
        default=",".join(LAYOUTS),
        help="comma-separated layouts of the generated reports (without scanned/doc/wps: no OCR, no LibreOffice)",
    )
    args = ap.parse_args()
    region = Region.generate(
        args.sites, args.year, cache=Path(args.cache), layouts=tuple(args.layouts.split(","))
    )
    layouts = {}
    for s in region.sites:
        layouts[s.layout or "missing"] = layouts.get(s.layout or "missing", 0) + 1
    print(f"region: {args.sites} sites, layouts {layouts}", flush=True)
    with region.serve():
        sites = parse_sites(region.csv().encode())
        for workers in map(int, args.workers.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp, "out.jsonl")
                started = time.monotonic()

                def progress(done: int, total: int, started: float = started) -> None:
                    if done % 100 == 0:
                        rate = done / (time.monotonic() - started)
                        print(f"  {done}/{total} agencies, {rate:.2f}/s", flush=True)

                summary = harvest(
                    sites,
                    args.year,
                    out=out,
                    workers=workers,
                    opts=Options(rate=0),
                    stream=io.StringIO(),
                    progress=progress,
                )
                seconds = time.monotonic() - started
                lines = {
                    x["agency"]: x for x in map(json.loads, out.read_text(encoding="utf-8").splitlines())
                }
            wrong = [
                s.slug
                for s in region.sites
                if (lines[s.name]["found"], lines[s.name]["late"]) != (s.found, s.late)
            ]
            read = sum(1 for x in lines.values() if x["report"] is not None)
            print(
                f"workers={workers}: {seconds:.1f} s, {len(lines) / seconds:.2f} agencies/s; "
                f"found {summary.found} (tables read {read}), missing {summary.missing}, late {summary.late}, "
                f"failed {summary.failed}; found/missing/late wrong: {len(wrong)} {wrong[:10]}",
                flush=True,
            )


if __name__ == "__main__":
    main()
