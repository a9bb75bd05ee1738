"""Chinese text analysis for search (中文分词与检索词分析). Pure: no Django.

* Segmentation: rjieba (jieba-rs, compiled: about 25× pure jieba) with jieba's own dictionary
  plus ``data/gov_terms.txt`` (government terms such as 最低生活保障, 依申请公开, 行政规范性文件),
  HMM off so that a query and a document containing the same words segment the same way. Its tokens
  equal pure jieba's (``tests/test_segmenter_equality.py`` compares them on the seed pages, a
  generated corpus and odd input); :func:`jieba_tokenizer` is the pure-Python reference.
* Documents are indexed in *search mode*: a compound word is indexed together with the shorter
  dictionary words inside it (最低生活保障 → 最低, 生活, 保障, 最低生活保障), so a 2-character
  query (救助) finds 医疗救助.
* Queries are segmented in precise mode; each word may be widened by ``data/synonyms.txt``
  (低保 = 最低生活保障). Traditional-script queries are converted to simplified first.
* 文号 in any bracket style (鄂民办发[2017]8号, (2017), 【2017】, 〔2017〕) become one token in the
  stored form with 〔〕 (see :func:`gongkai.rules.numbers.normalize_document_number`); a 索引号
  (000014349/2018-00222) becomes one lower-cased token.
* Stop words (``data/stopwords.txt``) and punctuation are not indexed; a query made only of them
  raises :class:`QueryError` with a helpful Chinese message.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gongkai.rules.numbers import NumberError, looks_like_index_number, normalize_document_number
from gongkai.rules.text import halfwidth_digits, to_simplified

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_QUERY_CHARS = 100

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN = r"\[\(（【［〔〖"
_CLOSE = r"\]\)）】］〕〗"
# A 文号 inside running text: organ characters, a bracketed year, a serial, 号.
_DOC_NUMBER = re.compile(
    rf"([{_CJK}]{{1,12}})\s*[{_OPEN}]\s*((?:19|20)\d\d)\s*[{_CLOSE}]\s*第?\s*(\d{{1,6}})\s*号"
)
# A whole query that is a 文号 typed without brackets: 鄂民办发2017 8号, 鄂民办发 2017 8, 鄂民办发2017第8号.
# The organ must end as organ abbreviations do (…发, …函, …字, …规 …), so 低保 2017 8 stays words.
_LOOSE_DOC_NUMBER = re.compile(
    rf"^([{_CJK}]{{1,11}}[发函字规办文令电复通告])\s*((?:19|20)\d\d)\s*年?(?:\s+|\s*第\s*)(\d{{1,6}})\s*号?$"
)
_INDEX_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{6,20}/\d{4}-\d{1,8}(?![0-9])")
_WORD_CHAR = re.compile(rf"[0-9a-z{_CJK}]")
_SPACES = re.compile(r"\s+")


class QueryError(ValueError):
    """A query that cannot be searched; the message is for users (Chinese)."""


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(word for line in _data_lines("stopwords.txt") for word in line.split())


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Each word of a synonym group → the whole group (itself first)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _data_lines("synonyms.txt"):
        group = [w.strip() for w in line.split("=") if w.strip()]
        for word in group:
            table[word] = (word, *[w for w in group if w != word])
    return table


def _gov_terms() -> list[tuple[str, int | None, str | None]]:
    terms = []
    for line in _data_lines("gov_terms.txt"):
        parts = line.split()
        terms.append(
            (parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
        )
    return terms


SYNONYM_FREQ = 3000  # as the government terms


def _synonym_words() -> list[str]:
    return sorted(synonyms())


class Segmenter:
    """jieba's interface (``cut``, ``cut_for_search``, ``HMM=``) over a compiled rjieba instance.

    One instance per process; rjieba has no global state of ours (its module-level default
    instance is left alone)."""

    def __init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        for word, freq, tag in _gov_terms():
            self._jieba.add_word(word, freq, tag)
        for word in _synonym_words():  # 两项补贴 must be one word for its group to apply
            if not self._jieba.has_word(word):
                self._jieba.add_word(word, SYNONYM_FREQ, "n")

    def cut(self, text: str, HMM: bool = False) -> list[str]:
        return self._jieba.cut(text, HMM)

    def cut_for_search(self, text: str, HMM: bool = False) -> list[str]:
        return self._jieba.cut_for_search(text, HMM)


@lru_cache(maxsize=1)
def tokenizer() -> Segmenter:
    """The segmenter every index and query uses (compiled jieba with the government terms)."""
    return Segmenter()


@lru_cache(maxsize=1)
def jieba_tokenizer():
    """The pure-Python jieba reference (a tokenizer of its own, the global one untouched), with
    the same government terms: tests compare :func:`tokenizer` against it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, freq, tag in _gov_terms():
        tok.add_word(word, freq, tag)
    for word in _synonym_words():
        if not tok.FREQ.get(word):
            tok.add_word(word, SYNONYM_FREQ, "n")
    return tok


