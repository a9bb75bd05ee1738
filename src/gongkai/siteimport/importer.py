"""One document page of an old site → a document of the agency (created, updated or unchanged), in
its own transaction; what goes wrong is the page's failure reason (Chinese), never the run's end.

The document keeps what the old site published: its 索引号, 文号, 成文/发布/废止日期 and 效力状态,
with ``source_url``. It is published at once when the agency says its documents were published by
the old site ("已由原网站发布"), else it waits as 迁移待核对 for the light review
(:mod:`gongkai.disclosure.workflow`, ``confirm_import``). Attachments pass the upload check of every
upload (:mod:`gongkai.core.uploads`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from lxml import html as lxml_html

from gongkai.audit.services import record
from gongkai.core.counters import lock_counter
from gongkai.core.files import save_atomically
from gongkai.core.uploads import UploadError, check_attachment
from gongkai.disclosure import signals
from gongkai.disclosure.models import (
    Attachment,
    Category,
    DisclosureMode,
    Document,
    Genre,
    IndexCounter,
    State,
    Validity,
)
from gongkai.disclosure.services import check_index_number, next_index_number, prepare
from gongkai.rules.column_mapping import genre_from_title
from gongkai.rules.numbers import NumberError
from gongkai.rules.validity import AMENDED, unknown_warning

from .classify import column_of
from .models import ImportedAttachment, ImportItem, ImportRun, Outcome, skips_review
from .page import PageRecord

# The fields an import sets (and an update compares, and undo restores).
FIELDS = (
    "title",
    "body",
    "publisher",
    "category_id",
    "genre_id",
    "written_on",
    "published_at",
    "expires_on",
    "doc_number",
    "index_number",
    "keywords",
    "validity",
)
DATE_FIELDS = ("written_on", "expires_on")


class PageFailed(Exception):
    """The page cannot be imported; the message (Chinese) is its reason in the report."""


def import_key(url: str) -> str:
    return hashlib.sha256(f"site|{url}".encode()).hexdigest()


def _aware(when: dt.datetime) -> dt.datetime:
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def absolute_links(body_html: str, base: str) -> str:
    """Links of a body moved off its site point back at the old site, never at a missing path here."""
    if not body_html.strip():
        return body_html
    tree = lxml_html.fragment_fromstring(body_html, create_parent="div")
    tree.make_links_absolute(base, resolve_base_href=False)
    inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in tree)
    return (tree.text or "") + inner


def precheck(rec: PageRecord) -> str:
    """Why the page cannot be imported, as far as the page alone tells ("" if nothing); the dry run
    lists these too."""
    if not rec.metadata.title:
        return "页面上没有信息名称（标题）"
    if rec.metadata.published is None:
        return "页面上没有发布日期"
    if len(rec.url) > 200:
        return "原网址超过200个字符，无法保存"
    return ""


def duplicate_key(rec: PageRecord) -> str:
    """Two addresses of one document: the same 索引号, or the same title, date and 文号."""
    m = rec.metadata
    if m.index_number:
        return f"索引号 {m.index_number}"
    return f"{m.title}|{m.published.date() if m.published else ''}|{m.doc_number}"


def duplicate_reason(rec: PageRecord, seen: dict[str, str]) -> str:
    key = duplicate_key(rec)
    if key not in seen:
        return ""
    what = "索引号" if rec.metadata.index_number else "标题、发布日期和文号"
    return f"与 {seen[key]} 是同一条信息（{what}相同），未重复导入"


def page_warnings(rec: PageRecord) -> list[str]:
    """What a person must check on a document the page alone raises (the dry run lists them too)."""
    m = rec.metadata
    if m.validity == AMENDED:
        return ["原网站标为“已修订”但未标明修订后的文件：已按“已修订”导入，请在本平台关联修订后的文件"]
    if m.validity_stated and not m.validity:
        return [unknown_warning(m.validity_stated)]
    return []


def _prepare(doc: Document) -> None:
    """:func:`~gongkai.disclosure.services.prepare`, except that a document its old site marked
    已修订 may come in without the amending document linked: the old page did not name it, and
    making it 有效 would tell the public it is in force (《政府网站发展指引》: the original page says
    it was amended). Editing it on the platform then asks for the link."""
    unlinked = doc.validity == Validity.AMENDED and not doc.amended_by_id
    if unlinked:
        doc.validity = Validity.VALID
    try:
        prepare(doc)
    finally:
        if unlinked:
            doc.validity = Validity.AMENDED


def _values(run: ImportRun, rec: PageRecord, mapped: dict, notes: list[str]) -> dict:
    m = rec.metadata
    problem = precheck(rec)
    if problem:
        raise PageFailed(problem)
    category = Category.objects.filter(name=mapped["主题分类"]).first()
    if category is None:
        raise PageFailed(f"主题分类“{mapped['主题分类']}”不在本平台的主题分类表中")
    genre_name = mapped.get("体裁") or genre_from_title(m.title, Genre.objects.values_list("name", flat=True))
    genre = Genre.objects.filter(name=genre_name).first() if genre_name else None
    notes.extend(page_warnings(rec))
    return {
        "title": m.title[:300],
        "body": absolute_links(rec.main.body_html, rec.url),
        "publisher": m.publisher[:100] or run.agency.name,
        "category_id": category.pk,
        "genre_id": genre.pk if genre else None,
        "written_on": m.written_on,
        "published_at": _aware(m.published),
        "expires_on": m.expires_on,
        "doc_number": m.doc_number[:60],
        "index_number": m.index_number[:60],
        "keywords": m.keywords[:200],
        "validity": m.validity or Validity.VALID,
    }


def _index(doc: Document, notes: list[str]) -> None:
    """Keep the old site's 索引号 (its serial counts in the agency's counter), or give a new one."""
    clash = (
        Document.objects.filter(index_number=doc.index_number).exclude(pk=doc.pk)
        if doc.index_number
        else None
    )
    if clash is not None and clash.exists():
        raise PageFailed(f"索引号“{doc.index_number}”已被本平台的另一条信息使用（{clash.first().title}）")
    if doc.index_number:
        try:
            doc.index_year, doc.index_serial = check_index_number(doc.agency, doc.index_number)
        except NumberError as exc:
            doc.index_year = doc.index_serial = None
            notes.append(f"索引号不符合本机关的索引号格式，原样保留（{exc}）")
            return
        counter = lock_counter(IndexCounter, doc.agency_id, doc.index_year)
        if doc.index_serial > counter.last_serial:
            counter.last_serial = doc.index_serial
            counter.save(update_fields=["last_serial"])
    else:
        year = timezone.localtime(doc.published_at).year
        doc.index_number, doc.index_serial = next_index_number(doc, year)
        doc.index_year = year
        notes.append(f"原网站未标索引号，按本机关规则编为 {doc.index_number}")


def _attach(doc: Document, rec: PageRecord, files: dict, run: ImportRun, notes: list[str]) -> list[int]:
    """Add the page's attachments the document does not have yet (by content); returns their ids.
    Each keeps the address it was linked at (:class:`~.models.ImportedAttachment`)."""
    have = {a.sha256: a for a in doc.attachments.all()}
    linked = {url for url, _ in rec.attachments}
    added = []
    for url, text in rec.attachments:
        got = files.get(url, "未下载")
        label = text or unquote(PurePosixPath(urlsplit(url).path).name)
        if isinstance(got, str):
            notes.append(f"附件“{label}”未导入：{got}")
            continue
        try:
            kind = check_attachment(unquote(urlsplit(url).path), got, settings.GONGKAI_MAX_ATTACHMENT_BYTES)
        except UploadError as exc:
            notes.append(f"附件“{label}”未导入：{exc}")
            continue
        digest = hashlib.sha256(got).hexdigest()
        if digest in have:  # the same content, kept under the address the page links it at now
            source, made = ImportedAttachment.objects.get_or_create(
                attachment=have[digest], defaults={"url": url}
            )
            if not made and source.url not in linked:
                source.url = url
                source.save(update_fields=["url"])
            continue
        name = label if label.lower().endswith(f".{kind}") else f"{label}.{kind}"
        att = Attachment(
            document=doc, name=name[:200], kind=kind, size=len(got), sha256=digest, uploaded_by=run.started_by
        )
        save_atomically(att.file, name, got)
        att.save()
        ImportedAttachment.objects.create(attachment=att, url=url)
        have[digest] = att
        added.append(att.pk)
    if added:
        from gongkai.disclosure.services import _queue_extraction

        for pk in added:
            _queue_extraction(pk)
    return added


def _detach_gone(doc: Document, rec: PageRecord, files: dict, notes: list[str]) -> list[dict]:
    """Take off the imported attachments the page no longer has: its link is gone, or the same
    address now serves other content (added by :func:`_attach` beside it). One whose download
    failed this time stays (it may still be there). Returns the removed rows, for undo; the
    document's save that follows re-indexes it without their text."""
    linked = {url for url, _ in rec.attachments}
    digests = set(doc.attachments.values_list("sha256", flat=True))
    removed = []
    for att in doc.attachments.select_related("import_source").filter(import_source__isnull=False):
        url = att.import_source.url
        got = files.get(url)
        if url in linked and not (
            isinstance(got, bytes) and hashlib.sha256(got).hexdigest() in digests - {att.sha256}
        ):
            continue
        removed.append(
            {
                "name": att.name,
                "kind": att.kind,
                "size": att.size,
                "sha256": att.sha256,
                "file": att.file.name,
                "text": att.text,
                "url": url,
                "uploaded_by": att.uploaded_by_id,
            }
        )
        why = "原网页已不再链接" if url not in linked else "原网址上的文件已更换"
        notes.append(f"附件“{att.name}”已删除：{why}")
        att.delete()
    return removed


