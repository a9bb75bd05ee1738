"""Reading section 三 line by line, for sources whose table rows stayed rows (逐行识别).

HTML, DOCX, pipe text, markdown and most PDF text keep each table row on one line, but a PDF
extraction often moves a long label away from its numbers: the label floats a few lines up and
the row is left with numbers only (``| 0 | 0 | 0 | 0 | 0 | 0 | 0 |``). Here a row is a line with
numbers: a line with a label is placed by its label; lines without one are placed by table
order between the labelled rows around them, only when their count is exactly the number of
rows missing there. Labels out of table order are ignored (the longest run in order is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.rules.annual.parse.cells import read_cells
from gongkai.rules.annual.parse.labels import RowSpec
from gongkai.rules.annual.parse.pieces import ValueText, cells_kept_apart, ends_in_digit, read_pieces

MIN_FULL_ROWS = 8  # below this many complete lines the source is not laid out in rows


@dataclass
class _Line:
    number: int  # position among the lines of the section
    index: int | None  # the table row its label names, if any
    vt: ValueText
    at_end: bool  # the source ends on this line


def _lines(text: str, lo: int, hi: int, specs: tuple[RowSpec, ...], width: int) -> list[_Line]:
    out = []
    chunk = text[lo:hi]
    ends_source = hi >= len(text.rstrip())
    lines = chunk.split("\n")
    last = max((n for n, line in enumerate(lines) if line.strip()), default=-1)
    for n, line in enumerate(lines):
        best = None
        for i, spec in enumerate(specs):
            for m in spec.pattern.finditer(line):
                if best is None or m.start() > best[1]:
                    best = (i, m.start(), m.end())
        rest = line[best[2] :] if best else line
        at_end = ends_source and n == last
        vt = read_pieces(
            rest,
            at_end_of_source=at_end and ends_in_digit(text),
            width=width,
            after_label=best is not None,
        )
        if vt.pieces:
            out.append(_Line(n, best[0] if best else None, vt, at_end))
    return out


def _in_order(lines: list[_Line]) -> list[tuple[int, _Line]]:
    """The longest run of labelled lines in table order (later lines win ties), each with the
    row index its label names."""
    labelled = [(ln.index, ln) for ln in lines if ln.index is not None]
    if not labelled:
        return []
    length = [1] * len(labelled)
    prev = [-1] * len(labelled)
    for i, ln in enumerate(labelled):
        for j in range(i):
            if labelled[j][0] < ln[0] and length[j] + 1 >= length[i]:
                length[i], prev[i] = length[j] + 1, j
    best = max(range(len(labelled)), key=lambda i: (length[i], i))
    chain: list[tuple[int, _Line]] = []
    while best != -1:
        chain.append(labelled[best])
        best = prev[best]
    return chain[::-1]


def read_by_rows(
    text: str,
    span: tuple[int, int],
    specs: tuple[RowSpec, ...],
    group: int,
) -> tuple[dict[int, list[Any]], list[tuple[int | None, str]]] | None:
    """The cells of each table row, by row index, and warnings (row index or None, message).

    ``None`` when the source is not laid out in rows (fewer than ``MIN_FULL_ROWS`` complete
    lines); the caller then reads the section as running text.
    """
    width = len(specs[0].cells)
    if text.count("\n", span[0], span[1]) < MIN_FULL_ROWS:
        return None
    lines = _lines(text, span[0], span[1], specs, width)
    if sum(1 for ln in lines if len(ln.vt.pieces) == width) < MIN_FULL_ROWS:
        return None
    apart = cells_kept_apart([(width, ln.vt) for ln in lines])
    anchors = _in_order(lines)
    anchor_ids = {id(a) for _, a in anchors}
    rows: dict[int, list[Any]] = {}
    warnings: list[tuple[int | None, str]] = []

    def read(i: int, ln: _Line) -> None:
        truncated = ln.at_end and len(ln.vt.pieces) < width
        reading = read_cells(ln.vt, specs[i].kinds, group, truncated=truncated, apart=apart)
        rows[i] = reading.values
        if reading.problem:
            warnings.append((i, reading.problem))

    bounds: list[tuple[int, _Line] | None] = [*anchors, None]
    prev_line, prev_index = -1, -1
    for anchor in bounds:
        line_no = anchor[1].number if anchor else 1 << 30
        index = anchor[0] if anchor else len(specs)
        between = [ln for ln in lines if prev_line < ln.number < line_no and id(ln) not in anchor_ids]
        full = [ln for ln in between if len(ln.vt.pieces) == width]
        stray = len(between) - len(full)
        gap = list(range(prev_index + 1, index))
        where = gap[0] if gap else (prev_index if prev_index >= 0 else None)
        if gap and full and len(full) == len(gap):
            for i, ln in zip(gap, full, strict=True):
                read(i, ln)
            warnings.append((gap[0], "标签缺失或错位，按表格行序与数字个数对应"))
        elif full:
            warnings.append((where, f"有{len(full)}行数字没有标签，与缺失的{len(gap)}行对不上，记为空"))
        if stray:
            warnings.append((where, f"有{stray}处零散数字无法归入任何一行，已忽略"))
        if anchor:
            read(anchor[0], anchor[1])
            prev_line, prev_index = anchor[1].number, anchor[0]
    return rows, warnings
