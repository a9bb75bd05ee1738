"""Reading the cells of one table row from the text that follows its label (单元格识别).

A row's *value text* is what lies between its label and the next label. Two situations:

- **separated**: cells are apart (tab, line break; or spaces with one number per cell). Each
  number or blank mark is one cell; an empty tab cell is a blank.
- **glued**: a text extraction concatenated the cells (``行政许可396442278``,
  ``200 000121``). Spaces still mark cell boundaries, but a run of digits may hold several
  cells. Every split of the runs into the row's cells is tried (a cell never has a leading
  zero); the row's own sums (rules 1 and 4) filter them. A cell on which all remaining splits
  agree is known; any other cell is left blank with a warning — a wrong number is worse
  than a blank.

Blank marks (spec: empty, "/", "—", "-", "无") give ``None``; a written ``0`` stays 0. The pieces
themselves (numbers, blank marks, glued or apart) are read by :mod:`.pieces`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.annual.parse.pieces import UNSURE, Piece, ValueText, leading_zero

__all__ = [
    "AMOUNT_TEXT",
    "INT",
    "MONEY",
    "SIGNED",
    "UNSURE",
    "Reading",
    "convert",
    "read_cells",
]

# Cell kinds: how a cell's text may be read.
INT = "int"  # a count
SIGNED = "signed"  # 本年增/减: may carry + or -
MONEY = "money"  # a decimal number (万元)
AMOUNT_TEXT = "amount_text"  # 采购总金额: kept as written, unit included

_NUMBER_PART = re.compile(r"^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?$")


def convert(text: str, unit: str, kind: str) -> Any:
    """A cell's value from its written text, or raise ValueError when the kind forbids it."""
    if not _NUMBER_PART.match(text):
        raise ValueError(text)
    signed = text[0] in "+-"
    decimal = "." in text
    if kind == AMOUNT_TEXT:
        return text.lstrip("+") + unit
    if signed and kind != SIGNED:
        raise ValueError(text)
    if kind == MONEY:
        value = float(text)
        if unit == "元":
            value = value / 10000
        return int(value) if value == int(value) and not decimal else value
    if decimal:
        raise ValueError(text)
    return int(text)


@dataclass
class Reading:
    """The cells read for one row (or several rows read together)."""

    values: list[Any]
    problem: str | None = None  # a Chinese explanation when some cells could not be read
    candidates: list[tuple[Any, ...]] = field(default_factory=list)  # the splits left, when several


def read_cells(
    vt: ValueText,
    kinds: Sequence[str],
    group: int | None = None,
    *,
    truncated: bool = False,
    apart: bool = False,
) -> Reading:
    """Map the pieces of a value text to ``len(kinds)`` cells.

    ``apart``: the rest of the table keeps its cells apart (a few numbers are blanks, not glue);
    ``group``: the row's own arithmetic — the cells form groups of this size whose last cell is
    the total of the others (used to choose among splits of glued digits, never to change a
    separated reading); ``truncated``: the source is cut within this row, so
    the pieces present fill the row from the left and the rest stay blank.
    """
    n = len(kinds)
    pieces = vt.pieces
    if not pieces:
        return Reading([None] * n, "没有数字（空白）")
    if not vt.glued or len(pieces) == n:
        if len(pieces) == n or (truncated and len(pieces) < n):
            return _read_separated(pieces, kinds, truncated)
        if not vt.glued:
            return Reading([None] * n, f"找到{len(pieces)}个数，应为{n}个，无法对应到单元格")
    if truncated:
        return Reading([None] * n, "原文在此行中断，粘连的数字无法可靠拆分")
    if not _looks_glued(vt, n, apart):
        return Reading([None] * n, f"找到{len(pieces)}个数，应为{n}个（可能有空白格），无法对应到单元格")
    solutions = _glued_solutions(pieces, kinds, group)
    if not solutions:
        return Reading([None] * n, "数字粘连且无法拆分成本行的单元格")
    if any(p.blank for p in pieces) and not _every_sum_checked(solutions, group):
        # A row that shows a blank cell may have lost others without a trace ("" glued to nothing).
        return Reading(
            [None] * n, "数字粘连且本行有空白格（别的空白格可能已无痕消失），无法确定数字所属的格，记为空"
        )
    if len(solutions) == 1:
        return Reading(list(solutions[0]))
    if len(solutions) > _MAX_SOLUTIONS:  # the search stopped early: agreement proves nothing
        return Reading([None] * n, f"数字粘连，拆分方式超过{_MAX_SOLUTIONS}种，本行记为空")
    return _read_ambiguous(solutions)


