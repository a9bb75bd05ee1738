"""The annual-report parser on reports it has never seen: random reports, flattened every way.

Each report is drawn at random (both national formats, rules 1–4 hold), rendered as the national
HTML tables and flattened the way real reports reach readers (``html``, ``lines`` one cell per
line, ``pipes``, ``tabs``, ``spaces`` as PDF text, ``glued`` cells run together), clean and with
the damage of real sources: blank cells (written "/", "—", "无", "-", or left empty), labels
broken over lines, 全角 digits, traditional script. Every cell is compared with the truth:

* right — the number (or the blank) the report holds;
* blank — the parser said null with a warning (allowed where the source cannot decide);
* wrong — any other number (the one thing that must not happen).

Two more studies on the same reports: each text style cut at a random point after section 二
begins (web excerpts stop mid-table), and, with ``--files N``, N reports rendered as DOCX and text
PDF by the project's renderers (half of them with blank cells) and read back.

Run: ``python bench/parse_flattened.py [--reports 200] [--seed 1] [--files 10]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gongkai.rules.annual.model import FORMAT_2019, FORMAT_2021
from gongkai.rules.annual.parse.extract import parse_bytes
from gongkai.rules.annual.render import render
from gongkai.rules.annual.tests.flatten import STYLES, compare, flatten, random_report, with_blanks

CASES = {
    "clean": (False, frozenset()),
    "blank cells left empty": (True, frozenset()),
    "blank cells written / — 无 -": (True, frozenset({"marks"})),
    "labels wrapped, 全角, 繁体": (False, frozenset({"wrap", "fullwidth", "traditional"})),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=200, help="random reports per case (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=10, help="reports rendered as DOCX and PDF and read back")
    args = ap.parse_args()

    totals = defaultdict(lambda: [0, 0, 0])  # (case, style) -> cells, wrong, blank
    examples: list[str] = []
    parsed = 0
    started = time.perf_counter()
    for case, (blanks, noise) in CASES.items():
        rng = random.Random(args.seed)
        for i in range(args.reports):
            fmt, year = rng.choice([(FORMAT_2021, 2023), (FORMAT_2019, 2020)])
            report = random_report(rng, fmt, year)
            if blanks:
                report = with_blanks(report, rng, share=0.1)
            for style in STYLES:
                text, name = flatten(report, style, random.Random(i), noise)
                result = parse_bytes(text.encode("utf-8"), name)
                parsed += 1
                n, wrong, blank = compare(result.report, report)
                t = totals[(case, style)]
                t[0] += n
                t[1] += len(wrong)
                t[2] += len(blank)
                if wrong and len(examples) < 20:
                    examples.append(f"  {case} / {style} / report {i} ({fmt}): {', '.join(wrong[:3])}")
    cut = defaultdict(lambda: [0, 0])  # style -> cells, wrong
    rng = random.Random(args.seed)
    for i in range(args.reports):
        fmt, year = rng.choice([(FORMAT_2021, 2023), (FORMAT_2019, 2020)])
        report = random_report(rng, fmt, year)
        for style in STYLES[1:]:
            text, name = flatten(report, style, random.Random(i))
            start = text.index("二、主动公开")
            end = rng.randint(start + 20, len(text) - 1)
            n, wrong, _blank = compare(parse_bytes(text[:end].encode("utf-8"), name).report, report)
            parsed += 1
            cut[style][0] += n
            cut[style][1] += len(wrong)
    files = defaultdict(lambda: [0, 0, 0])  # kind -> cells, wrong, blank
    rng = random.Random(args.seed)
    for i in range(args.files):
        fmt, year = rng.choice([(FORMAT_2021, 2023), (FORMAT_2019, 2020)])
        report = random_report(rng, fmt, year)
        if i % 2:
            report = with_blanks(report, rng, share=0.1)
        for kind in ("docx", "pdf"):
            n, wrong, blank = compare(parse_bytes(render(report, kind), f"report.{kind}").report, report)
            parsed += 1
            f = files[kind]
            f[0], f[1], f[2] = f[0] + n, f[1] + len(wrong), f[2] + len(blank)
    elapsed = time.perf_counter() - started

    print(f"random reports per case: {args.reports}   cases: {len(CASES)}   styles: {len(STYLES)}")
    print(f"{'case':<30} {'style':<7} {'cells':>8} {'right':>9} {'blank':>8} {'wrong':>6}")
    cells = wrong = blank = 0
    for (case, style), (n, w, b) in totals.items():
        cells, wrong, blank = cells + n, wrong + w, blank + b
        print(f"{case:<30} {style:<7} {n:>8} {100 * (n - w - b) / n:>8.2f}% {b:>8} {w:>6}")
    if examples:
        print("wrong cells (first 20):")
        print("\n".join(examples))
    right = cells - wrong - blank
    print(
        "cut at a random point after section 二 begins (cells compared to the whole report; "
        "what is cut away is blank):"
    )
    for style, (n, w) in cut.items():
        print(f"  {style:<7} {n:>8} cells, {w} wrong")
    for kind, (n, w, b) in files.items():
        print(
            f"{kind} rendered and read back ({args.files} reports, every other with 10 % blank cells): "
            f"{n} cells, {n - w - b} right, {b} blank, {w} wrong"
        )
    print(
        f"all: {right}/{cells} right = {100 * right / cells:.3f}%, {blank} blank, {wrong} wrong; "
        f"{parsed} parses in all, {elapsed:.1f} s ({parsed / elapsed:.0f} per s, rendering included)"
    )
    print(
        f"reports={args.reports * len(CASES)} parses={parsed} cells={cells} right={right / cells:.5f} "
        f"blank={blank} wrong={wrong} cut_cells={sum(c[0] for c in cut.values())} "
        f"cut_wrong={sum(c[1] for c in cut.values())} "
        + " ".join(
            f"{kind}_right={(n - w - b) / n:.5f} {kind}_wrong={w}" for kind, (n, w, b) in files.items()
        )
    )


if __name__ == "__main__":
    main()
