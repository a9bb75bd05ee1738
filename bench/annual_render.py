"""Benchmark: render the corpus annual reports to HTML, DOCX, PDF and XLSX; print seconds per file.

    .venv/bin/python bench/annual_render.py [--repeat 5] [--samples DIR]

With --samples, also writes 004 (format 2021) and 002 (format 2019) with the prose sections taken
from their published source text, for looking at (pdftoppm -r 60 DIR/004.pdf DIR/004).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from gongkai.rules.annual.render import FORMATS, render

CORPUS = Path("/work/shared/corpus/annual-reports")
_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def prose_from_source(name: str) -> dict[str, str]:
    """Sections 一, 五 and 六 cut out of a corpus source text (spaces there were paragraph breaks)."""
    text = (CORPUS / f"{name}.src.txt").read_text(encoding="utf-8").split("正文 ====================", 1)[-1]
    cuts = [text.find(h) for h in _HEADINGS]
    if min(cuts) < 0:
        return {}

    def part(a: int, b: int | None, heading: str) -> str:
        body = text[a + len(heading) : b].strip()
        return "\n".join(
            p for p in re.split(r" (?=（[一二三四五六七八九十]+）)|(?<=方面) | (?=\d{4}年，)", body) if p
        )

    other = re.split(r"\s*\S{2,30}\s*\d{4}年\d{1,2}月\d{1,2}日|\s*抄送", part(cuts[3], None, _HEADINGS[3]))[0]
    return {
        "overview": part(cuts[0], cuts[1], _HEADINGS[0]),
        "problems": part(cuts[2], cuts[3], _HEADINGS[2]),
        "other_matters": other,  # without the page's sign-off and distribution list
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--samples", type=Path)
    args = parser.parse_args()
    reports = {
        p.name[:3]: json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.expected.json"))
    }
    for fmt in FORMATS:
        render(reports["004"], fmt)  # imports and font loading out of the timing
        times = []
        for _ in range(args.repeat):
            for report in reports.values():
                t0 = time.perf_counter()
                render(report, fmt)
                times.append(time.perf_counter() - t0)
        print(
            f"{fmt:5} {len(times):3} renders  median {statistics.median(times) * 1000:7.1f} ms"
            f"  max {max(times) * 1000:7.1f} ms"
        )
    if args.samples:
        args.samples.mkdir(parents=True, exist_ok=True)
        for name in ("004", "002"):
            prose = prose_from_source(name)
            for fmt in FORMATS:
                (args.samples / f"{name}.{fmt}").write_bytes(render(reports[name], fmt, prose=prose))
        print(f"samples written to {args.samples}")


if __name__ == "__main__":
    main()
