"""The embedded backend: a tantivy index in a directory (嵌入式检索，默认).

Tokens come from :mod:`gongkai.search.analysis` and are indexed space-joined with tantivy's
whitespace tokenizer. Ranking is BM25 (title words weigh ``TITLE_BOOST``), plus a large boost for
an exact title, 文号 or 索引号; tantivy's block-max WAND keeps common words cheap. Filters are
zero-score clauses; sorting by date uses a fast field.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy

from ..analysis import AnalyzedQuery
from .base import EXACT_BOOST, TITLE_BOOST, Filters, IndexDoc, SearchBackend, analyse

_Q = tantivy.Query
_MUST, _SHOULD = tantivy.Occur.Must, tantivy.Occur.Should


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", stored=True, indexed=True, fast=True)
    b.add_text_field("title", tokenizer_name="ws", index_option="freq")
    b.add_text_field("text", tokenizer_name="ws", index_option="freq")
    for name in ("exact", "agency", "category", "genre", "validity"):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("year", indexed=True, fast=True)
    b.add_integer_field("published", indexed=True, fast=True)
    b.add_bytes_field("title_store", stored=True)
    b.add_bytes_field("body_store", stored=True)
    return b.build()


class EmbeddedBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, path: str | Path | None = None, heap_bytes: int = 128_000_000, threads: int = 0):
        """``path=None`` keeps the index in memory (tests)."""
        self.schema = _schema()
        if path is not None:
            Path(path).mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        else:
            self.index = tantivy.Index(self.schema)
        self.index.register_tokenizer(
            "ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        self._heap, self._threads = heap_bytes, threads
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()

    # --- writing ---------------------------------------------------------------------------
    def _w(self) -> tantivy.IndexWriter:
        """The writer; another process holding the index lock is waited for (up to ~2 s)."""
        attempt = 0
        while self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=self._heap, num_threads=self._threads)
            except ValueError:
                attempt += 1
                if attempt > 20:
                    raise
                time.sleep(0.1)
        return self._writer

    def add(self, docs: Iterable[IndexDoc], replace: bool = True) -> int:
        """``replace=False`` skips the delete-by-id (bulk loads into an empty index)."""
        n = 0
        with self._lock:
            writer = self._w()
            for doc in docs:
                tokens = analyse(doc)
                if replace:
                    writer.delete_documents_by_term("id", doc.id)
                tdoc = tantivy.Document()
                tdoc.add_integer("id", doc.id)
                tdoc.add_text("title", " ".join(tokens.title))
                tdoc.add_text("text", " ".join(tokens.title + tokens.text))
                for value in tokens.exact:
                    tdoc.add_text("exact", value)
                for prefix in doc.agency_prefixes:
                    tdoc.add_text("agency", prefix)
                for name in ("category", "genre", "validity"):
                    if getattr(doc, name):
                        tdoc.add_text(name, getattr(doc, name))
                tdoc.add_integer("year", doc.year or 0)
                tdoc.add_integer("published", doc.timestamp)
                tdoc.add_bytes("title_store", doc.title.encode())
                body = "\n".join(part for part in (doc.body, doc.attachments) if part)
                tdoc.add_bytes("body_store", body.encode())
                writer.add_document(tdoc)
                n += 1
        return n

    def delete(self, ids: Iterable[int]) -> None:
        with self._lock:
            writer = self._w()
            for doc_id in ids:
                writer.delete_documents_by_term("id", int(doc_id))

    def commit(self) -> None:
        """Commit, make it searchable, then release the writer lock so other processes can write.

        The searcher is reloaded right after the commit, before waiting for the segment merges the
        commit may have started: a merge can take longer than the commit itself, and a published
        document must not wait for it to be found (the 1-second goal of docs/benchmarks.md)."""
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                self.index.reload()
                self._writer.wait_merging_threads()
                self._writer = None
                return
        self.index.reload()

    def rollback(self) -> None:
        """Drop uncommitted writes and release the writer."""
        with self._lock:
            if self._writer is not None:
                self._writer.rollback()
                self._writer = None

    def clear(self, commit: bool = True) -> None:
        """Delete everything; with ``commit=False`` readers keep the old index until ``commit()``."""
        with self._lock:
            self._w().delete_all_documents()
        if commit:
            self.commit()

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None

    def count(self) -> int:
        return self.index.searcher().num_docs

    # --- searching -------------------------------------------------------------------------
    def _term(self, field: str, value) -> tantivy.Query:
        return _Q.term_query(self.schema, field, value, index_option="basic")

    def build_query(self, aq: AnalyzedQuery, filters: Filters) -> tantivy.Query:
        # Every word group must occur in ``text`` (which includes the title): a plain intersection
        # of posting lists. Title occurrences only add score.
        clauses = []
        for group in aq.groups:
            terms = [_Q.term_query(self.schema, "text", word, index_option="freq") for word in group]
            clauses.append(
                (_MUST, terms[0] if len(terms) == 1 else _Q.boolean_query([(_SHOULD, t) for t in terms]))
            )
            for word in group:
                clauses.append(
                    (
                        _SHOULD,
                        _Q.boost_query(
                            _Q.term_query(self.schema, "title", word, index_option="freq"), TITLE_BOOST
                        ),
                    )
                )
        clauses.append((_SHOULD, _Q.boost_query(self._term("exact", aq.exact), EXACT_BOOST)))
        for field, value in (
            ("agency", filters.agency_path),
            ("category", filters.category),
            ("genre", filters.genre),
            ("validity", filters.validity),
        ):
            if value:
                clauses.append((_MUST, _Q.const_score_query(self._term(field, value), 0.0)))
        if filters.year:
            clauses.append(
                (
                    _MUST,
                    _Q.const_score_query(
                        _Q.range_query(
                            self.schema, "year", tantivy.FieldType.Integer, filters.year, filters.year
                        ),
                        0.0,
                    ),
                )
            )
        if filters.published_before is not None:
            clauses.append(
                (
                    _MUST,
                    _Q.const_score_query(
                        _Q.range_query(
                            self.schema,
                            "published",
                            tantivy.FieldType.Integer,
                            None,
                            math.ceil(filters.published_before),
                        ),
                        0.0,
                    ),
                )
            )  # the field holds whole seconds
        return _Q.boolean_query(clauses)

    def query_ids(self, query, filters, sort, offset, limit):
        searcher = self.index.searcher()
        q = self.build_query(query, filters)
        # Top-k without counting keeps block-max WAND pruning; the count runs on a constant-score
        # copy of the query, which skips BM25 entirely.
        if sort == "date":
            result = searcher.search(q, limit=limit, offset=offset, count=False, order_by_field="published")
        else:
            result = searcher.search(q, limit=limit, offset=offset, count=False)
        total = searcher.search(_Q.const_score_query(q, 1.0), limit=1, count=True).count
        hits = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            hits.append((doc.get_first("id"), float(score)))
        return hits, total, False

    def texts(self, ids):
        if not ids:
            return {}
        searcher = self.index.searcher()
        out = {}
        q = _Q.term_set_query(self.schema, "id", list(ids))
        for _score, address in searcher.search(q, limit=len(ids), count=False).hits:
            doc = searcher.doc(address)
            out[doc.get_first("id")] = (
                bytes(doc.get_first("title_store")).decode(),
                bytes(doc.get_first("body_store")).decode(),
            )
        return out
