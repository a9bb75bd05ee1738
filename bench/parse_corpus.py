"""Run the annual-report parser over a labelled corpus and print how well it reads it.

Usage: ``python bench/parse_corpus.py [DIR] [--repeat N]`` (default DIR: the shared
development corpus ``../shared/corpus/annual-reports/``). A corpus holds ``NNN.src.<ext>``
(the source as published) and ``NNN.expected.json`` (its label, per
``shared/spec/annual-report-json.md``).

Figures printed:

- cell accuracy: labelled cells the parser got equal to the label ÷ labelled cells. A cell the
  label marks ``ambiguous`` (the glued source admits several splits) counts as right when the
  parser answers the true value or ``null`` — null with a warning is the answer the corpus asks
  for there. Every other ``null`` where the label has a number counts as wrong.
- wrong cells split into *nulls* (the parser said it did not know) and *wrong numbers* (the
  parser gave a different number — the bad kind);
- reports parsed exactly (every cell right), reports per second (parsing only, files already
  read), and every wrong cell: file, row, column, expected, got.

The last line is ``key=value`` pairs: reports=, cells=, cell_accuracy=, wrong_numbers=,
nulls=, exact_reports=, reports_per_s= (wall clock), reports_per_cpu_s= (CPU time of this process:
steadier on a shared machine) and meta_errors= (format/year/agency mismatches).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from gongkai.rules.annual.parse import parse_bytes
from gongkai.rules.annual.tests.flatten import cells

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "annual-reports"


def _flatten(report: dict[str, Any], label: dict[str, Any]) -> dict[str, Any]:
    """Every labelled cell path of ``label`` → the parser's value (a missing section → None)."""
    out = {}
    for section in ("active_disclosure", "applications", "appeals"):
        lab = label.get(section)
        got = report.get(section)
        if lab is None:
            out[section] = got  # a section the label says is absent: must be None as a whole
            continue
        got_cells = cells(got, section) if got is not None else {}
        for path in cells(lab, section):
            out[path] = got_cells.get(path)
    return out


def _expected(label: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for section in ("active_disclosure", "applications", "appeals"):
        lab = label.get(section)
        if lab is None:
            out[section] = None
        else:
            out.update(cells(lab, section))
    return out


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, float) or isinstance(got, float):
        return expected is not None and got is not None and abs(float(expected) - float(got)) < 1e-9
    return expected == got and type(expected) is type(got)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="parse the corpus N times for the speed figure (default: as often as fits in about 2 seconds)",
    )
    args = ap.parse_args(argv)
    labels = sorted(args.corpus.glob("*.expected.json"))
    if not labels:
        print(f"no *.expected.json in {args.corpus}", file=sys.stderr)
        return 2
    items = []
    for lab in labels:
        stem = lab.name[: -len(".expected.json")]
        sources = sorted(p for p in args.corpus.glob(f"{stem}.src.*"))
        if not sources:
            print(f"{stem}: no source file", file=sys.stderr)
            continue
        items.append((stem, sources[0], sources[0].read_bytes(), json.loads(lab.read_text("utf-8"))))

    cells = right = nulls = wrong_numbers = exact = meta_errors = 0
    wrong_lines = []
    for _stem, src, data, label in items:
        result = parse_bytes(data, src.name)
        report = result.report
        ambiguous = set(label.get("ambiguous", []))
        got = _flatten(report, label)
        all_right = True
        for path, exp in _expected(label).items():
            val = got.get(path)
            cells += 1
            ok = _same(exp, val) or (path in ambiguous and val is None)
            if path in ("active_disclosure", "applications", "appeals"):
                ok = val is None
            if ok:
                right += 1
                continue
            all_right = False
            if val is None:
                nulls += 1
            else:
                wrong_numbers += 1
            row, _, col = path.rpartition("/")
            wrong_lines.append(f"{src.name}\t{row}\t{col}\texpected={exp!r}\tgot={val!r}")
        for key in ("format", "year", "agency"):
            if label.get(key) != report.get(key):
                meta_errors += 1
                wrong_lines.append(
                    f"{src.name}\t{key}\t-\texpected={label.get(key)!r}\tgot={report.get(key)!r}"
                )
        exact += all_right

    repeat = args.repeat
    start = time.perf_counter()
    cpu_start = time.process_time()
    runs = 0
    while True:
        for _stem, src, data, _label in items:
            parse_bytes(data, src.name)
        runs += 1
        elapsed = time.perf_counter() - start
        if (repeat and runs >= repeat) or (not repeat and elapsed >= 2.0):
            break
    per_s = runs * len(items) / elapsed
    per_cpu_s = runs * len(items) / max(time.process_time() - cpu_start, 1e-9)

    print(f"corpus: {args.corpus}")
    print(f"reports: {len(items)}   labelled cells: {cells}")
    print(
        f"cell accuracy: {right}/{cells} = {right / cells:.4%}   (nulls {nulls}, wrong numbers {wrong_numbers})"
    )
    print(f"reports parsed exactly: {exact}/{len(items)}")
    print(
        f"speed: {per_s:.1f} reports/s wall, {per_cpu_s:.1f} reports per CPU-second "
        f"({runs} passes, {elapsed:.2f} s; one process, one core)"
    )
    if wrong_lines:
        print("wrong cells (file, row, column, expected, got):")
        for line in wrong_lines:
            print("  " + line)
    print(
        f"reports={len(items)} cells={cells} cell_accuracy={right / cells:.4f} wrong_numbers={wrong_numbers} "
        f"nulls={nulls} exact_reports={exact} reports_per_s={per_s:.1f} reports_per_cpu_s={per_cpu_s:.1f} "
        f"meta_errors={meta_errors}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
