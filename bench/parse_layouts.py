"""The annual-report reader on the layouts of issue 15: Word-pasted HTML, cells one per line closed
by bars, a 采购 count glued to its amount (``tests/layouts.py``).

Random reports (rules 1–4 hold, both formats in turn) are written in each layout — clean, with
scattered blank cells, and (Word HTML) with the five 法人或其他组织 columns empty in every row —
parsed, and every cell compared with the report: right, blank (null with a warning) or wrong.

Run: ``python bench/parse_layouts.py [--reports 100]``. Ends with one ``key=value`` line.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gongkai.rules.annual.model import FORMAT_2019, FORMAT_2021
from gongkai.rules.annual.parse import parse_bytes
from gongkai.rules.annual.tests.flatten import compare, random_report, with_blanks
from gongkai.rules.annual.tests.layouts import (
    cell_lines_with_bars,
    money,
    procurement_glued,
    without_legal_persons,
    word_html,
)

CASES = (
    "word html",
    "word html, 法人 columns empty",
    "word html, blank cells",
    "cells one per line with bars",
    "… with blank cells",
    "采购 count and amount apart by a space",
    "采购 count glued to amount",
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100)
    args = ap.parse_args()
    tot: Counter[tuple[str, str]] = Counter()
    for i in range(args.reports):
        rng = random.Random(i)
        fmt, year = [(FORMAT_2021, 2023), (FORMAT_2019, 2020)][i % 2]
        rep = random_report(rng, fmt, year)
        if "procurement" in rep["active_disclosure"]:
            rep["active_disclosure"]["procurement"] = {
                "projects": rng.randint(1, 400),
                "total_amount": money(rng),
            }
        blanks = with_blanks(rep, random.Random(i), share=0.1)
        legal = without_legal_persons(rep)
        sources = {
            CASES[0]: (word_html(rep, random.Random(i)), "r.html", rep),
            CASES[1]: (word_html(legal, random.Random(i)), "r.html", legal),
            CASES[2]: (word_html(blanks, random.Random(i)), "r.html", blanks),
            CASES[3]: (cell_lines_with_bars(rep), "r.txt", rep),
            CASES[4]: (cell_lines_with_bars(blanks), "r.txt", blanks),
            CASES[5]: (procurement_glued(rep, "spaced"), "r.txt", rep),
            CASES[6]: (procurement_glued(rep, "glued"), "r.txt", rep),
        }
        for case, (text, name, truth) in sources.items():
            n, wrong, blank = compare(parse_bytes(text.encode("utf-8"), name).report, truth)
            tot[case, "cells"] += n
            tot[case, "wrong"] += len(wrong)
            tot[case, "blank"] += len(blank)
    print(f"{'layout':40} {'cells':>7} {'right':>9} {'blank':>6} {'wrong':>6}")
    for case in CASES:
        n, w, b = tot[case, "cells"], tot[case, "wrong"], tot[case, "blank"]
        print(f"{case:40} {n:7d} {(n - w - b) / n:9.3%} {b:6d} {w:6d}")
    cells = sum(tot[c, "cells"] for c in CASES)
    wrong = sum(tot[c, "wrong"] for c in CASES)
    blank = sum(tot[c, "blank"] for c in CASES)
    print(
        f"reports={args.reports} cells={cells} right={(cells - wrong - blank) / cells:.5f} blank={blank} wrong={wrong}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
