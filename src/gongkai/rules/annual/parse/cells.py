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

import itertools
import re
from collections.abc import Sequence
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


def leading_zero(number: str) -> bool:
    """A run of digits no count can be (``000121``): cells glued together."""
    digits = number.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and "." not in digits


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
