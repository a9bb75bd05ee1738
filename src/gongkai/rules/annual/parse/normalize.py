"""From extracted text to the parser's working text (规范化).

The working text keeps the layout the extractor saw: ``\\n`` ends a line (a table row or a
paragraph) and ``\\t`` separates table cells. Everything else is made uniform so that one set
of patterns matches every source:

- the pinyin residue of broken converters is removed (``根據(jù)`` → ``根據``), then traditional
  script is converted to simplified (OpenCC ``t2s``) when the text is written in it;
- NFKC: full-width digits, letters, punctuation and spaces become their ASCII forms;
- cells written with ``|`` (markdown, pipe text) become tab-separated; a table copied one cell per
  line with a bar closing every cell (``396 |``, ``第二十条第（一）项 | ||||``) keeps one cell per line; markdown rule lines,
  heading marks and page-number lines (``— 4 —``) are dropped;
- runs of spaces become one space.
"""

from __future__ import annotations

import re
import unicodedata

from gongkai.rules.text import remove_pinyin_residue, to_simplified

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PAGE_NO = re.compile(
    r"^\s*(?:[—–-]+\s*\d{1,3}\s*[—–-]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u3000\u202f\u205f\ufeff]+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_TAB_RUN = re.compile(r" *\t *")
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _halfwidth(m: re.Match[str]) -> str:
    ch = m.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def is_traditional(text: str) -> tuple[bool, str]:
    """Whether ``text`` is written in traditional script, and its simplified form.

    Counted as traditional when conversion changes at least 5 characters and at least 1% of the
    Chinese characters (so a simplified text quoting one traditional name stays untouched).
    """
    simplified = to_simplified(text)
    if simplified == text:
        return False, text
    changed = sum(1 for a, b in zip(text, simplified, strict=False) if a != b)
    cjk = len(_CJK_RE.findall(text)) or 1
    return (changed >= 5 and changed / cjk >= 0.01), simplified


_ONE_CELL = re.compile(r"^([^|]*[^|\s][^|]*?)\s*\|[\s|]*$")
_BARS_ONLY = re.compile(r"^[\s|]*\|[\s|]*$")
MIN_CELL_LINES = 8


def _one_cell_per_line(lines: list[str]) -> bool:
    """Whether the tables were copied one cell per line, every cell closed by a bar (``396 |``).

    A cell spanning columns is then followed by the bars of the columns it covers
    (``第二十条第（一）项 | ||||``): those bars close the cell, they are not empty cells. Told by
    the lines with bars: at least 4 in 5 hold one cell and nothing but bars after it (a pipe table
    holds several cells on most of its lines, a markdown one starts its lines with a bar).
    """
    with_bars = one = 0
    for line in lines:
        if "|" not in line or _BARS_ONLY.match(line):
            continue
        with_bars += 1
        one += bool(_ONE_CELL.match(line))
    return one >= MIN_CELL_LINES and one * 5 >= with_bars * 4


def normalize(text: str) -> tuple[str, list[str]]:
    """The working text of a source text, and notes on what was done (for warnings)."""
    notes: list[str] = []
    cleaned = remove_pinyin_residue(text)
    if cleaned != text:
        notes.append("已去除文本中的拼音残留")
    traditional, simplified = is_traditional(cleaned)
    if traditional:
        cleaned = simplified
        notes.append("原文为繁体字，已转为简体后识别")
    cleaned = _FULLWIDTH.sub(_halfwidth, cleaned)  # the common case, fast
    if not unicodedata.is_normalized("NFKC", cleaned):
        cleaned = unicodedata.normalize("NFKC", cleaned)
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    source_lines = cleaned.split("\n")
    if _one_cell_per_line(source_lines):
        # A line of bars alone is an empty cell: written as a blank mark, so that it keeps its
        # place (an empty line would vanish and shift the row's numbers).
        source_lines = [
            "—" if _BARS_ONLY.match(line) else _ONE_CELL.sub(r"\1", line) for line in source_lines
        ]
    lines = []
    for line in source_lines:
        if _MD_RULE.match(line) or _PAGE_NO.match(line):
            continue
        line = _MD_HEADING.sub("", line)
        if "|" in line:
            line = line.strip()
            if line.startswith("|"):
                line = line[1:]
            if line.endswith("|"):
                line = line[:-1] + "\n"  # the closing pipe ends the row, it is not an empty cell
            line = line.replace("|", "\t")
        line = _SPACES.sub(" ", line)
        line = _TAB_RUN.sub("\t", line).strip(" ")
        closed = line.endswith("\n")  # a row closed by its pipe: its last number is whole
        line = line.rstrip("\n").strip(" ")
        if line.strip() == "":
            line = ""
        lines.append(line)
    if lines and closed:
        lines.append("")
    return "\n".join(lines), notes