def _read_separated(pieces: Sequence[Piece], kinds: Sequence[str], truncated: bool) -> Reading:
    """One piece per cell (from the left when the source is cut within the row); a piece that is
    unsure, cut or not a number leaves its cell blank and says why."""
    n = len(kinds)
    values: list[Any] = []
    bad: list[str] = []
    for i, (p, kind) in enumerate(zip(pieces, kinds, strict=False)):
        if p.blank:
            values.append(None)
            continue
        if p.unsure:
            values.append(None)
            bad.append(f"第{i + 1}格文字识别不确定（识别为“{p.text}”），记为空")
            continue
        if p.maybe_cut:
            values.append(None)
            bad.append(f"第{i + 1}格“{p.text}”在原文截断处，可能不完整")
            continue
        try:
            values.append(convert(p.text, p.unit, kind))
        except ValueError:
            values.append(None)
            bad.append(f"第{i + 1}格“{p.text}”不是有效数字")
    values += [None] * (n - len(values))
    problem = "；".join(bad) or None
    if truncated and len(pieces) < n:
        problem = (problem + "；" if problem else "") + f"原文在此行中断（只有{len(pieces)}格）"
    return Reading(values, problem)


def _read_ambiguous(solutions: Sequence[tuple[Any, ...]]) -> Reading:
    """Several splits of a glued row: the cells on which they all agree, the others blank."""
    values = [col[0] if all(v == col[0] for v in col) else None for col in zip(*solutions, strict=True)]
    unknown = sum(
        1
        for v, col in zip(values, zip(*solutions, strict=True), strict=True)
        if v is None and any(c is not None for c in col)
    )
    return Reading(
        values,
        f"数字粘连，拆分方式不唯一（{len(solutions)}种），{unknown}格记为空",
        list(solutions) if len(solutions) <= _MAX_SOLUTIONS else [],
    )


_MAX_SOLUTIONS = 64


