"""Random consistent reports and the ways their tables get flattened when copied (测试用).

A report drawn here satisfies every rule of the format (1–4), is rendered as the national
HTML tables, and then flattened the way real reports reach readers:

- ``html``: the page itself;
- ``lines``: every cell on its own line (a web page copied as text, seed 001);
- ``pipes``: one table row per line, cells joined by ``|``;
- ``tabs``: one table row per line, cells joined by tabs (copied from a spreadsheet or Word);
- ``spaces``: one table row per line, cells joined by single spaces (PDF text);
- ``glued``: all cells of a table concatenated with nothing between them (the archive's
  ``page.txt``, corpus 001–005).

Used by the round-trip tests and by ``bench/parse_flattened.py``.
"""

from __future__ import annotations

import random
from typing import Any

from lxml import html as lxml_html

from gongkai.rules.annual.model import (
    ACTIVE_ROWS,
    APPEAL_CELLS,
    APPEAL_LINES,
    APPLICANT_KEYS,
    FORMAT_2019,
    TOTAL,
    application_rows,
    copy_report,
    empty_report,
    set_row,
)
from gongkai.rules.annual.render.html import render_page
from gongkai.rules.text import to_traditional

STYLES = ("html", "lines", "pipes", "tabs", "spaces", "glued")
SEPARATED = ("html", "lines", "pipes", "tabs", "spaces")


def _count(rng: random.Random, scale: int) -> int:
    """A count as reports have them: mostly 0, often small, sometimes large."""
    r = rng.random()
    if r < 0.55:
        return 0
    if r < 0.85:
        return rng.randint(1, 9)
    if r < 0.97:
        return rng.randint(10, 99 * scale)
    return rng.randint(100, 999 * scale)


def random_report(rng: random.Random, fmt: str, year: int) -> dict[str, Any]:
    """A report of format ``fmt`` whose tables satisfy rules 1–4."""
    report = empty_report(fmt, year, "某某县民政局")
    active: dict[str, Any] = {}
    for key, _item, _label, cells in ACTIVE_ROWS[fmt]:
        row = {}
        for cell, _name in cells:
            if cell == "change":
                row[cell] = rng.choice([0, 0, rng.randint(1, 40), -rng.randint(1, 40)])
            elif cell == "amount_10k_yuan":
                row[cell] = rng.choice([0, round(rng.uniform(0.1, 900), 2)])
            elif cell == "total_amount":
                row[cell] = rng.choice(["0", f"{rng.randint(1, 9000)}万元", f"{rng.uniform(1e3, 1e8):.2f}元"])
            else:
                row[cell] = _count(rng, 10)
        active[key] = row
    report["active_disclosure"] = active

    apps = report["applications"]
    rows = application_rows(fmt)
    results = [r for r in rows if r.is_result]
    handled = dict.fromkeys(APPLICANT_KEYS, 0)
    for r in results:
        cells = {
            k: (_count(rng, 3) if k == "natural_person" else _count(rng, 1) if rng.random() < 0.3 else 0)
            for k in APPLICANT_KEYS
        }
        for k in APPLICANT_KEYS:
            handled[k] += cells[k]
        set_row(apps, r.key, {**cells, TOTAL: sum(cells.values())})
    forward = {k: (rng.randint(0, 3) if rng.random() < 0.3 else 0) for k in APPLICANT_KEYS}
    over = {k: rng.randint(0, handled[k] + forward[k]) if rng.random() < 0.3 else 0 for k in APPLICANT_KEYS}
    new = {k: handled[k] + forward[k] - over[k] for k in APPLICANT_KEYS}
    for key, cells in (
        ("total_handled", handled),
        ("carried_forward", forward),
        ("carried_over", over),
        ("new_received", new),
    ):
        set_row(apps, key, {**cells, TOTAL: sum(cells.values())})

    appeals = {}
    for line, _name in APPEAL_LINES:
        cells = {c: (_count(rng, 1) if rng.random() < 0.4 else 0) for c, _n in APPEAL_CELLS if c != TOTAL}
        appeals[line] = {**cells, TOTAL: sum(cells.values())}
    report["appeals"] = appeals
    return report


