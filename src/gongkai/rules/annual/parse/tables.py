"""Finding the three tables in the working text and reading their rows (表格识别).

The national formats fix every table's rows and columns, so a table is read by finding its
row labels in order, not by trusting the layout: a row's cells are the numbers between its
label and the next label. Labels found out of order (a label that floated away from its row
in a PDF extraction) are dropped by keeping the longest run of labels in table order; rows
whose label is lost altogether are filled from the numbers between their neighbours when the
count leaves no doubt.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.annual.checks import check_balance, check_results
from gongkai.rules.annual.model import (
    APPLICANT_KEYS,
    FORMAT_2019,
    empty_report,
    require_row,
    set_row,
)
from gongkai.rules.annual.parse.amounts import GluedAmount, read_glued_amount
from gongkai.rules.annual.parse.cells import AMOUNT_TEXT, INT, MONEY, read_cells
from gongkai.rules.annual.parse.floating import place_floating_cells
from gongkai.rules.annual.parse.labels import (
    ACTIVE_HEADING,
    ACTIVE_START,
    AFTER_APPEALS,
    APPEAL_CELL_KEYS,
    APPEAL_LINE_KEYS,
    APPLICATIONS_HEADING,
    ARTICLE_20,
    RowSpec,
    active_specs,
    application_specs,
    fuzzy,
)
from gongkai.rules.annual.parse.normalize import CJK
from gongkai.rules.annual.parse.pieces import ValueText, cells_kept_apart, ends_in_digit, read_pieces
from gongkai.rules.annual.parse.rows import read_by_rows

APPEALS_HEADING = re.compile(r"行\s*政\s*(?:法\s*)?复\s*议[^。]{0,40}?行\s*政\s*诉\s*讼")
_NEW_RECEIVED = re.compile(fuzzy("本年新收"))
_APPEALS_TABLE = re.compile(rf"{fuzzy('审结')}|{fuzzy('维持')}[^。]{{0,60}}?{fuzzy('纠正')}")
_UNIT = re.compile(r"[ \t]*(?:万元|亿元|元)")
# A blank mark right after a row's numbers (no label begins with 无 but 无法提供, 无正当理由…).
_BLANK_TAIL = re.compile(r"\s*(?:暂无|无(?![法正])|空)")
_TAIL_TEXT = re.compile(rf"[{CJK}“”\"'‘’《》〈〉<>()、,:;·\s]+$")


@dataclass
class Sections:
    """Where each part of the report lies in the working text (start, end) or None."""

    active: tuple[int, int] | None = None
    applications: tuple[int, int] | None = None
    appeals: tuple[int, int] | None = None
    prose: str = ""


@dataclass
class TableResult:
    values: dict[str, Any] | None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (where, message)


def locate(text: str) -> Sections:
    """Find sections 二, 三 and 四 (their tables) in the working text."""
    s = Sections()
    m = ACTIVE_START.search(text)
    active_lo = m.start() if m else None
    if active_lo is None:
        for h in ACTIVE_HEADING.finditer(text):
            window = text[h.end() : h.end() + 300]
            if "信息内容" in window or "规章" in window:
                active_lo = h.start()
                break
    search_from = active_lo or 0
    heading = APPLICATIONS_HEADING.search(text, search_from)
    new = _NEW_RECEIVED.search(text, search_from)
    apps_lo = None
    if heading and new and heading.start() < new.start():
        apps_lo = heading.start()
    elif new:
        apps_lo = new.start()
    appeals = None
    for m in APPEALS_HEADING.finditer(text, apps_lo if apps_lo is not None else search_from):
        if _APPEALS_TABLE.search(text, m.end(), m.end() + 400):  # a table, not a sentence
            appeals = m
            break
    appeals_lo = appeals.start() if appeals else None
    appeals_hi = None
    if appeals is not None:
        after = AFTER_APPEALS.search(text, appeals.end())
        appeals_hi = after.start() if after else len(text)
        s.appeals = (appeals.start(), appeals_hi)
    if apps_lo is not None:
        s.applications = (apps_lo, appeals_lo if appeals_lo is not None else _end_of_tables(text, apps_lo))
    if active_lo is not None:
        hi = apps_lo if apps_lo is not None else (heading.start() if heading else None)
        if hi is None:
            hi = appeals_lo if appeals_lo is not None else _end_of_tables(text, active_lo)
        s.active = (active_lo, hi)
    first = min((r[0] for r in (s.active, s.applications, s.appeals) if r), default=len(text))
    last = max((r[1] for r in (s.active, s.applications, s.appeals) if r), default=len(text))
    s.prose = text[:first] + "\n" + text[last:]
    return s


def _end_of_tables(text: str, start: int) -> int:
    """Where the prose after the tables begins (五、存在的主要问题…), or the end of the text."""
    m = AFTER_APPEALS.search(text, start)
    return m.start() if m else len(text)


@dataclass
class _Hit:
    start: int
    end: int
    index: int


def _hits(text: str, specs: tuple[RowSpec, ...], lo: int, hi: int) -> list[_Hit]:
    hits = [
        _Hit(m.start(), m.end(), i)
        for i, spec in enumerate(specs)
        for m in spec.pattern.finditer(text, lo, hi)
    ]
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits


def _in_order(hits: list[_Hit]) -> list[_Hit]:
    """The longest run of hits whose rows are in table order (later hits win ties)."""
    if not hits:
        return []
    length = [1] * len(hits)
    prev = [-1] * len(hits)
    for i, h in enumerate(hits):
        for j in range(i):
            if hits[j].index < h.index and hits[j].end <= h.start and length[j] + 1 >= length[i]:
                length[i], prev[i] = length[j] + 1, j
    best = max(range(len(hits)), key=lambda i: (length[i], i))
    chain = []
    while best != -1:
        chain.append(hits[best])
        best = prev[best]
    return chain[::-1]


def strip_label_tail(value: str, number: str | None) -> str:
    """Remove the start of the next label from a value text: its words and its numbering."""
    m = _TAIL_TEXT.search(value)
    if m:
        unit = _UNIT.match(m.group())  # "35.6万元", "35.6 万元": the unit stays with its amount
        unit_text = unit.group() if unit and m.start() > 0 and value[m.start() - 1].isdigit() else ""
        # The spacing after the row's numbers stays: empty cells ending its line are blank cells
        # ("…\t0\t\t"), a line break says the last number is whole.
        spaces = re.match(r"\s*", m.group()[len(unit_text) :])  # always matches, maybe empty
        keep = unit_text + (spaces.group() if spaces else "")
        blank = _BLANK_TAIL.match(m.group())
        if blank and not unit_text and m.start() > 0 and value[m.start() - 1].isdigit():
            # "724无行政…": the row's last cell written blank, then the next label
            keep = blank.group()
        value = value[: m.start()] + keep
    if number:
        value = re.sub(rf"{number}\s*[.、]\s*$", "", value)
    return value


def read_applications(text: str, span: tuple[int, int], fmt: str) -> TableResult:
    """Section 三: every row of the applications table, or blanks with warnings."""
    specs = application_specs(fmt)
    lo, hi = span
    report = empty_report(fmt)["applications"]
    result = TableResult(report)
    group = len(APPLICANT_KEYS) + 1  # six applicant columns and their total (rule 1)
    by_rows = read_by_rows(text, span, specs, group)
    if by_rows is not None:
        return _applications_by_rows(result, report, specs, *by_rows)
    anchors = _in_order(_hits(text, specs, lo, hi))
    if not anchors:
        result.values = None
        result.warnings.append(("applications", "第三部分表格的行标签一个也没有找到，按缺失处理"))
        return result
    at_end = hi >= len(text.rstrip())
    n = len(specs[0].cells)
    filled: set[int] = set()
    ambiguous: dict[int, list[tuple[Any, ...]]] = {}
    for k, hit in enumerate(anchors):
        nxt = anchors[k + 1] if k + 1 < len(anchors) else None
        seg_end = nxt.start if nxt else hi
        row_ids = list(range(hit.index, nxt.index)) if nxt else [hit.index]
        raw = text[hit.end : seg_end]
        if nxt:
            raw = strip_label_tail(raw, specs[nxt.index].number)
        truncated = nxt is None and at_end
        vt = read_pieces(raw, at_end_of_source=truncated and ends_in_digit(text), width=n, after_label=True)
        if nxt is None and not truncated and hit.index < len(specs) - 1:
            extra = _rows_by_count(vt, len(specs) - hit.index, n)
            if extra:
                row_ids = list(range(hit.index, len(specs)))
        if len(row_ids) == 1:
            reading = read_cells(vt, specs[hit.index].kinds, group, truncated=truncated)
            set_row(
                report, specs[hit.index].key, dict(zip(specs[hit.index].cells, reading.values, strict=True))
            )
            if reading.candidates:
                ambiguous[hit.index] = reading.candidates
            if reading.problem:
                result.warnings.append((f"applications.{specs[hit.index].key}", reading.problem))
            filled.add(hit.index)
            continue
        filled |= _rows_without_labels(result, report, specs, vt, row_ids, group)
    if ambiguous:
        _resolve_by_columns(report, specs, ambiguous, fmt, result)
    missing = [specs[i].key for i in range(len(specs)) if i not in filled]
    if missing:
        where = "原文在表格中途中断" if at_end and anchors[-1].index < len(specs) - 1 else "未找到这些行"
        result.warnings.append(("applications", f"{where}，以下各行记为空：{'、'.join(missing)}"))
    return result


def _applications_by_rows(
    result: TableResult,
    report: dict[str, Any],
    specs: tuple[RowSpec, ...],
    rows: dict[int, list[Any]],
    warnings: list[tuple[int | None, str]],
) -> TableResult:
    """The table read row by row (:func:`read_by_rows`): its rows, warnings and the rows not found."""
    for i, values in rows.items():
        set_row(report, specs[i].key, dict(zip(specs[i].cells, values, strict=True)))
    result.warnings += [
        (f"applications.{specs[i].key}" if i is not None else "applications", m) for i, m in warnings
    ]
    missing = [specs[i].key for i in range(len(specs)) if i not in rows]
    if missing:
        result.warnings.append(
            ("applications", f"未找到这些行（或原文在表格中途中断），记为空：{'、'.join(missing)}")
        )
    return result


def _rows_without_labels(
    result: TableResult,
    report: dict[str, Any],
    specs: tuple[RowSpec, ...],
    vt: ValueText,
    row_ids: list[int],
    group: int,
) -> set[int]:
    """Several rows whose labels after the first are missing: their numbers are shared out by the
    table's row order and the count of cells, or, when that is not reliable, left blank with a
    warning. Returns the rows filled."""
    n = len(specs[0].cells)
    first = row_ids[0]
    chunks = _rows_by_count(vt, len(row_ids), n)
    if chunks is None:
        keys = "、".join(specs[i].key for i in row_ids[1:])
        result.warnings.append(
            (
                f"applications.{specs[first].key}",
                f"其后的行（{keys}）标签缺失，数字无法可靠对应到行，记为空",
            )
        )
        return set()
    filled = set()
    for i, chunk in zip(row_ids, chunks, strict=True):
        reading = read_cells(chunk, specs[i].kinds, group)
        set_row(report, specs[i].key, dict(zip(specs[i].cells, reading.values, strict=True)))
        filled.add(i)
        if reading.problem:
            result.warnings.append((f"applications.{specs[i].key}", reading.problem))
    result.warnings.append(
        (f"applications.{specs[row_ids[1]].key}", "标签缺失或错位，按表格行序与数字个数对应")
    )
    return filled


_MAX_COMBINATIONS = 4096


def _resolve_by_columns(
    report: dict[str, Any],
    specs: tuple[RowSpec, ...],
    ambiguous: dict[int, list[tuple[Any, ...]]],
    fmt: str,
    result: TableResult,
) -> None:
    """Choose among the splits of glued rows with the column rules (2 and 3).

    Only when every other cell of the table is known: the combinations of splits that make
    the whole table consistent are kept, and a cell is filled when all of them agree on it.
    A source that is itself inconsistent leaves no combination, and the cells stay blank.
    """
    for i, spec in enumerate(specs):
        if i not in ambiguous and any(v is None for v in require_row(report, spec.key).values()):
            return
    combos = 1
    for candidates in ambiguous.values():
        combos *= len(candidates)
    if combos > _MAX_COMBINATIONS:
        return
    rows = list(ambiguous)
    survivors = []
    for choice in itertools.product(*(ambiguous[i] for i in rows)):
        for i, cells in zip(rows, choice, strict=True):
            set_row(report, specs[i].key, dict(zip(specs[i].cells, cells, strict=True)))
        trial = {"format": fmt, "applications": report}
        if not check_balance(trial) and not check_results(trial):
            survivors.append(choice)
    for n, i in enumerate(rows):
        if survivors:
            columns = zip(*(choice[n] for choice in survivors), strict=True)
            values = [col[0] if all(v == col[0] for v in col) else None for col in columns]
        else:
            values = [
                col[0] if all(v == col[0] for v in col) else None for col in zip(*ambiguous[i], strict=True)
            ]
        set_row(report, specs[i].key, dict(zip(specs[i].cells, values, strict=True)))
        if survivors and None not in values:
            where = f"applications.{specs[i].key}"
            result.warnings[:] = [w for w in result.warnings if w[0] != where]
            result.warnings.append(
                (where, "数字粘连，本行拆分不唯一，已由各列的勾稽关系（规则2、3）唯一确定")
            )


def _rows_by_count(vt: ValueText, rows: int, n: int) -> list[ValueText] | None:
    """Separated pieces that make exactly ``rows`` rows of ``n`` cells, cut into rows."""
    if vt.glued or len(vt.pieces) != rows * n or rows < 1:
        return None
    return [ValueText(vt.pieces[i * n : (i + 1) * n], glued=False) for i in range(rows)]


def read_active(text: str, span: tuple[int, int], fmt: str) -> TableResult:
    """Section 二: the rows of the proactive-disclosure table."""
    specs = active_specs(fmt)
    lo, hi = span
    hits = _hits(text, specs, lo, hi)
    bounds = sorted({h.start for h in hits} | {m.start() for m in ARTICLE_20.finditer(text, lo, hi)} | {hi})
    values: dict[str, Any] = {}
    result = TableResult(values)
    at_end = hi >= len(text.rstrip())
    missing = []
    segments: list[tuple[int, int]] = []  # where each row's own cells lie
    short: list[tuple[int, ValueText]] = []  # rows one cell short (separated numbers)
    found: list[tuple[int, tuple[str, ...], tuple[str, ...], ValueText, bool]] = []
    for i, spec in enumerate(specs):
        own = [h for h in hits if h.index == i]
        if not own:
            values[spec.key] = dict.fromkeys(spec.cells)
            missing.append(spec.key)
            continue
        hit = own[0]
        end = next(b for b in bounds if b >= hit.end)
        raw = strip_label_tail(text[hit.end : end], None)
        truncated = at_end and end == hi
        cells, kinds = spec.cells, spec.kinds
        if (
            fmt == FORMAT_2019
            and spec.key == "fees"
            and _FEE_AMOUNT.search(text, _block_start(text, lo, hit.start), hit.start)
        ):
            # Some 2019-format tables add 本年收费金额 to 行政事业性收费 (spec: amount_10k_yuan).
            cells, kinds = (*cells, "amount_10k_yuan"), (*kinds, MONEY)
        vt = read_pieces(
            raw, at_end_of_source=truncated and ends_in_digit(text), width=len(cells), after_label=True
        )
        found.append((i, cells, kinds, vt, truncated))
        segments.append((hit.end, end))
    apart = cells_kept_apart([(len(cells), vt) for _i, cells, _k, vt, _t in found])
    for (i, cells, kinds, vt, truncated), (seg_lo, seg_hi) in zip(found, segments, strict=True):
        spec = specs[i]
        glued = _glued_amount(text[seg_lo:seg_hi], kinds, vt, truncated)
        if glued is not None:
            values[spec.key] = dict(zip(cells, (glued.projects, glued.total_amount), strict=True))
            result.warnings.append((f"active_disclosure.{spec.key}", glued.message))
            continue
        reading = read_cells(vt, kinds, None, truncated=truncated, apart=apart)
        values[spec.key] = dict(zip(cells, reading.values, strict=True))
        if (
            len(cells) > 1
            and not vt.glued
            and len(vt.pieces) == len(cells) - 1
            and not any(p.blank for p in vt.pieces)
        ):
            short.append((i, vt))
        elif reading.problem:
            result.warnings.append((f"active_disclosure.{spec.key}", reading.problem))
    if short:
        place_floating_cells(
            text, lo, hi, segments, [(specs[i], vt) for i, vt in short], values, result.warnings
        )
    if missing:
        result.warnings.append(("active_disclosure", f"未找到以下各行，记为空：{'、'.join(missing)}"))
    if len(missing) == len(specs):
        result.values = None
    return result


_FEE_AMOUNT = re.compile(fuzzy("收费金额"))


def _glued_amount(raw: str, kinds: tuple[str, ...], vt: ValueText, truncated: bool) -> GluedAmount | None:
    """A 采购 row (count, amount) whose only number is a run of digits ending in money."""
    if kinds != (INT, AMOUNT_TEXT) or truncated or not vt.pieces or any(p.blank for p in vt.pieces):
        return None  # a blank cell written or kept: the ordinary reading places the amount
    return read_glued_amount(strip_label_tail(raw, None))


def _block_start(text: str, lo: int, pos: int) -> int:
    """Where the 第二十条 block holding ``pos`` begins (its heading), or ``lo``."""
    starts = [m.start() for m in ARTICLE_20.finditer(text, lo, pos)]
    return starts[-1] if starts else lo


def read_appeals(text: str, span: tuple[int, int]) -> TableResult:
    """Section 四: 15 cells, three lines of 维持/纠正/其他/尚未审结/总计."""
    lo, hi = span
    width = len(APPEAL_CELL_KEYS)
    n = width * len(APPEAL_LINE_KEYS)
    vt = read_pieces(text[lo:hi], at_end_of_source=hi >= len(text.rstrip()) and ends_in_digit(text))
    if len(vt.pieces) != n:  # one line holding exactly the table's cells is the table's row
        for line in text[lo:hi].split("\n"):
            # A line of exactly the table's tab cells is its row, an empty first cell included.
            whole = len(line.split("\t")) == n
            line_vt = read_pieces("\t" + line if whole else line, width=n, after_label=whole)
            if len(line_vt.pieces) == n:
                vt = line_vt
                break

    result = TableResult(None)
    if not vt.pieces:
        result.warnings.append(("appeals", "第四部分表格没有数字"))
        result.values = {line: dict.fromkeys(APPEAL_CELL_KEYS) for line in APPEAL_LINE_KEYS}
        return result
    truncated = hi >= len(text.rstrip()) and len(vt.pieces) < n and not vt.glued
    reading = read_cells(vt, (INT,) * n, width, truncated=truncated)  # rule 4 per line
    if reading.problem:
        result.warnings.append(("appeals", reading.problem))
    result.values = {
        line: dict(zip(APPEAL_CELL_KEYS, reading.values[i * width : (i + 1) * width], strict=True))
        for i, line in enumerate(APPEAL_LINE_KEYS)
    }
    return result
