"""Reading an old site's pages as the crawl brings them, with memory bounded by the number of
documents' index entries, not by their pages (issue 16: sites of tens of thousands of pages).

Each page is read (:mod:`.page`) the moment it arrives; a document page's record goes to a
:class:`~.crawl.Spool` on disk, and memory keeps one small entry per document (its sort key and
where its record lies), the columns with their counts and the attachment addresses. The import
then walks the entries in order of publication (so 索引号 given here follow the dates; the
shallower address first, so a copy deeper in the site is the duplicate) and loads one record at a
time. No Django model here.
"""

from __future__ import annotations

import errno
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

from .classify import column_of, not_a_document
from .crawl import Spool
from .page import PageRecord, read_document_page


class Reader:
    """``reader.page(url, body, content_type)`` is the crawl's ``on_page``."""

    def __init__(self, spool: Spool, *, since: date | None = None):
        self.spool, self.since = spool, since
        self.pages = 0
        self.failures: list[tuple[str, str]] = []  # (URL, reason in Chinese)
        self.columns: dict[str, list] = {}  # column → [the site's own 主题分类 (first seen), documents]
        self.attachments: set[str] = set()
        self.unknown_validity: Counter[str] = Counter()
        self._entries: list[tuple[datetime, int, str, tuple[int, int]]] = []

    def page(self, url: str, body: bytes, content_type: str) -> None:
        self.pages += 1
        try:
            rec = read_document_page(url, body, content_type)
        except Exception as exc:  # a page the parser cannot read is one failure, not the run's end
            self.failures.append((url, f"页面无法解析（{type(exc).__name__}）"))
            return
        if not_a_document(rec):
            return
        m = rec.metadata
        if self.since and m.published is not None and m.published.date() < self.since:
            return
        try:
            where = self.spool.put(rec)
        except OSError as exc:  # the spool's disk is full: this page fails, the crawl goes on
            why = "磁盘空间不足" if exc.errno == errno.ENOSPC else f"写入出错，错误号 {exc.errno}"
            self.failures.append((url, f"页面无法暂存到临时文件（{why}）"))
            return
        column = self.columns.setdefault(column_of(rec), [m.category, 0])
        column[1] += 1
        if m.validity_stated and not m.validity:
            self.unknown_validity[m.validity_stated] += 1
        self.attachments.update(u for u, _ in rec.attachments)
        self._entries.append((m.published or datetime.max, url.count("/"), url, where))

    def __len__(self) -> int:
        return len(self._entries)

    def records(self) -> Iterator[PageRecord]:
        """The document pages in order of publication, then depth and address; one in memory at a time."""
        self._entries.sort(key=lambda e: e[:3])
        for *_, where in self._entries:
            yield self.spool.get(where)