def _glued_solutions(
    pieces: Sequence[Piece], kinds: Sequence[str], group: int | None
) -> list[tuple[Any, ...]]:
    """The readings of a glued row. A run of dashes between glued numbers may be one blank
    cell ("——" is one mark in Chinese) or one per dash (two cells written "—"): both are tried."""
    options = []
    for p in pieces:
        dashes = p.text if p.blank and len(p.text) > 1 and not p.text.strip("—–-_~") else ""
        counts = sorted({1, len(dashes), len(dashes) // 2} - {0}) if dashes else [1]
        options.append([[Piece(p.text[:1], blank=True)] * k if dashes else [p] for k in counts])
    out: list[tuple[Any, ...]] = []
    for choice in itertools.product(*options):
        variant = [piece for group_pieces in choice for piece in group_pieces]
        found = _one_digit_per_cell(variant, kinds, group)
        if found is None:
            found = _splits(variant, kinds, group)
        out.extend(sol for sol in found if sol not in out)
        if len(out) > _MAX_SOLUTIONS:
            break
    return out


def _every_sum_checked(solutions: Sequence[tuple[Any, ...]], group: int | None) -> bool:
    """Whether each reading was verified by all its group sums (no group total left blank)."""
    if not group:
        return False
    return all(cells[i] is not None for cells in solutions for i in range(group - 1, len(cells), group))


def _looks_glued(vt: ValueText, n: int, apart: bool = False) -> bool:
    """Whether there is evidence that cells were concatenated, so that digit runs may be split.

    A run like ``000121`` (no count starts with 0), digits stuck to the label, or far fewer
    numbers than cells. A row of whole numbers one short of its cells is a row with a blank
    cell, not a glued one: its numbers are never split; nor is a number standing alone on its
    line (one cell per line, seed 001).
    """
    zero_run = any(leading_zero(p.text) for p in vt.pieces)
    if vt.alone and not zero_run:
        return False  # "行政许可" / "562" / next label: one whole cell, the others blank
    if apart and not vt.attached and not zero_run:
        return False  # the table's other rows keep their cells apart: this one has blanks
    return vt.attached or len(vt.pieces) * 2 <= n or zero_run


def _one_digit_per_cell(
    pieces: Sequence[Piece], kinds: Sequence[str], group: int | None
) -> list[tuple[Any, ...]] | None:
    """The common glued case answered without a search: exactly one digit per cell.

    ``None`` when the pieces are not plain digits adding up to one digit per cell.
    """
    digits = "".join(p.text for p in pieces)
    if (
        len(digits) != len(kinds)
        or not digits.isdigit()
        or any(p.unit or p.blank or p.maybe_cut for p in pieces)
    ):
        return None
    cells: list[Any] = []
    for d, kind in zip(digits, kinds, strict=True):
        try:
            cells.append(convert(d, "", kind))
        except ValueError:
            return []
        if not _group_ok(cells, group):
            return []
    return [tuple(cells)]


def _group_ok(cells: Sequence[Any], group: int | None) -> bool:
    """Whether the last complete group of ``cells`` adds up (its last cell is the others' total)."""
    if not group or len(cells) % group:
        return True
    g = cells[-group:]
    return sum(c or 0 for c in g[:-1]) == (g[-1] or 0)


def _splits(pieces: Sequence[Piece], kinds: Sequence[str], group: int | None) -> list[tuple[Any, ...]]:
    """Every reading of glued pieces as ``len(kinds)`` cells whose sum groups add up.

    Cells are taken one at a time from the digits of the current piece (a cell never starts
    with 0 unless it is 0; a sign can only start a piece; a decimal point ends its cell's
    digits), and a group is checked as soon as it is complete.
    """
    n = len(kinds)
    out: list[tuple[Any, ...]] = []
    bodies = [_body(p) for p in pieces]
    # Digits (or blank pieces) left from piece i on: each cell still to fill needs one.
    supply = [0] * (len(pieces) + 1)
    for i in range(len(pieces) - 1, -1, -1):
        supply[i] = supply[i + 1] + (1 if pieces[i].blank else len(bodies[i][1].replace(".", "")))

    def walk(pi: int, off: int, cells: list[Any]) -> None:
        if len(out) > _MAX_SOLUTIONS:
            return
        if pi == len(pieces):
            if len(cells) == n:
                out.append(tuple(cells))
            return
        piece = pieces[pi]
        after = len(pieces) - pi - 1  # pieces still to come, each needs a cell
        if len(cells) + 1 + after > n:
            return
        if piece.blank:
            walk(pi + 1, 0, [*cells, None])
            return
        if piece.maybe_cut:
            return
        sign, body, cuts = bodies[pi]
        kind = kinds[len(cells)]
        plain = kind == INT and not (sign and off == 0)
        for end in _cell_ends(body, cuts, off, cells, kind, group):
            value = _cell_value(piece, sign, body, off, end, kind, plain)
            if value is _NOT_A_CELL:
                continue
            new = [*cells, value]
            if n - len(new) > supply[pi + 1] + len(body) - end:
                continue
            if not _group_ok(new, group):
                continue
            if end == len(body):
                walk(pi + 1, 0, new)
            elif len(new) + 1 + after <= n:
                walk(pi, end, new)

    walk(0, 0, [])
    return out


_NOT_A_CELL = object()  # a split that gives no valid cell (``None`` is a valid, blank cell)


def _body(p: Piece) -> tuple[str, str, list[int]]:
    """A piece's sign, its digits (with any decimal point) and where its digit run may be cut."""
    sign = p.text[:1] if p.text[:1] in ("+", "-") else ""
    body = p.text[len(sign) :]
    dot = body.find(".")
    limit = dot if dot >= 0 else len(body)
    cuts = [i for i in range(1, limit) if body[i - 1].isdigit() and body[i].isdigit()]
    return sign, body, cuts


def _cell_ends(
    body: str, cuts: Sequence[int], off: int, cells: Sequence[Any], kind: str, group: int | None
) -> list[int]:
    """Where the next cell may end in ``body`` from ``off`` on: at any cut, or — when the next cell
    is its group's total — only after the digits of the others' sum."""
    ends = [c for c in cuts if c > off] + [len(body)]
    if group and (len(cells) + 1) % group == 0 and kind == INT and len(cells) >= group - 1:
        total = str(sum(c or 0 for c in cells[-(group - 1) :]))
        end = off + len(total)
        ends = [end] if body.startswith(total, off) and end in ends else []
    return ends


def _cell_value(piece: Piece, sign: str, body: str, off: int, end: int, kind: str, plain: bool) -> Any:
    """The value of ``body[off:end]`` as a cell of ``kind``, or ``_NOT_A_CELL``."""
    part = body[off:end]
    if plain and part.isdigit():  # the common case without the general conversion
        if part[0] == "0" and len(part) > 1:
            return _NOT_A_CELL
        return int(part)
    if not _NUMBER_PART.match(part):
        return _NOT_A_CELL
    text = (sign + part) if off == 0 else part
    unit = piece.unit if end == len(body) else ""
    try:
        return convert(text, unit, kind)
    except ValueError:
        return _NOT_A_CELL
