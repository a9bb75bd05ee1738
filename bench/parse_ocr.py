"""The annual-report reader on scanned reports: cell accuracy and wrong numbers per scan condition.

Each report is drawn at random (rules 1–4 hold; both national formats in turn), rendered by the
project's PDF renderer, rasterised at 150 and 300 dpi, clean and with scan noise (skew within ±1°,
Gaussian blur, JPEG at quality 50–70; ``tests/scans.py``), bound into a PDF of images (no text
layer) and read back by ``parse_bytes`` — Tesseract (chi_sim for words, eng for digits) on the
cells of the grid found in the image. Every cell is compared with the report:

* right — the number (or the blank) the report holds;
* blank — null with a warning (an unsure digit, a row breaking rule 1 or 4, a lost label);
* wrong — any other number (the one thing that must not happen).

Run: ``python bench/parse_ocr.py [--reports 4] [--seed 1]``; needs tesseract-ocr and
tesseract-ocr-chi-sim. Prints a table and one ``key=value`` line.
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
from gongkai.rules.annual.parse import parse_bytes
from gongkai.rules.annual.parse.ocr import tesseract
from gongkai.rules.annual.tests.flatten import compare, random_report
from gongkai.rules.annual.tests.scans import rendered, scanned_pdf

CONDITIONS = [(150, False), (150, True), (300, False), (300, True)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if tesseract() is None:
        print("tesseract with chi_sim is not installed (make system-packages)", file=sys.stderr)
        return 2
    totals: dict[tuple[int, bool], list[float]] = defaultdict(
        lambda: [0, 0, 0, 0.0, 0]
    )  # cells wrong blank s pages
    examples = []
    for i in range(args.reports):
        rng = random.Random(args.seed * 1000 + i)
        fmt, year = [(FORMAT_2021, 2023), (FORMAT_2019, 2020)][i % 2]
        report = random_report(rng, fmt, year)
        pdf = rendered(report)
        for dpi, noisy in CONDITIONS:
            scan = scanned_pdf(pdf, dpi, noisy, random.Random(i))
            start = time.perf_counter()
            result = parse_bytes(scan, "scan.pdf")
            elapsed = time.perf_counter() - start
            n, wrong, blank = compare(result.report, report)
            pages = int(
                next(
                    (
                        w.message.split("读取")[1].split("页")[0]
                        for w in result.warnings
                        if "读取" in w.message
                    ),
                    "1",
                )
            )
            t = totals[(dpi, noisy)]
            t[0] += n
            t[1] += len(wrong)
            t[2] += len(blank)
            t[3] += elapsed
            t[4] += pages
            if wrong:
                examples.append(
                    f"  report {i} ({fmt}) {dpi} dpi {'noisy' if noisy else 'clean'}: {', '.join(wrong[:4])}"
                )
            print(
                f"report {i} ({fmt}) {dpi} dpi {'noisy' if noisy else 'clean'}: {n - len(wrong) - len(blank)}/{n} right, "
                f"{len(wrong)} wrong, {len(blank)} blank, {elapsed:.1f} s",
                flush=True,
            )
    print(f"\n{'condition':24} {'cells':>6} {'right':>8} {'blank':>6} {'wrong':>6} {'s/page':>7}")
    all_cells = all_wrong = 0
    for (dpi, noisy), (n, wrong, blank, seconds, pages) in sorted(totals.items()):
        name = f"{dpi} dpi {'noisy (skew, blur, JPEG)' if noisy else 'clean'}"
        print(
            f"{name:24} {int(n):6d} {(n - wrong - blank) / n:8.2%} {int(blank):6d} {int(wrong):6d} {seconds / pages:7.1f}"
        )
        all_cells += int(n)
        all_wrong += int(wrong)
    for line in examples:
        print(line)
    kv = " ".join(
        f"acc_{dpi}_{'noisy' if noisy else 'clean'}={(t[0] - t[1] - t[2]) / t[0]:.4f} "
        f"wrong_{dpi}_{'noisy' if noisy else 'clean'}={int(t[1])} s_per_page_{dpi}_{'noisy' if noisy else 'clean'}={t[3] / t[4]:.1f}"
        for (dpi, noisy), t in sorted(totals.items())
    )
    print(f"reports={args.reports} cells={all_cells} wrong={all_wrong} {kv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