def normalize(text: str, *, simplify: bool = False) -> str:
    """NFKC (full-width letters and digits → half-width), lower case, one space between words."""
    text = unicodedata.normalize("NFKC", halfwidth_digits(text or "")).lower()
    if simplify:
        text = to_simplified(text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1 << 18)  # tokens repeat (Zipf): the check is a dictionary look-up after the first
def _is_word(token: str) -> bool:
    return bool(_WORD_CHAR.search(token)) and token not in stop_words()


def document_numbers(text: str, *, all_suffixes: bool = True) -> list[str]:
    """The 文号 mentioned in ``text``, in stored form (〔〕).

    In running text the organ abbreviation has no left boundary (根据鄂民办发〔2017〕8号), so for
    documents every organ suffix of two or more characters is emitted: one of them is the real
    文号. A query uses only the organ as typed.
    """
    found: list[str] = []
    if "号" not in text:  # every 文号 ends in 号: most paragraphs are skipped at once
        return found
    for m in _DOC_NUMBER.finditer(halfwidth_digits(text)):
        organ, year, serial = m.groups()
        starts = range(0, max(1, len(organ) - 1)) if all_suffixes else range(1)
        for start in starts:
            found.append(f"{organ[start:]}〔{year}〕{int(serial)}号")
    return found


def index_numbers(text: str) -> list[str]:
    if "/" not in text and "／" not in text:
        return []
    return [m.group(0).lower() for m in _INDEX_NUMBER.finditer(halfwidth_digits(text))]


def index_tokens(text: str) -> list[str]:
    """Tokens a document's text is indexed under (search mode, no stop words, plus 文号/索引号)."""
    if not text:
        return []
    norm = normalize(text)
    tokens = [t for t in tokenizer().cut_for_search(norm, HMM=False) if _is_word(t)]
    tokens.extend(document_numbers(text))
    tokens.extend(index_numbers(norm))
    return tokens


def keyword(text: str) -> str:
    """The exact-match form of a short field (title, 文号, 索引号): normalised, no spaces."""
    text = normalize(text).replace(" ", "")
    try:
        return normalize_document_number(text)
    except NumberError:
        return text


@dataclass(frozen=True)
class AnalyzedQuery:
    """A query ready for a backend: every group must match; a group matches if any word in it does."""

    raw: str
    text: str  # normalised, simplified
    groups: tuple[tuple[str, ...], ...]
    exact: str  # keyword form of the whole query (exact title / 文号 / 索引号)
    is_document_number: bool = False
    is_index_number: bool = False
    converted: bool = False  # the query was in traditional script

    @property
    def terms(self) -> list[str]:
        return [word for group in self.groups for word in group]


def _stop_message(raw: str) -> str:
    return (
        f"“{raw.strip()}”只包含常用虚词或标点，无法检索。"
        "请输入更具体的词语，例如“低保”“医疗救助”，或完整的文号、索引号。"
    )


def loose_document_number(text: str) -> str | None:
    """A whole query that is a 文号 without brackets (鄂民办发 2017 8) in stored form, else ``None``."""
    m = _LOOSE_DOC_NUMBER.match(to_simplified(normalize(text)))
    return f"{m[1]}〔{m[2]}〕{int(m[3])}号" if m else None


