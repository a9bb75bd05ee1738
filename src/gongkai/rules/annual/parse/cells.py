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

Blank marks (spec: empty, "/", "—", "-", "无") give ``None``; a written ``0`` stays 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.annual.parse.normalize import CJK

# Cell kinds: how a cell's text may be read.
INT = "int"  # a count
SIGNED = "signed"  # 本年增/减: may carry + or -
MONEY = "money"  # a decimal number (万元)
AMOUNT_TEXT = "amount_text"  # 采购总金额: kept as written, unit included

_TOKEN = re.compile(
    rf"(?P<numbering>(?<![\d.])\d{{1,2}}\s*[.、](?=\s*[{CJK}“\"]))"
    rf"|(?P<num>[+-]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])|[+-]?\d+(?:\.\d+)?)(?P<unit>\s*(?:万元|亿元|元))?"
    rf"|(?P<cjk>[{CJK}]+)"
    r"|(?P<dash>[/\\]+|[—–_~]+|-+|…+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)"
)
_BLANK_WORDS = frozenset({"无", "空", "暂无", "没有"})
_ANNOTATION = re.compile(rf"\([^()\t]*[{CJK}][^()\t]*\)")
_MARK = "\x00"  # where an annotation was removed


@dataclass
class Piece:
    """One number or blank mark in a value text."""

    text: str  # the number as written (sign and decimals kept, thousands separators removed)
    unit: str = ""
    blank: bool = False
    maybe_cut: bool = False  # the source ends right after it: it may be incomplete


@dataclass
class ValueText:
    pieces: list[Piece] = field(default_factory=list)
    glued: bool = False  # no tab or line break between its numbers


def strip_annotations(text: str) -> str:
    """Drop parenthesised remarks holding Chinese text: ``22（其中修订16件）`` → ``22``."""
    previous = None
    while previous != text:
        previous, text = text, _ANNOTATION.sub(_MARK, text)
    return text


def read_pieces(text: str, *, at_end_of_source: bool = False) -> ValueText:
    """The numbers and blank marks of a value text, in order, and whether they are glued."""
    text = strip_annotations(text)
    pieces: list[Piece] = []
    separated = False
    seen_number = False
    pending_sep = False
    for line in text.split("\n"):
        cells = line.split("\t")
        # Leading and trailing empty cells are layout (the label's cell, a ragged row end).
        line_pieces: list[Piece] = []
        tabbed = len(cells) > 1
        for cell in cells:
            cell_pieces = _cell_pieces(cell)
            if cell_pieces is None:  # text only: a label fragment, not a cell of this row
                continue
            if not cell_pieces:
                if tabbed:
                    line_pieces.append(Piece("", blank=True))
                continue
            line_pieces.extend(cell_pieces)
        while line_pieces and line_pieces[0].blank and line_pieces[0].text == "":
            line_pieces.pop(0)
        while line_pieces and line_pieces[-1].blank and line_pieces[-1].text == "":
            line_pieces.pop()
        if line_pieces:
            if seen_number and pending_sep:
                separated = True
            if tabbed and len(line_pieces) > 1:
                separated = True
            seen_number = True
            pieces.extend(line_pieces)
        pending_sep = True
    if at_end_of_source and pieces and not pieces[-1].blank:
        tail = text.rstrip(" ")
        if not tail.endswith(("\n", "\t")) and pieces[-1].text not in ("0", "+0", "-0"):
            pieces[-1].maybe_cut = True
    return ValueText(pieces, glued=not separated)


def _cell_pieces(cell: str) -> list[Piece] | None:
    """The pieces of one cell; ``[]`` for an empty cell; ``None`` for a cell of text only."""
    stripped = cell.strip()
    if not stripped:
        return []
    if stripped in _BLANK_WORDS:  # only a cell that says nothing else is a blank
        return [Piece(stripped, blank=True)]
    pieces: list[Piece] = []
    had_text = False
    for m in _TOKEN.finditer(cell):
        kind = m.lastgroup
        if m.group("num") is not None:
            pieces.append(Piece(m.group("num").replace(",", ""), unit=(m.group("unit") or "").strip()))
        elif kind in ("cjk", "numbering"):
            had_text = True
        elif kind == "dash":
            pieces.append(Piece(m.group("dash"), blank=True))
        elif kind == "other" and m.group("other") != _MARK:
            had_text = True
    if not pieces and had_text:
        return None
    return pieces


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


