"""索引号 (catalogue index numbers) and 文号 (document numbers): parse, validate, format.

* 文号: ``<issuing-organ abbreviation>〔<year>〕<serial>号`` (e.g. 鄂民办发〔2017〕8号). People type
  the year in [] () （） 【】 ［］; those are accepted and stored with 〔〕, the form the national
  standard for official documents (GB/T 9704) prescribes. Orders numbered without a year
  (国务院令第711号) are accepted as ``<organ>第<serial>号``.
* 索引号: no national rule; the common form is ``<organisation code>/<year>-<serial>`` with the
  serial restarting each year (Art. 12 requires a catalogue index, not its shape). The pattern is
  configurable per agency with the placeholders ``{code}``, ``{year}`` and ``{serial}``
  (``{serial:05d}`` for zero padding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import halfwidth_digits

DEFAULT_INDEX_PATTERN = "{code}/{year}-{serial:05d}"

_OPEN = "[(（【［〔〖"
_CLOSE = "])）】］〕〗"


class NumberError(ValueError):
    """A 文号 or 索引号 that cannot be read; the message is for users (Chinese)."""


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed 文号."""

    organ: str
    year: int | None
    serial: str

    def __str__(self) -> str:
        if self.year is None:
            return f"{self.organ}第{self.serial}号"
        return f"{self.organ}〔{self.year}〕{self.serial}号"


_YEAR_FORM = re.compile(
    rf"^(?P<organ>[^{re.escape(_OPEN + _CLOSE)}\s]+?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*第?\s*(?P<serial>\d+)\s*号$"
)
_ORDER_FORM = re.compile(r"^(?P<organ>[^\s\d]+?)\s*第\s*(?P<serial>\d+)\s*号$")


def parse_document_number(text: str) -> DocumentNumber:
    """Parse a 文号 typed with any of the usual brackets; raise :class:`NumberError` if unreadable."""
    raw = halfwidth_digits((text or "").strip())
    if not raw:
        raise NumberError("文号为空")
    m = _YEAR_FORM.match(raw)
    if m:
        year = int(m["year"])
        if not 1949 <= year <= 2100:
            raise NumberError(f"文号“{text}”中的年份{year}不合理")
        return DocumentNumber(m["organ"], year, str(int(m["serial"])))
    m = _ORDER_FORM.match(raw)
    if m:
        return DocumentNumber(m["organ"], None, str(int(m["serial"])))
    raise NumberError(f"文号“{text}”格式不正确，应为“机关代字〔年份〕序号号”，如：鄂民办发〔2017〕8号")


def normalize_document_number(text: str) -> str:
    """The stored form of a 文号: brackets 〔〕, no spaces, half-width digits."""
    return str(parse_document_number(text))


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\{code\}|\{year\}|\{serial(?::0?\d+d)?\})", pattern)
    out = []
    for part in parts:
        if part == "{code}":
            out.append(r"(?P<code>[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)")
        elif part == "{year}":
            out.append(r"(?P<year>\d{4})")
        elif part.startswith("{serial"):
            out.append(r"(?P<serial>\d+)")
        else:
            out.append(re.escape(part))
    return re.compile("^" + "".join(out) + "$")


@dataclass(frozen=True)
class IndexNumber:
    """A parsed 索引号."""

    code: str
    year: int
    serial: int


def format_index_number(code: str, year: int, serial: int, pattern: str = DEFAULT_INDEX_PATTERN) -> str:
    if serial < 1:
        raise NumberError("索引号序号必须从1开始")
    return pattern.format(code=code, year=year, serial=serial)


def parse_index_number(text: str, pattern: str = DEFAULT_INDEX_PATTERN) -> IndexNumber:
    """Parse a 索引号 of the given pattern; raise :class:`NumberError` with a Chinese message."""
    m = _pattern_regex(pattern).match(halfwidth_digits((text or "").strip()))
    if not m:
        example = format_index_number("000014349", 2018, 222, pattern)
        raise NumberError(f"索引号“{text}”格式不正确，应形如 {example}")
    return IndexNumber(m["code"], int(m["year"]), int(m["serial"]))


_ANY_INDEX = re.compile(r"^[0-9A-Za-z]{6,20}/\d{4}-\d{1,8}$")


def looks_like_index_number(text: str) -> bool:
    """Whether ``text`` has the common ``code/year-serial`` shape (for search routing)."""
    return bool(_ANY_INDEX.match(text.strip()))
