"""Use cases of proactive disclosure, each one transaction that checks permissions, changes state
and writes the audit trail: create and edit drafts, the review workflow, publication with a
gap-free 索引号, withdrawal, validity changes, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.core.counters import lock_counter, take_next
from gongkai.core.files import save_atomically
from gongkai.core.times import local_iso
from gongkai.rules.numbers import NumberError, parse_document_number, parse_index_number

from . import signals
from .models import Attachment, Document, IndexCounter, State, Validity
from .sanitize import body_html
from .uploads import check_attachment
from .workflow import TRANSITIONS

EDITABLE_FIELDS = (
    "title",
    "body",
    "summary",
    "publisher",
    "category",
    "genre",
    "written_on",
    "changed_on",
    "expires_on",
    "doc_number",
    "keywords",
    "disclosure_mode",
    "non_disclosure_basis",
    "regulatory_kind",
    "interprets",
    "validity",
)


def prepare(document: Document) -> None:
    """Normalise and validate metadata before saving (raises ValidationError in Chinese)."""
    errors: dict[str, str] = {}
    document.body = body_html(document.body)
    if not document.publisher:
        document.publisher = document.agency.name
    if document.doc_number:
        try:
            parsed = parse_document_number(document.doc_number)
        except NumberError as exc:
            errors["doc_number"] = str(exc)
        else:
            document.doc_number = str(parsed)
            document.doc_number_organ, document.doc_number_year = parsed.organ, parsed.year
            document.doc_number_serial = parsed.serial
    else:
        document.doc_number_organ, document.doc_number_year, document.doc_number_serial = "", None, ""
    if document.disclosure_mode == "not_disclosed" and not document.non_disclosure_basis.strip():
        errors["non_disclosure_basis"] = "不予公开的信息须写明法律依据"
    if document.expires_on and document.written_on and document.expires_on < document.written_on:
        errors["expires_on"] = "废止日期不能早于成文日期"
    if document.validity == Validity.AMENDED and not document.amended_by_id:
        errors["amended_by"] = "效力状态为“已修订”时须关联修订后的文件"
    if document.interprets_id and document.interprets_id == document.pk:
        errors["interprets"] = "政策解读不能关联其本身"
    if errors:
        raise ValidationError(errors)
    document.publish_due_on = publish_due_on(document)


def publish_due_on(document: Document) -> dt.date | None:
    """Art. 26: publish within 20 working days of the information being formed or changed."""
    from gongkai.workdays.calendar import holiday_table

    start = document.clock_start
    if start is None:
        return None
    # A start late in the year may run into a year whose holidays are not entered: the earliest
    # possible date (weekends only) is kept and recounted when that year is entered.
    return holiday_table().deadline(start, 20).value


def _require_role(user, document: Document, *roles: str) -> None:
    require_own_agency(user, document.agency_id)
    if not user.has_role(*roles):
        raise PermissionDenied("您没有执行此操作的权限")


@transaction.atomic
def create_document(user, agency, data: dict) -> Document:
    require_own_agency(user, agency, Role.EDITOR)
    document = Document(agency=agency, created_by=user, state=State.DRAFT)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(document, field, data[field])
    prepare(document)
    document.save()
    record(document, "create", actor=user, to_state=document.state)
    return document


@transaction.atomic
def update_document(user, document: Document, data: dict) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_role(user, document, Role.EDITOR)
    if document.state != State.DRAFT:
        raise ValidationError("只有草稿可以修改；已提交的信息请先退回")
    changed = []
    for field in EDITABLE_FIELDS:
        if field in data and getattr(document, field) != data[field]:
            setattr(document, field, data[field])
            changed.append(field)
    prepare(document)
    document.save()
    if changed:
        record(
            document,
            "edit",
            actor=user,
            from_state=document.state,
            to_state=document.state,
            data={"fields": changed},
        )
    return document


def next_index_number(document: Document, year: int) -> tuple[str, int]:
    """Take the next serial of the agency's year under a row lock (gap-free: the serial is only
    consumed if the publishing transaction commits)."""
    serial = take_next(lock_counter(IndexCounter, document.agency_id, year))
    return document.agency.format_index_number(year, serial), serial


@transaction.atomic
def transition(
    user, document: Document, action: str, *, reason: str = "", publish_at: dt.datetime | None = None
) -> Document:
    """Apply a workflow action (see :mod:`.workflow`) with its checks, audit record and signals."""
    try:
        t = TRANSITIONS[action]
    except KeyError:
        raise ValidationError(f"未知操作：{action}") from None
    document = Document.objects.select_for_update(of=("self",)).select_related("agency").get(pk=document.pk)
    _require_role(user, document, *t.roles)
    if document.state not in t.sources:
        raise ValidationError(f"当前状态为“{document.get_state_display()}”，不能{t.label}")
    if t.not_by_author and document.created_by_id == user.pk:
        raise ValidationError("保密审查须由起草人以外的审查人员进行")
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise ValidationError(f"{t.label}须填写理由")
    source = document.state
    data: dict = {}
    now = timezone.now()
    if action == "publish":
        when = publish_at or now
        if publish_at and publish_at < now - dt.timedelta(minutes=1):
            raise ValidationError("定时发布时间不能早于当前时间")
        document.published_at = when
        if not document.index_number:
            year = timezone.localtime(when).year
            document.index_number, document.index_serial = next_index_number(document, year)
            document.index_year = year
        data = {
            "published_at": local_iso(when),
            "index_number": document.index_number,
            "scheduled": bool(publish_at and publish_at > now),
        }
    elif action == "withdraw":
        document.withdrawn_at, document.withdrawn_reason = now, reason
    elif action == "reject" or action == "approve":
        document.review_note = reason
    elif action == "confirm_import":  # published on the old site already: its own date and 索引号 stay
        data = {"published_at": local_iso(document.published_at), "index_number": document.index_number}
    document.state = t.target
    document.save()
    record(document, action, actor=user, from_state=source, to_state=t.target, reason=reason, data=data)
    if t.target == State.PUBLISHED:
        signals.document_published.send(sender=Document, document=document)
    elif action == "withdraw":
        signals.document_withdrawn.send(sender=Document, document=document)
    elif action == "reject":
        signals.document_returned.send(sender=Document, document=document, reason=reason)
    return document


@transaction.atomic
def change_validity(
    user,
    document: Document,
    validity: str,
    *,
    on: dt.date | None = None,
    amended_by: Document | None = None,
    reason: str = "",
) -> Document:
    """Mark a published document 失效/废止/已修订; its public page then says so."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_role(user, document, Role.EDITOR, Role.AGENCY_ADMIN)
    if validity not in Validity.values:
        raise ValidationError("未知的效力状态")
    if amended_by is not None and amended_by.agency_id != document.agency_id:
        raise ValidationError("修订后的文件须为本机关发布的信息")
    before = document.validity
    document.validity = validity
    document.amended_by = amended_by if validity == Validity.AMENDED else None
    if validity in (Validity.REPEALED, Validity.EXPIRED):
        document.expires_on = on or timezone.localdate()
    prepare(document)
    document.save()
    record(
        document,
        "change_validity",
        actor=user,
        from_state=before,
        to_state=validity,
        reason=reason,
        data={"on": (on or timezone.localdate()).isoformat()},
    )
    return document