def put_back(doc: Document, removed: list[dict]) -> None:
    """Undo of :func:`_detach_gone`: the attachments as they were (their files were kept)."""
    for row in removed:
        att = Attachment(
            document=doc,
            name=row["name"],
            kind=row["kind"],
            size=row["size"],
            sha256=row["sha256"],
            text=row.get("text", ""),
            uploaded_by_id=row.get("uploaded_by"),
        )
        att.file.name = row["file"]
        att.save()
        ImportedAttachment.objects.create(attachment=att, url=row["url"])


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def restore(doc: Document, previous: dict) -> None:
    """Put back the fields an update changed (undo)."""
    for field, value in previous.items():
        if value is not None and field == "published_at":
            value = dt.datetime.fromisoformat(value)
        elif value is not None and field in DATE_FIELDS:
            value = dt.date.fromisoformat(value)
        setattr(doc, field, value)
    if "index_number" in previous:
        try:
            doc.index_year, doc.index_serial = check_index_number(doc.agency, doc.index_number)
        except NumberError:
            doc.index_year = doc.index_serial = None
    _prepare(doc)
    doc.save()


@transaction.atomic
def _import(run: ImportRun, rec: PageRecord, mapped: dict, files: dict, seen: dict, item: ImportItem) -> None:
    notes: list[str] = item.notes
    values = _values(run, rec, mapped, notes)
    duplicate = duplicate_reason(rec, seen)
    if duplicate:
        raise PageFailed(duplicate)
    # By import_key alone (its index; the same address imported by another agency is told apart
    # here): with the agency in the query too, SQLite walked the agency's documents for every
    # page — quadratic on a site of tens of thousands of pages.
    existing = next(
        (
            d
            for d in Document.objects.select_for_update().filter(import_key=import_key(rec.url)).order_by()
            if d.agency_id == run.agency.pk
        ),
        None,
    )
    if existing is None:
        doc = Document(
            agency=run.agency,
            import_key=import_key(rec.url),
            source_url=rec.url,
            disclosure_mode=DisclosureMode.PROACTIVE,
            state=State.PUBLISHED if skips_review(run.agency) else State.IMPORTED,
            created_by=run.started_by,
        )
        for field, value in values.items():
            setattr(doc, field, value)
        _prepare(doc)
        _index(doc, notes)
        doc.save()
        item.document, item.outcome = doc, Outcome.CREATED
        item.added_attachments = _attach(doc, rec, files, run, notes)
        record(
            doc,
            "import_site",
            actor=run.started_by,
            actor_label=run.started_by_label,
            to_state=doc.state,
            data={"run": run.pk, "source_url": rec.url, "index_number": doc.index_number},
        )
        if doc.state == State.PUBLISHED:
            signals.document_published.send(sender=Document, document=doc)
        return
    item.document = existing
    if existing.state == State.WITHDRAWN:
        item.outcome = Outcome.UNCHANGED
        notes.append("本平台上已撤回，未按原网站更新")
        return
    probe = Document(agency=run.agency, pk=existing.pk, amended_by_id=existing.amended_by_id)
    for field, value in values.items():
        setattr(probe, field, value)
    _prepare(probe)
    new = {f: getattr(probe, f) for f in FIELDS}
    if not values["index_number"]:
        new["index_number"] = existing.index_number  # the number given at the first import stays
    changed = {f: _plain(getattr(existing, f)) for f in FIELDS if getattr(existing, f) != new[f]}
    for field in changed:
        setattr(existing, field, new[field])
    if "index_number" in changed:
        _index(existing, notes)
    added = _attach(existing, rec, files, run, notes)
    removed = _detach_gone(existing, rec, files, notes)
    if not changed and not added and not removed:
        item.outcome = Outcome.UNCHANGED
        return
    _prepare(existing)
    existing.save()  # after the attachments changed: the search entry follows them
    item.outcome, item.previous, item.added_attachments = Outcome.UPDATED, changed, added
    item.removed_attachments = removed
    record(
        existing,
        "import_site_update",
        actor=run.started_by,
        actor_label=run.started_by_label,
        from_state=existing.state,
        to_state=existing.state,
        data={
            "run": run.pk,
            "fields": sorted(changed),
            "attachments": len(added),
            "attachments_removed": [r["name"] for r in removed],
        },
    )


def import_page(run: ImportRun, rec: PageRecord, mapped: dict, files: dict, seen: dict) -> ImportItem:
    item = ImportItem(
        run=run, url=rec.url, title=rec.title[:300], column=column_of(rec), outcome=Outcome.FAILED
    )
    item.notes = []
    try:
        _import(run, rec, mapped, files, seen, item)
    except PageFailed as exc:
        item.outcome, item.reason, item.document = Outcome.FAILED, str(exc), None
    except ValidationError as exc:
        item.outcome, item.document = Outcome.FAILED, None
        item.reason = "；".join(
            m for msgs in getattr(exc, "message_dict", {"": exc.messages}).values() for m in msgs
        )
    except IntegrityError:
        item.outcome, item.reason, item.document = (
            Outcome.FAILED,
            "与本平台已有的信息冲突（索引号重复）",
            None,
        )
    if item.outcome == Outcome.FAILED:
        item.added_attachments, item.previous, item.removed_attachments = [], {}, []
    else:
        seen[duplicate_key(rec)] = rec.url
    item.save()
    return item