def _tables(page: str) -> list[list[list[str]]]:
    """The rendered tables as rows of cell texts."""
    doc = lxml_html.fromstring(page)
    out = []
    for table in doc.iter("table"):
        rows = []
        for tr in table.iter("tr"):
            rows.append([" ".join(td.text_content().split()) for td in tr if td.tag in ("td", "th")])
        out.append(rows)
    return out


def with_blanks(report: dict[str, Any], rng: random.Random, share: float = 0.05) -> dict[str, Any]:
    """The report with some cells left blank in the source (``null``), as agencies leave them:
    any cell of section 二; in sections 三 and 四 a cell with nothing to count (the sums hold,
    a blank counting as 0)."""
    out = copy_report(report)

    def blank(node: dict[str, Any], zeros_only: bool) -> None:
        for k, v in node.items():
            if isinstance(v, dict):
                blank(v, zeros_only)
            elif rng.random() < share and (v == 0 or not zeros_only):
                node[k] = None

    for section in ("active_disclosure", "applications", "appeals"):
        blank(out[section], section != "active_disclosure")
    return out


_BLANK_MARKS = ("/", "—", "无", "-")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _split_label(cell: str, rng: random.Random) -> str:
    """A long label broken over two lines, as a narrow column wraps it ("商业" / "企业")."""
    if len(cell) < 4 or any(ch.isdigit() for ch in cell) or rng.random() < 0.5:
        return cell
    cut = rng.randint(2, len(cell) - 2)
    return cell[:cut] + "\n" + cell[cut:]


def flatten(
    report: dict[str, Any], style: str, rng: random.Random | None = None, noise: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """The report in one flattening style: (text, file name telling its kind).

    ``noise`` adds damage seen in real reports: ``marks`` (blank cells written "/", "—", "无"),
    ``wrap`` (labels broken over lines; ``lines`` style), ``fullwidth`` (全角 digits),
    ``traditional`` (the whole text in traditional script).
    """
    rng = rng or random.Random(0)
    page = render_page(report)
    if "traditional" in noise:
        page = to_traditional(page)
    if style == "html":
        return page, "report.html"
    year = report["year"]
    head = (
        f"{report['agency']}{year}年政府信息公开工作年度报告\n"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
    )
    titles = (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    parts = [head]
    for title, rows in zip(titles, _tables(page), strict=True):
        if "marks" in noise:
            # Glued, a "-" blank before a negative change ("--19") cannot be told from a sign.
            marks = _BLANK_MARKS[:-1] if style == "glued" else _BLANK_MARKS
            rows = [[c if c else rng.choice(marks) for c in row] for row in rows]
        if "fullwidth" in noise:
            rows = [[c.translate(_FULLWIDTH_DIGITS) for c in row] for row in rows]
        if "wrap" in noise and style == "lines":
            rows = [[_split_label(c, rng) for c in row] for row in rows]
        if style == "lines":
            body = "\n".join(c for row in rows for c in row)
        elif style == "glued":
            body = "".join(c for row in rows for c in row)
        else:
            sep = {"pipes": " | ", "tabs": "\t", "spaces": " "}[style]
            body = "\n".join(sep.join(row) for row in rows)
            if style == "pipes":
                body = "\n".join(f"| {line} |" for line in body.split("\n"))
        parts.append(f"{title}\n{body}\n")
    parts.append("五、存在的主要问题及改进情况\n政策解读形式仍需创新。\n六、其他需要报告的事项\n无。\n")
    text = "\n".join(parts)
    if "traditional" in noise:
        text = to_traditional(text)
    return text, "report.txt"


def cells(node: Any, path: str = "") -> dict[str, Any]:
    """Every cell of a section as ``path → value``."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            out.update(cells(v, f"{path}/{k}" if path else k))
        return out
    return {path: node}


def compare(parsed: dict[str, Any], truth: dict[str, Any]) -> tuple[int, list[str], list[str]]:
    """(cells compared, paths read wrong, paths left blank) of a parse against its truth."""
    wrong, blank, n = [], [], 0
    for section in ("active_disclosure", "applications", "appeals"):
        got = cells(parsed.get(section) or {}, section)
        for path, value in cells(truth[section], section).items():
            n += 1
            if got.get(path) is None and value is not None:
                blank.append(path)
            elif got.get(path) != value:
                wrong.append(path)
    return n, wrong, blank


__all__ = ["FORMAT_2019", "SEPARATED", "STYLES", "compare", "flatten", "random_report", "with_blanks"]