@transaction.atomic
def add_attachment(user, document: Document, name: str, data: bytes) -> Attachment:
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_role(user, document, Role.EDITOR)
    if document.state != State.DRAFT:
        raise ValidationError("只有草稿可以添加附件")
    kind = check_attachment(name, data, settings.GONGKAI_MAX_ATTACHMENT_BYTES)
    attachment = Attachment(
        document=document,
        name=name[:200],
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    save_atomically(attachment.file, name, data)  # whole or not at all, also if the worker dies
    attachment.save()
    record(
        document,
        "attach",
        actor=user,
        from_state=document.state,
        to_state=document.state,
        data={"attachment": attachment.name, "kind": kind, "size": len(data)},
    )
    _queue_extraction(attachment.pk)
    return attachment


@transaction.atomic
def remove_attachment(user, attachment: Attachment) -> None:
    """Take an attachment off a draft (a published document's files stay as published)."""
    document = Document.objects.select_for_update().get(pk=attachment.document_id)
    _require_role(user, document, Role.EDITOR)
    if document.state != State.DRAFT:
        raise ValidationError("只有草稿可以删除附件")
    attachment.delete()
    record(
        document,
        "detach",
        actor=user,
        from_state=document.state,
        to_state=document.state,
        data={"attachment": attachment.name, "sha256": attachment.sha256},
    )


def _queue_extraction(attachment_id: int) -> None:
    """The attachment's search text is extracted off the request (a PDF takes seconds), once the
    upload has committed: by a worker, or a thread of the demo server."""
    from gongkai.core import background

    from .tasks import extract_attachment_text

    background.submit(extract_attachment_text, attachment_id)


def check_index_number(agency, text: str) -> tuple[int, int]:
    """Validate an existing 索引号 (from an import) against the agency's pattern."""
    parsed = parse_index_number(text, agency.index_pattern)
    if parsed.code != agency.code:
        raise NumberError(f"索引号“{text}”的机构代码{parsed.code}与本机关代码{agency.code}不符")
    return parsed.year, parsed.serial