def analyze_query(raw: str) -> AnalyzedQuery:
    """Turn what a user typed into token groups; raise :class:`QueryError` (Chinese) if unsearchable."""
    if raw is None or not raw.strip():
        raise QueryError("请输入检索词。")
    if len(raw.strip()) > MAX_QUERY_CHARS:
        raise QueryError(f"检索词过长（最多{MAX_QUERY_CHARS}个字），请精简后再试。")
    plain = normalize(raw)
    text = normalize(raw, simplify=True)
    exact = keyword(raw)
    groups: list[tuple[str, ...]] = []
    is_doc_number = is_index_number = False
    loose = loose_document_number(raw)
    try:
        groups.append((loose or normalize_document_number(plain.replace(" ", "")),))
        is_doc_number = True
        exact = loose or exact
        rest = ""
    except NumberError:
        rest = text
    if not is_doc_number and looks_like_index_number(plain):
        groups.append((plain.replace(" ", ""),))
        is_index_number = True
        rest = ""
    if rest:
        for number in document_numbers(rest, all_suffixes=False):
            groups.append((number,))
        for number in index_numbers(rest):
            groups.append((number,))
        rest = _INDEX_NUMBER.sub(" ", _DOC_NUMBER.sub(" ", rest))
        seen: set[str] = set()
        for token in tokenizer().cut(rest, HMM=False):
            token = token.strip()
            if not _is_word(token) or token in seen:
                continue
            seen.add(token)
            groups.append(synonyms().get(token, (token,)))
    if not groups:
        raise QueryError(_stop_message(raw))
    return AnalyzedQuery(
        raw=raw,
        text=text,
        groups=tuple(groups),
        exact=exact,
        is_document_number=is_doc_number,
        is_index_number=is_index_number,
        converted=text != plain,
    )


# --- highlighting -------------------------------------------------------------------------


def _term_pattern(term: str) -> str:
    m = re.fullmatch(r"(.+)〔(\d{4})〕(\d+)号", term)
    if m:  # a 文号 matches whatever brackets the document used
        return re.escape(m[1]) + rf"\s*[{_OPEN}]\s*{m[2]}\s*[{_CLOSE}]\s*第?\s*0*{m[3]}\s*号"
    return re.escape(term)


@lru_cache(maxsize=256)
def _highlighter(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    terms = tuple(sorted({t for t in terms if t}, key=len, reverse=True))
    if not terms:
        return None
    return re.compile("|".join(_term_pattern(t) for t in terms), re.IGNORECASE)


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, pos = [], start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, terms: list[str] | tuple[str, ...]) -> str:
    """The whole ``text`` HTML-escaped, with every query term wrapped in ``<mark>``."""
    text = text or ""
    pattern = _highlighter(tuple(terms))
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    return _marked(text, spans, 0, len(text))


def snippet(text: str, terms: list[str] | tuple[str, ...], width: int = 120) -> str:
    """About ``width`` characters of ``text`` around the densest cluster of query terms, HTML-safe.

    The window is the one holding the most distinct terms (then the most matches); ellipses mark
    cut ends. Text without any match gives its beginning.
    """
    text = _SPACES.sub(" ", text or "").strip()
    pattern = _highlighter(tuple(terms))
    matches = list(pattern.finditer(text)) if pattern else []
    if not matches:
        end = min(len(text), width)
        return html.escape(text[:end]) + ("…" if end < len(text) else "")
    best, best_key = 0, (-1, -1)
    for i, m in enumerate(matches[:200]):
        window = [x for x in matches[i : i + width] if x.end() <= m.start() + width]
        key = (len({x.group(0).lower() for x in window}), len(window))
        if key > best_key:
            best, best_key = i, key
    first = matches[best].start()
    start = max(0, min(first - width // 5, len(text) - width))
    end = min(len(text), start + width)
    spans = [m.span() for m in matches]
    for a, b in spans:  # never cut a highlighted word in two
        if a < start < b:
            start = a
        if a < end < b:
            end = b
    body = _marked(text, spans, start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
