"""Search as the rest of the project sees it (检索服务): keep the index in step with publication,
and answer portal searches with the metadata line of each hit.

* :func:`index_document` / :func:`remove_document` run inside the publishing or withdrawing
  transaction (they are connected to ``post_save``/``post_delete`` of ``Document``, see
  ``apps.py``). They write the search table row (``models.SearchEntry``) — with PostgreSQL that
  row carries the index itself; with the embedded backend the tantivy index is updated after
  commit (a Celery task, eager in development) and its hits are always filtered against the
  table, so a withdrawn document disappears in the same transaction.
* The backend is chosen by ``settings.GONGKAI_SEARCH_BACKEND``: ``"embedded"`` (default, tantivy
  files in ``settings.HOME / "search"`` or ``settings.GONGKAI_SEARCH_DIR``) or ``"postgres"``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import analysis
from .backends.base import Filters, IndexDoc, SearchBackend, SearchResult

EMBEDDED, POSTGRES = "embedded", "postgres"
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|tr|td|th|h[1-6]|blockquote|table|pre)>")
_embedded: dict[Path, SearchBackend] = {}
_lock = threading.Lock()


class SearchConfigurationError(RuntimeError):
    pass


def backend_name() -> str:
    name = getattr(settings, "GONGKAI_SEARCH_BACKEND", EMBEDDED)
    if name not in (EMBEDDED, POSTGRES):
        raise SearchConfigurationError(f"GONGKAI_SEARCH_BACKEND 应为 embedded 或 postgres，而不是 {name!r}")
    if name == POSTGRES and connection.vendor != "postgresql":
        raise SearchConfigurationError(
            "GONGKAI_SEARCH_BACKEND=postgres 需要 PostgreSQL 数据库（GONGKAI_DB=postgres）"
        )
    return name


def index_dir() -> Path:
    return Path(getattr(settings, "GONGKAI_SEARCH_DIR", None) or settings.HOME / "search")


def get_backend() -> SearchBackend:
    if backend_name() == POSTGRES:
        from .backends.postgres import PostgresBackend

        return PostgresBackend(connection.cursor)
    from .backends.embedded import EmbeddedBackend

    path = index_dir()
    with _lock:
        if path not in _embedded:
            _embedded[path] = EmbeddedBackend(path, heap_bytes=50_000_000, threads=1)
        return _embedded[path]


def plain_text(html: str) -> str:
    """Sanitised body HTML → text, one line per block."""
    from selectolax.lexbor import LexborHTMLParser

    if not html:
        return ""
    node = LexborHTMLParser(_BLOCK_END.sub(lambda m: m.group(0) + "\n", html)).body
    return node.text(separator="").strip() if node is not None else ""


def is_searchable(doc) -> bool:
    """Published and proactively disclosed (a scheduled time is checked at query time)."""
    from gongkai.disclosure.models import DisclosureMode, State

    return (
        doc.state == State.PUBLISHED
        and doc.disclosure_mode == DisclosureMode.PROACTIVE
        and bool(doc.published_at)
    )


def to_index_doc(doc) -> IndexDoc:
    extra = [doc.keywords, doc.summary]
    if doc.interprets_id and doc.interprets is not None:
        extra.append(doc.interprets.title)  # a 政策解读 is found by the policy it explains
    return IndexDoc(
        id=doc.pk,
        title=doc.title,
        body=plain_text(doc.body),
        doc_number=doc.doc_number,
        index_number=doc.index_number,
        attachments="\n".join(a.text for a in doc.attachments.all() if a.text),
        keywords=" ".join(x for x in extra if x),
        agency_path=doc.agency.path,
        category=doc.category.code if doc.category_id else "",
        genre=doc.genre.name if doc.genre_id else "",
        validity=doc.validity,
        written_on=doc.written_on,
        published_at=timezone.localtime(doc.published_at) if doc.published_at else None,
    )  # local year


def _entry_fields(entry: IndexDoc) -> dict:
    return {
        "title": entry.title,
        "body": "\n".join(p for p in (entry.body, entry.attachments) if p),
        "agency_path": entry.agency_path,
        "category": entry.category,
        "genre": entry.genre,
        "validity": entry.validity,
        "year": entry.year,
        "published_at": entry.published_at,
    }


def _fresh(doc):
    from gongkai.disclosure.models import Document

    return (
        Document.objects.select_related("agency", "category", "genre", "interprets")
        .prefetch_related("attachments")
        .filter(pk=doc.pk if hasattr(doc, "pk") else doc)
        .first()
    )


def index_document(doc) -> None:
    """Make the search table follow ``doc`` (call inside the transaction that changed it)."""
    fresh = _fresh(doc)
    if fresh is None or not is_searchable(fresh):
        remove_document(doc)
        return
    entry = to_index_doc(fresh)
    if backend_name() == POSTGRES:
        get_backend().add([entry])
        return
    from .models import SearchEntry

    SearchEntry.objects.update_or_create(document_id=entry.id, defaults=_entry_fields(entry))
    _after_commit(entry.id)


def remove_document(doc) -> None:
    """Take ``doc`` out of search, effective when the caller's transaction commits."""
    from .models import SearchEntry

    doc_id = doc.pk if hasattr(doc, "pk") else int(doc)
    deleted, _ = SearchEntry.objects.filter(document_id=doc_id).delete()
    if deleted and backend_name() == EMBEDDED:  # drafts were never indexed: nothing to do
        _after_commit(doc_id)


