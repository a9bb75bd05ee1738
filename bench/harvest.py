"""Harvest benchmark: a generated region of agency sites on loopback, harvested with 1 and 4 workers.

    PYTHONPATH=src .venv/bin/python bench/harvest.py --sites 1000 --year 2025
    PYTHONPATH=src .venv/bin/python bench/harvest.py --sites 1000 --layouts html,pdf,docx,direct-pdf
    PYTHONPATH=src .venv/bin/python bench/harvest.py --sites 1000 \
        --mix html:40,pdf:20,docx:15,direct-pdf:15,scanned:4,doc:3,wps:3

``--layouts`` gives the layouts equal shares; ``--mix`` weights them (a few percent scans and
DOC/WPS, as county reports are).

Checks found / missing / late site by site against how the region was generated, every cell of
every report read against the report its files print (right, blank or **wrong**), and prints
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
from gongkai.rules.annual.tests.flatten import compare


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
    ap.add_argument("--mix", default="", help="layout:weight,… (overrides --layouts)")
    args = ap.parse_args()
    mix = {k: float(w) for k, w in (x.split(":") for x in args.mix.split(",") if x)} or None
    region = Region.generate(
        args.sites, args.year, cache=Path(args.cache), layouts=tuple(args.layouts.split(",")), mix=mix
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
            cells = blank = 0
            numbers_wrong: list[str] = []
            by_layout: dict[str, list[float]] = {}  # layout → [sites, cells, blank, seconds]
            for s in region.sites:
                truth, got = s.truth(), lines[s.name]["report"]
                tally = by_layout.setdefault(s.layout or "missing", [0, 0, 0, 0.0])
                tally[0] += 1
                tally[3] += lines[s.name].get("seconds") or 0.0
                if truth is not None and got is not None:
                    n, w, b = compare(got, truth)
                    cells, blank = cells + n, blank + len(b)
                    tally[1] += n
                    tally[2] += len(b)
                    numbers_wrong += [f"{s.slug}:{p}" for p in w]
            for layout, (k, n, b, sec) in sorted(by_layout.items()):
                print(f"  {layout:10} {k:4d} sites, {sec / k:6.2f} s each, cells {n}, blank {b}", flush=True)
            print(
                f"workers={workers}: {seconds:.1f} s, {len(lines) / seconds:.2f} agencies/s; "
                f"found {summary.found} (tables read {read}), missing {summary.missing}, late {summary.late}, "
                f"failed {summary.failed}; found/missing/late wrong: {len(wrong)} {wrong[:10]}; "
                f"cells {cells}, blank {blank}, wrong numbers {len(numbers_wrong)} {numbers_wrong[:10]}",
                flush=True,
            )
            print(
                f"workers={workers} seconds={seconds:.1f} rate={len(lines) / seconds:.3f} found={summary.found} "
                f"missing={summary.missing} late={summary.late} fml_wrong={len(wrong)} cells={cells} "
                f"blank={blank} wrong_numbers={len(numbers_wrong)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
