"""The pieces of a table row's value text (数字与空白标记): its numbers (sign, decimals, unit kept,
thousands separators removed) and blank marks (empty, "/", "—", "-", "无"), in order, with what the
layout says about them — apart (tab, line break) or glued, stuck to the label, each alone on its
line, cut where the source ends, unsure (OCR). Parenthesised remarks are dropped first. How the
pieces become the row's cells is :mod:`gongkai.rules.annual.parse.cells`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.annual.parse.normalize import CJK

_TOKEN = re.compile(
    rf"(?P<numbering>(?<![\d.])\d{{1,2}}\s*[.、](?=\s*[{CJK}“\"]))"
    rf"|(?P<num>[+-]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])|[+-]?\d+(?:\.\d+)?)(?P<unit>\s*(?:万元|亿元|元))?"
    rf"|(?P<cjk>[{CJK}]+)"
    r"|(?P<dash>[/\\]+|[—–_~]+|-+|…+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)"
)
_FIRST_DIGIT = re.compile(r"[+-]?\d")
_BLANK_WORDS = frozenset({"无", "空", "暂无", "没有"})
# A remark in parentheses: on one line it may hold figures ("(其中修订 16 件)"); across lines it
# may not (a PDF wraps a long label's remark around its row's numbers).
_ANNOTATION = re.compile(rf"\([^()\t\n]*[{CJK}][^()\t\n]*\)|\([^()\t\d]*[{CJK}][^()\t\d]*\)")
_MARK = "\x00"  # where an annotation was removed
UNSURE = "\ue000"  # OCR: before a number read without certainty (a private-use character)


@dataclass
class Piece:
    """One number or blank mark in a value text."""

    text: str  # the number as written (sign and decimals kept, thousands separators removed)
    unit: str = ""
    blank: bool = False
    maybe_cut: bool = False  # the source ends right after it: it may be incomplete
    unsure: bool = False  # read by OCR without certainty (never split, never kept)


@dataclass
class ValueText:
    pieces: list[Piece] = field(default_factory=list)
    glued: bool = False  # no tab or line break between its numbers
    attached: bool = False  # its first number touches the text before it (``数量1000001``)
    alone: bool = False  # each number is the whole of its line (one cell per line: never split)


def strip_annotations(text: str) -> str:
    """Drop parenthesised remarks holding Chinese text: ``22（其中修订16件）`` → ``22``."""
    previous = None
    while previous != text:
        previous, text = text, _ANNOTATION.sub(_MARK, text)
    return text


def ends_in_digit(text: str) -> bool:
    """Whether the source stops inside a number: right after a digit, or after a digit and the
    decimal point or thousands comma that should have been followed by more ("341." of 341.48) —
    its last number may be cut short."""
    tail = text.rstrip(" ")
    if tail[-1:] in (".", ",", "．", "，") and tail[-2:-1].isdigit():
        return True
    return tail[-1:].isdigit()


def read_pieces(
    text: str, *, at_end_of_source: bool = False, width: int | None = None, after_label: bool = False
) -> ValueText:
    """The numbers and blank marks of a value text, in order, and whether they are glued.

    ``at_end_of_source``: the source stops right after this text's last number (no separator
    follows it), so that number may be cut short.

    ``width``: the row's cell count when ``text`` is one table row; an empty cell at the row's
    end is then a blank cell as long as the row does not exceed its width (``| 1 | 0 |  |``).

    ``after_label``: ``text`` starts right after its row's label, on the label's line. Up to its
    first tab that line is the rest of the label's cell; an empty cell after it is a blank cell of
    the row (``1.本机关不掌握相关政府信息\t\t0\t0…``: the first applicant cell is blank), as long
    as the row does not exceed ``width``.
    """
    text = strip_annotations(text)
    pieces: list[Piece] = []
    separated = False
    seen_number = False
    pending_sep = False
    alone = True
    lines = text.split("\n")
    for n, line in enumerate(lines):
        # Only a line with line breaks on both sides is known whole: the value text starts and
        # ends at a label, which in glued text sits on the same line as the digits.
        if alone and _CELL_DIGITS.search(line) and (n in (0, len(lines) - 1) or not _LONE_NUMBER.match(line)):
            alone = False
        cells = line.split("\t")
        own_row = after_label and n == 0 and len(cells) > 1 and _cell_pieces(cells[0]) in (None, [])
        if own_row:
            cells = cells[1:]  # the label's own cell
        # Otherwise leading and trailing empty cells are layout (the label's cell, a ragged row end).
        line_pieces: list[Piece] = []
        tabbed = len(cells) > 1 or own_row
        for cell in cells:
            cell_pieces = _cell_pieces(cell)
            if cell_pieces is None:  # text only: a label fragment, not a cell of this row
                continue
            if not cell_pieces:
                if tabbed:
                    line_pieces.append(Piece("", blank=True))
                continue
            line_pieces.extend(cell_pieces)
        while (
            line_pieces
            and line_pieces[0].blank
            and line_pieces[0].text == ""
            and not (own_row and width is not None and _row_width(line_pieces) <= width)
        ):
            line_pieces.pop(0)
        while (
            line_pieces
            and line_pieces[-1].blank
            and line_pieces[-1].text == ""
            and (width is None or len(line_pieces) > width)
        ):
            line_pieces.pop()
        if all(p.blank and p.text == "" for p in line_pieces):
            line_pieces = []
        if line_pieces:
            if seen_number and pending_sep:
                separated = True
            if tabbed and len(line_pieces) > 1:
                separated = True
            seen_number = True
            pieces.extend(line_pieces)
        pending_sep = True
    if at_end_of_source and pieces and not pieces[-1].blank and pieces[-1].text not in ("0", "+0", "-0"):
        pieces[-1].maybe_cut = True  # "14" where the source stops may have been "1472"
    first = _FIRST_DIGIT.search(text)
    attached = first is not None and (first.start() == 0 or not text[first.start() - 1].isspace())
    alone = alone and any(not p.blank for p in pieces)
    return ValueText(pieces, glued=not separated, attached=attached, alone=alone)


_CELL_DIGITS = re.compile(r"\d")
_LONE_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)?\s*$")


def _row_width(pieces: list[Piece]) -> int:
    """The cells a line's pieces fill, not counting the empty cells at its end."""
    n = len(pieces)
    while n and pieces[n - 1].blank and pieces[n - 1].text == "":
        n -= 1
    return n


