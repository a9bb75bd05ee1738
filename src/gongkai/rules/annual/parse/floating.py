"""Cells that floated out of their row when a PDF was flattened to text (表外散落的单元格).

A cell written on two lines ("22" / "(其中修订 16 件)") leaves its row and floats above the
table, while the row keeps its one-line cells (``| 规章 | 22 | 235 |``). Such a number goes back
to its row only when nothing is left to guess.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.rules.annual.model import ISSUED_CELLS, MADE_CELLS
from gongkai.rules.annual.parse.cells import convert
from gongkai.rules.annual.parse.labels import RowSpec
from gongkai.rules.annual.parse.normalize import CJK
from gongkai.rules.annual.parse.pieces import Piece, ValueText

# A number with a remark in parentheses, standing apart from every row.
_FLOATING = re.compile(rf"(?<![\d.])(\d+)\s*\(([^()\t]*[{CJK}][^()\t]*)\)")
# Which column a remark speaks of; a remark naming none or several decides nothing.
_REMARK_COLUMNS = {
    "issued": re.compile(r"制发|印发|出台|制定"),
    "repealed": re.compile(r"废止|失效|废除"),
    "in_force": re.compile(r"现行|有效(?!期)"),
    "new_made": re.compile(r"新制作|制作"),
    "new_disclosed": re.compile(r"新公开"),
    "total_disclosed": re.compile(r"总数|累计"),
}


def _remark_column(remark: str, cells: tuple[str, ...]) -> str | None:
    hits = [c for c in cells if c in _REMARK_COLUMNS and _REMARK_COLUMNS[c].search(remark)]
    return hits[0] if len(hits) == 1 else None


def place_floating_cells(
    text: str,
    lo: int,
    hi: int,
    segments: list[tuple[int, int]],
    short: list[tuple[RowSpec, ValueText]],
    values: dict[str, Any],
    warnings: list[tuple[str, str]],
) -> None:
    """Give rows one cell short the numbers that floated out of them (PDF text, 表二).

    Only when the floating numbers outside every row are exactly as many as the short rows
    (paired in table order), and a float's remark names its column (``含自然失效 29 件`` → 本年废止);
    the row's own numbers then fill its other columns in order. Otherwise the row stays blank
    with a warning: which column lost its number is not known.
    """
    floats = [m for m in _FLOATING.finditer(text, lo, hi) if not any(a <= m.start() < b for a, b in segments)]
    paired = len(floats) == len(short)
    for n, (spec, vt) in enumerate(short):
        where = f"active_disclosure.{spec.key}"
        column = _remark_column(floats[n].group(2), spec.cells) if paired else None
        if column is None:
            warnings.append(
                (where, f"找到{len(vt.pieces)}个数，应为{len(spec.cells)}个，无法确定缺的是哪一列，记为空")
            )
            continue
        own = iter(vt.pieces)
        row = {}
        for cell, kind in zip(spec.cells, spec.kinds, strict=True):
            piece = Piece(floats[n].group(1)) if cell == column else next(own)
            try:
                row[cell] = convert(piece.text, piece.unit, kind)
            except ValueError:
                row[cell] = None
        values[spec.key] = row
        label = dict(ISSUED_CELLS + MADE_CELLS).get(column, column)
        warnings.append(
            (
                where,
                f"本行缺一格；表外的“{floats[n].group(1)}（{floats[n].group(2)}）”"
                f"按其说明归入此行的“{label}”一列",
            )
        )