def read_cells(vt: ValueText, kinds: Sequence[str],
               check: Callable[[list[Any]], bool] | None = None,
               *, truncated: bool = False) -> Reading:
    """Map the pieces of a value text to ``len(kinds)`` cells.

    ``check`` is the row's own arithmetic (used to choose among splits of glued digits and
    never to change a separated reading); ``truncated``: the source is cut within this row, so
    the pieces present fill the row from the left and the rest stay blank.
    """
    n = len(kinds)
    pieces = vt.pieces
    if not pieces:
        return Reading([None] * n, "没有数字（空白）")
    if not vt.glued or len(pieces) == n:
        if len(pieces) == n or (truncated and len(pieces) < n):
            values, bad = [], []
            for i, (p, kind) in enumerate(zip(pieces, kinds, strict=False)):
                if p.blank:
                    values.append(None)
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
        if not vt.glued:
            return Reading([None] * n, f"找到{len(pieces)}个数，应为{n}个，无法对应到单元格")
    if truncated:
        return Reading([None] * n, "原文在此行中断，粘连的数字无法可靠拆分")
    solutions = _splits(pieces, kinds, check)
    if not solutions:
        return Reading([None] * n, "数字粘连且无法拆分成本行的单元格")
    if len(solutions) == 1:
        return Reading(list(solutions[0]))
    values = [col[0] if all(v == col[0] for v in col) else None for col in zip(*solutions, strict=True)]
    unknown = sum(1 for v, col in zip(values, zip(*solutions, strict=True), strict=True)
                  if v is None and any(c is not None for c in col))
    return Reading(values, f"数字粘连，拆分方式不唯一（{len(solutions)}种），{unknown}格记为空")


_MAX_SOLUTIONS = 64


def _splits(pieces: Sequence[Piece], kinds: Sequence[str],
            check: Callable[[list[Any]], bool] | None) -> list[tuple[Any, ...]]:
    """Every reading of glued pieces as ``len(kinds)`` cells that passes ``check``."""
    n = len(kinds)
    out: list[tuple[Any, ...]] = []
    seen: set[tuple[Any, ...]] = set()

    def parts_of(piece: Piece, max_parts: int):
        text = piece.text
        if piece.blank or piece.maybe_cut:
            yield [None] if piece.blank else None
            return
        sign = text[0] if text[0] in "+-" else ""
        body = text[len(sign):]
        dot = body.find(".")
        limit = dot if dot >= 0 else len(body)
        # Split points lie between two digits before any decimal point (decimals end the piece).
        cuts = [i for i in range(1, limit) if body[i - 1].isdigit() and body[i].isdigit()]

        def rec(start: int, depth: int):
            if depth > max_parts:
                return
            for end in [c for c in cuts if c > start] + [len(body)]:
                part = body[start:end]
                if not _NUMBER_PART.match(part):
                    continue
                if end == len(body):
                    yield [part]
                else:
                    for rest in rec(end, depth + 1):
                        yield [part, *rest]

        for parts in rec(0, 1):
            if len(parts) <= max_parts:
                yield [sign + parts[0], *parts[1:]]

    def walk(i: int, cells: list[Any]):
        if len(out) > _MAX_SOLUTIONS:
            return
        if i == len(pieces):
            if len(cells) == n and (check is None or check(cells)):
                t = tuple(cells)
                if t not in seen:
                    seen.add(t)
                    out.append(t)
            return
        remaining_pieces = len(pieces) - i - 1
        room = n - len(cells) - remaining_pieces
        if room < 1:
            return
        piece = pieces[i]
        for parts in parts_of(piece, room):
            if parts is None:
                return
            values = []
            ok = True
            for k, part in enumerate(parts):
                kind = kinds[len(cells) + k]
                if part is None:
                    values.append(None)
                    continue
                unit = piece.unit if k == len(parts) - 1 else ""
                try:
                    values.append(convert(part, unit, kind))
                except ValueError:
                    ok = False
                    break
            if ok:
                walk(i + 1, cells + values)

    walk(0, [])
    return out