def _cell_pieces(cell: str) -> list[Piece] | None:
    """The pieces of one cell; ``[]`` for an empty cell; ``None`` for a cell of text only."""
    if UNSURE in cell:  # OCR: a cell of unknown value keeps its place, its value is not kept
        unsure = _cell_pieces(cell.replace(UNSURE, "")) or [Piece("?")]
        for p in unsure:
            p.unsure = p.maybe_cut = True
        return unsure
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
        elif kind == "cjk" and (
            blanks := _blank_marks(m.group(), bool(pieces), _DIGIT_NEXT.match(cell, m.end()))
        ):
            # "724无", "无0837", "数量无无247": glued cells, some written blank
            had_text = had_text or len(blanks) < len(m.group())
            pieces.extend(Piece(w, blank=True) for w in _BLANK_WORD.findall(blanks))
        elif kind in ("cjk", "numbering"):
            had_text = True
        elif kind == "dash":
            pieces.append(Piece(m.group("dash"), blank=True))
        elif kind == "other" and m.group("other") != _MARK:
            had_text = True
    if not pieces and had_text:
        return None
    return pieces


_DIGIT_NEXT = re.compile(r"[ \t]*[+-]?\d")
_BLANK_WORD = re.compile("暂无|无|空")
_BLANK_RUN = re.compile("(?:暂无|无|空)+$")


def _blank_marks(run: str, after_number: bool, before_number: Any) -> str:
    """The blank marks (无, 空, 暂无) a run of Chinese text holds between glued numbers: the whole
    run after a number, or its end when a number follows (a label then its row's first cell)."""
    m = _BLANK_RUN.search(run)
    if not m or not (after_number or before_number) or (m.start() > 0 and not before_number):
        return ""
    return m.group()


def cells_kept_apart(rows: list[tuple[int, ValueText]]) -> bool:
    """Whether a section's source keeps its cells apart: more rows (of ``n`` cells each) read as
    separate numbers, one per cell (``行政许可 0 -18 7``), than show glue — digits stuck to the
    label (``行政许可396442278``) or a run no count can be (``000121``).

    Then a row with fewer numbers than cells has blank cells; its numbers are not split.
    """
    rows = [(n, vt) for n, vt in rows if n > 1 and vt.pieces]
    whole = sum(1 for n, vt in rows if len(vt.pieces) == n and not vt.attached)
    glue = sum(1 for _n, vt in rows if vt.attached or any(leading_zero(p.text) for p in vt.pieces))
    return whole > glue


def leading_zero(number: str) -> bool:
    """A run of digits no count can be (``000121``): cells glued together."""
    digits = number.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and "." not in digits
