"""From extracted text to the parser's working text (规范化).

The working text keeps the layout the extractor saw: ``\\n`` ends a line (a table row or a
paragraph) and ``\\t`` separates table cells. Everything else is made uniform so that one set
of patterns matches every source:

- the pinyin residue of broken converters is removed (``根據(jù)`` → ``根據``), then traditional
  script is converted to simplified (OpenCC ``t2s``) when the text is written in it;
- NFKC: full-width digits, letters, punctuation and spaces become their ASCII forms;
- cells written with ``|`` (markdown, pipe text) become tab-separated; markdown rule lines,
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
    lines = []
    for line in cleaned.split("\n"):
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