def _after_commit(doc_id: int) -> None:
    """Once the change has committed: the writer queue of this process (a single machine without a
    worker, :mod:`.writer`), else the ``sync_embedded_index`` task (a worker; inline in tests)."""
    from gongkai.core.background import enqueue, mode

    from .tasks import sync_embedded_index

    if mode() == "thread":
        from .writer import queue_for

        queue = queue_for(index_dir())
        transaction.on_commit(lambda: queue.submit([doc_id]))
        return
    transaction.on_commit(lambda: enqueue(sync_embedded_index, [doc_id]))


def sync_embedded(ids: list[int]) -> int:
    """Bring the tantivy index in line with the search table for ``ids`` (run after commit)."""
    from .models import SearchEntry

    backend = get_backend()
    live = set(SearchEntry.objects.filter(document_id__in=ids).values_list("document_id", flat=True))
    docs = [to_index_doc(d) for d in (_fresh(i) for i in live) if d is not None]
    backend.delete([i for i in ids if i not in live])
    backend.add(docs)
    backend.commit()
    return len(docs)


@dataclass
class PortalHit:
    id: int
    title_html: str
    snippet_html: str
    document: object
    url: str = ""
    doc_number_html: str = ""
    index_number_html: str = ""

    def as_json(self) -> dict:
        d = self.document
        return {
            "id": self.id,
            "url": self.url,
            "title": d.title,
            "title_html": self.title_html,
            "snippet_html": self.snippet_html,
            "agency": d.agency.name,
            "doc_number": d.doc_number,
            "index_number": d.index_number,
            "category": d.category.name if d.category_id else "",
            "genre": d.genre.name if d.genre_id else "",
            "validity": d.get_validity_display(),
            "written_on": d.written_on.isoformat() if d.written_on else None,
            "published_at": timezone.localtime(d.published_at).date().isoformat() if d.published_at else None,
            "interprets": d.interprets.title if d.interprets_id and d.interprets else None,
        }


@dataclass
class PortalResult:
    result: SearchResult
    hits: list[PortalHit] = field(default_factory=list)


def search(
    query: str, filters: Filters | None = None, sort: str = "relevance", page: int = 1, page_size: int = 10
) -> PortalResult:
    """Search public documents; raises ``QueryError`` with a Chinese message for unusable queries."""
    from django.urls import reverse

    from gongkai.disclosure.models import Document

    from .models import SearchEntry

    filters = filters or Filters()
    filters.published_before = timezone.now().timestamp()
    result = get_backend().search(query, filters, sort, page, page_size)
    ids = [h.id for h in result.hits]
    if backend_name() == EMBEDDED:  # the table, not the index, decides what is public
        live = set(SearchEntry.objects.filter(document_id__in=ids).values_list("document_id", flat=True))
        result.hits = [h for h in result.hits if h.id in live]
    docs = Document.objects.public().select_related("agency", "category", "genre", "interprets").in_bulk(ids)
    hits = []
    terms = result.query.terms
    for h in result.hits:
        d = docs.get(h.id)
        if d is not None:
            url = reverse("portal:document", args=[d.agency.slug, d.pk])
            hits.append(
                PortalHit(
                    h.id,
                    h.title_html,
                    h.snippet_html,
                    d,
                    url,
                    analysis.highlight(d.doc_number, terms),
                    analysis.highlight(d.index_number, terms),
                )
            )
    return PortalResult(result, hits)


def warm_up() -> None:
    """Load what the first search would otherwise load (the compiled jieba dictionary with the
    government terms: about 0.5 s; stop words, synonyms, the script converter) — called once when the web
    process starts (``gongkai.wsgi``), so the first search is as fast as the next ones."""
    analysis.tokenizer()
    analysis.stop_words()
    analysis.synonyms()
    analysis.analyze_query("城乡最低生活保障")
