"""The interface every search backend implements (检索后端接口). Pure: no Django.

A backend indexes :class:`IndexDoc` records (plain text, already stripped of HTML) and answers
:meth:`SearchBackend.search` with a :class:`SearchResult`: hits (id, score, highlighted title and
snippet), the total count and the analysed query. Analysis (segmentation, synonyms, 文号/索引号)
and highlighting are shared (``gongkai.search.analysis``), so backends differ only in how they
store token lists and rank them.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .. import analysis
from ..analysis import AnalyzedQuery

SORTS = ("relevance", "date")
MAX_PAGE = 100  # nobody reads page 101; deep paging is refused with a message
EXACT_BOOST = 20.0  # exact title, 文号 or 索引号
TITLE_BOOST = 3.0


@dataclass
class IndexDoc:
    """What is searchable about one published document (one row of the search table)."""

    id: int
    title: str
    body: str = ""  # plain text
    doc_number: str = ""  # 文号, stored form 〔〕
    index_number: str = ""  # 索引号
    attachments: str = ""  # text extracted from attachments
    keywords: str = ""  # 关键词/主题词, and for a 政策解读 the title of the document it explains
    agency_path: str = ""  # materialised path "/1/4/"
    category: str = ""  # 主题分类
    genre: str = ""  # 体裁
    validity: str = ""  # 效力状态
    published_at: datetime | None = None
    written_on: date | None = None
    tokens: Analysed | None = None  # pre-analysed (bulk rebuilds, benchmarks)

    @property
    def year(self) -> int | None:
        when = self.published_at or self.written_on
        return when.year if when else None

    @property
    def timestamp(self) -> int:
        return int(self.published_at.timestamp()) if self.published_at else 0

    @property
    def agency_prefixes(self) -> list[str]:
        """ "/1/4/" → ["/1/", "/1/4/"]: a document belongs to every agency above it."""
        parts = [p for p in self.agency_path.split("/") if p]
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


@dataclass
class Analysed:
    """The token lists a document is indexed under."""

    title: list[str]
    text: list[str]  # body, attachments, keywords, numbers
    exact: list[str]  # keyword forms: title, 文号, 索引号


def analyse(doc: IndexDoc) -> Analysed:
    if doc.tokens is not None:
        return doc.tokens
    exact = [analysis.keyword(doc.title)]
    numbers = []
    for number in (doc.doc_number, doc.index_number):
        if number:
            exact.append(analysis.keyword(number))
            numbers.append(analysis.keyword(number))
    text = analysis.index_tokens(doc.body)
    for extra in (doc.attachments, doc.keywords):
        text.extend(analysis.index_tokens(extra))
    text.extend(numbers)
    return Analysed(title=analysis.index_tokens(doc.title), text=text, exact=exact)


@dataclass
class Filters:
    """Narrowing a search: agency (with its subtree), 主题分类, 体裁, year, 效力状态."""

    agency_path: str = ""
    category: str = ""
    genre: str = ""
    year: int | None = None
    validity: str = ""
    published_before: float | None = None  # Unix time: scheduled documents stay hidden until then

    def __bool__(self) -> bool:
        return bool(self.agency_path or self.category or self.genre or self.year or self.validity)


@dataclass
class Hit:
    id: int
    score: float
    title_html: str = ""
    snippet_html: str = ""


@dataclass
class SearchResult:
    query: AnalyzedQuery
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    total_is_estimate: bool = False  # "about N": the backend estimated rather than counted
    message: str = ""  # e.g. the query was converted from traditional script

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, (self.total + self.page_size - 1) // self.page_size)


class SearchBackend(abc.ABC):
    """Add/replace, delete, search, clear, count. Writes are visible to ``search`` after ``commit``."""

    name = "base"

    @abc.abstractmethod
    def add(self, docs: Iterable[IndexDoc]) -> int:
        """Index (or re-index) documents; return how many."""

    @abc.abstractmethod
    def delete(self, ids: Iterable[int]) -> None: ...

    @abc.abstractmethod
    def clear(self) -> None: ...

    @abc.abstractmethod
    def count(self) -> int: ...

    def commit(self) -> None:
        """Make writes visible (no-op where writes are transactional)."""
        return None

    def close(self) -> None:
        """Release files and connections."""
        return None

    @abc.abstractmethod
    def query_ids(
        self, query: AnalyzedQuery, filters: Filters, sort: str, offset: int, limit: int
    ) -> tuple[list[tuple[int, float]], int, bool]:
        """The raw backend query: ``([(id, score)], total, total_is_estimate)``."""

    @abc.abstractmethod
    def texts(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """``{id: (title, body-and-attachments)}`` for highlighting."""

    def search(
        self,
        query: str | AnalyzedQuery,
        filters: Filters | None = None,
        sort: str = "relevance",
        page: int = 1,
        page_size: int = 10,
    ) -> SearchResult:
        """Analyse, query, highlight. Raises :class:`~gongkai.search.analysis.QueryError` (Chinese)."""
        aq = query if isinstance(query, AnalyzedQuery) else analysis.analyze_query(query)
        if sort not in SORTS:
            raise analysis.QueryError("排序方式只能是“相关度”或“日期”。")
        if page < 1 or page > MAX_PAGE:
            raise analysis.QueryError(f"页码应在1到{MAX_PAGE}之间。")
        page_size = max(1, min(page_size, 50))
        scored, total, estimated = self.query_ids(
            aq, filters if filters is not None else Filters(), sort, (page - 1) * page_size, page_size
        )
        texts = self.texts([doc_id for doc_id, _ in scored])
        terms = aq.terms
        hits = []
        for doc_id, score in scored:
            title, body = texts.get(doc_id, ("", ""))
            hits.append(Hit(doc_id, score, analysis.highlight(title, terms), analysis.snippet(body, terms)))
        message = f"已按简体“{aq.text}”检索。" if aq.converted else ""
        return SearchResult(aq, hits, total, page, page_size, estimated, message)
