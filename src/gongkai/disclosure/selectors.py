"""Public reads of the disclosure catalogue for other apps (the API, open data, feeds).

Every function here returns published records only (except ``published_or_withdrawn``, the
document page's own read, which shows a withdrawal notice without the content): it starts from ``Document.objects.public()``
(published, 主动公开, past its publication time — Art. 19–20, 23 of the Regulation), so a draft, a
document under 保密审查, a withdrawn or a scheduled document never leaves through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Attachment, Category, Document, Genre, State, Validity


@dataclass
class DocumentFilters:
    """What a reader may narrow the catalogue by (each empty value means no narrowing)."""

    agency_path: str = ""  # the agency and its whole subtree
    category: str = ""  # 主题分类 code
    genre: str = ""  # 体裁 name
    validity: str = ""  # 效力状态 code
    doc_number: str = ""  # part of the 文号
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    updated_since: dt.datetime | None = None


def _local_midnight(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def public_documents(filters: DocumentFilters | None = None) -> QuerySet[Document]:
    """Published documents, newest first with the id as tie-break (a stable order for paging)."""
    f = filters or DocumentFilters()
    qs = Document.objects.public()
    if f.agency_path:
        qs = qs.filter(agency__path__startswith=f.agency_path)
    if f.category:
        qs = qs.filter(category__code=f.category)
    if f.genre:
        qs = qs.filter(genre__name=f.genre)
    if f.validity:
        qs = qs.filter(validity=f.validity)
    if f.doc_number:
        qs = qs.filter(doc_number__contains=f.doc_number)
    # A day is a day in local time; compared as a range of the column itself (from local midnight
    # to the next), so the index on published_at serves it — ``__date`` would cast every row.
    if f.published_from:
        qs = qs.filter(published_at__gte=_local_midnight(f.published_from))
    if f.published_to:
        qs = qs.filter(published_at__lt=_local_midnight(f.published_to + dt.timedelta(days=1)))
    if f.updated_since:
        qs = qs.filter(updated_at__gte=f.updated_since)
    return qs.select_related("agency", "category", "genre").order_by("-published_at", "-pk")


def published() -> QuerySet[Document]:
    """Every published document, in the catalogue's default order (the portal narrows it further)."""
    return Document.objects.public()


def published_or_withdrawn() -> QuerySet[Document]:
    """Published documents and withdrawn ones that had been published: the portal's document page
    says that a withdrawn document was withdrawn (Art. 19–20: what was public stays explained)."""
    return Document.objects.public_or_withdrawn()


def is_withdrawn(doc: Document) -> bool:
    return doc.state == State.WITHDRAWN


def published_attachment(doc: Document, attachment_id: int) -> Attachment | None:
    """An attachment of ``doc``, which the caller read through :func:`published`."""
    return Attachment.objects.filter(pk=attachment_id, document=doc).first()


def iter_public_documents(filters: DocumentFilters | None = None, chunk: int = 2000) -> Iterator[Document]:
    """Every document of :func:`public_documents`, in its order, read in pages of ``chunk`` by keyset
    (published_at, id): no server-side cursor stays open across a streamed download, so a client
    that stops reading half-way leaves nothing on the connection (a PostgreSQL named cursor closed
    late, by the garbage collector, while the same connection runs another query, hangs it)."""
    qs = public_documents(filters)
    last: Document | None = None
    while True:
        page = qs
        if last is not None:
            page = qs.filter(
                Q(published_at__lt=last.published_at) | Q(published_at=last.published_at, pk__lt=last.pk)
            )
        rows = list(page[:chunk])
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1]


def public_document(pk: int) -> Document | None:
    return (
        Document.objects.public()
        .select_related("agency", "category", "genre", "amended_by", "interprets")
        .filter(pk=pk)
        .first()
    )


def public_ids(ids) -> set[int]:
    """Which of ``ids`` are public documents."""
    return set(Document.objects.public().filter(pk__in=list(ids)).values_list("pk", flat=True))


def interpretations(doc: Document) -> QuerySet[Document]:
    """The published 政策解读 of ``doc``."""
    return Document.objects.public().filter(interprets=doc).order_by("published_at", "pk")


def amends(doc: Document) -> QuerySet[Document]:
    """Published documents that ``doc`` amended (their 效力状态 is 已修订 and points here)."""
    return Document.objects.public().filter(amended_by=doc).order_by("published_at", "pk")


def validity_chain(doc: Document, limit: int = 20) -> list[Document]:
    """``doc`` and the published documents that amended it, one after another (已修订 → …)."""
    chain = [doc]
    seen = {doc.pk}
    current = doc
    while current.validity == Validity.AMENDED and current.amended_by_id and len(chain) < limit:
        nxt = public_document(current.amended_by_id)
        if nxt is None or nxt.pk in seen:
            break
        chain.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return chain


def attachments_of(doc_ids) -> dict[int, list[Attachment]]:
    """The attachments of published documents, by document id."""
    out: dict[int, list[Attachment]] = {}
    rows = Attachment.objects.filter(document__in=Document.objects.public().filter(pk__in=list(doc_ids)))
    for a in rows.order_by("pk"):
        out.setdefault(a.document_id, []).append(a)
    return out


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def genres() -> QuerySet[Genre]:
    return Genre.objects.all()


def validity_labels() -> dict[str, str]:
    return dict(Validity.choices)


def column_documents(query: Q, agency_path: str = "") -> QuerySet[Document]:
    """Published documents of a portal column (its ``Q``), optionally under one agency's subtree."""
    qs = Document.objects.public().filter(query)
    if agency_path:
        qs = qs.filter(agency__path__startswith=agency_path)
    return qs.select_related("agency", "category", "genre").distinct().order_by("-published_at", "-pk")


def agency_public_documents(agency_id: int, text: str = "", limit: int = 200) -> list[Document]:
    """An agency's own published documents (not its subtree's) whose name, 文号 or 索引号 contains
    ``text`` (a 文号 typed with [] or () is read as 〔〕), newest first; all of them without ``text``.
    For choosing what an Art. 36(一) reply points to."""
    from gongkai.rules.numbers import NumberError, normalize_document_number

    qs = Document.objects.public().filter(agency_id=agency_id)
    text = (text or "").strip()
    if text:
        try:
            number = normalize_document_number(text)
        except NumberError:
            number = text
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(doc_number__icontains=text)
            | Q(doc_number__icontains=number)
            | Q(index_number__icontains=text)
        )
    return list(qs.select_related("agency").order_by("-published_at", "-pk")[:limit])


def agency_public_by_ids(agency_id: int, ids) -> list[Document]:
    """Those of ``ids`` that are published documents of the agency itself, in the order given."""
    found = {d.pk: d for d in Document.objects.public().filter(agency_id=agency_id, pk__in=list(ids))}
    return [found[i] for i in ids if i in found]
