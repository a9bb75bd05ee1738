"""Use cases of the mailbox and of 12345 work orders, each one transaction that checks the agency and
role against :mod:`.workflow`, changes the state, writes the audit record — or changes nothing.

Deadlines come from :mod:`gongkai.rules.interaction` (working days per kind, per box); a transfer
keeps the receipt date, so the receiving agency inherits the running clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.scoping import can_change
from gongkai.applications.intake import hash_code, new_access_code
from gongkai.audit.services import record
from gongkai.core.counters import lock_counter, take_next
from gongkai.core.uploads import UploadError, check_attachment
from gongkai.rules.calendar import UnknownYearError
from gongkai.rules.interaction import INVALID_REASONS, MAX_REOPENS, RATINGS, Source, deadline_days, due_date
from gongkai.workdays.calendar import holiday_table

from .models import Access, Box, Message, MessageAttachment, MessageCounter, State
from .workflow import TRANSITIONS, WRITER

MAX_FILES = 3
MAX_PUBLIC_BYTES = 10 * 1024 * 1024


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def _due(received: dt.date, kind: str, box: Box | None) -> tuple[int, dt.date | None]:
    days = deadline_days(kind, box.deadlines if box else None)
    try:
        return days, due_date(received, kind, holiday_table(), box.deadlines if box else None)
    except UnknownYearError:
        return days, None


# -- the public's side ----------------------------------------------------------------------


def check_files(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes, str]]:
    """Every attachment checked (type read from the content, size) before anything is written."""
    if len(files) > MAX_FILES:
        raise ValidationError(f"附件最多{MAX_FILES}个")
    limit = min(MAX_PUBLIC_BYTES, settings.GONGKAI_MAX_ATTACHMENT_BYTES)
    out = []
    for name, data in files:
        try:
            out.append((name, data, check_attachment(name, data, limit)))
        except UploadError as exc:
            raise ValidationError(f"附件“{name}”：{exc}") from exc
    return out


def submit(
    box: Box, data: dict, files: list[tuple[str, bytes]] = (), *, idempotency_key: str = ""
) -> tuple[Message, str | None]:
    """A message written into ``box`` on the portal. Returns it with its 查询码 (``None`` when the
    same form was sent twice: the first message is returned)."""
    if not box.active:
        raise ValidationError("该信箱暂停受理")
    if data["kind"] not in dict(box.kind_choices()):
        raise ValidationError("该信箱不受理此类留言")
    checked = check_files(list(files))
    try:
        return _create(box, data, checked, idempotency_key)
    except IntegrityError:
        existing = Message.objects.filter(agency=box.agency, idempotency_key=idempotency_key).first()
        if idempotency_key and existing:
            return existing, None
        raise


def _create(box: Box, data: dict, files, idempotency_key: str) -> tuple[Message, str | None]:
    agency = box.agency
    with transaction.atomic():
        submitted_at = now()
        received = timezone.localtime(submitted_at).date()
        counter = lock_counter(MessageCounter, agency.pk, received.year)
        if idempotency_key:
            existing = Message.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
            if existing:
                return existing, None
        serial = take_next(counter)
        code = new_access_code()
        days, due = _due(received, data["kind"], box)
        msg = Message.objects.create(
            source=Source.MAILBOX,
            agency=agency,
            box=box,
            number=f"{agency.slug.upper()}-{received.year}-{serial:04d}",
            access_code_hash=hash_code(code),
            idempotency_key=idempotency_key,
            kind=data["kind"],
            title=data["title"],
            content=data["content"],
            name=data["name"],
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            public_ok=bool(data.get("public_ok")),
            submitted_at=submitted_at,
            received_on=received,
            deadline_days=days,
            due_on=due,
        )
        for name, content, kind in files:
            att = MessageAttachment(
                message=msg,
                name=name[:200],
                kind=kind,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            att.file.save(name, ContentFile(content), save=False)
            att.save()
        record(
            msg,
            "submit",
            actor_label="留言人（网上提交）",
            to_state=msg.state,
            data={"number": msg.number, "box": box.name, "attachments": len(files)},
        )
    return msg, code


def find_for_writer(number: str, code: str) -> Message | None:
    import hmac

    msg = Message.objects.filter(source=Source.MAILBOX, number=number.strip().upper()).first()
    if msg and msg.access_code_hash and hmac.compare_digest(msg.access_code_hash, hash_code(code)):
        return msg
    return None


@transaction.atomic
def rate(message: Message, rating: str, note: str = "") -> Message:
    """The writer rates the reply from the status page. 满意/基本满意 close the case; 不满意 reopens it
    once for a second handling (回访/二次办理), and closes it the second time."""
    msg = Message.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if rating not in RATINGS:
        raise ValidationError("请选择满意、基本满意或不满意")
    if msg.state != State.ANSWERED:
        raise ValidationError("答复后才能评价，或已评价过")
    before = msg.state
    msg.rating, msg.rating_note = rating, (note or "").strip()[:300]
    if rating == "不满意" and msg.reopened < MAX_REOPENS:
        t = TRANSITIONS["reopen"]
        msg.reopened += 1
        msg.answered_on = msg.workdays_taken = msg.on_time = None
        msg.publish_approved = False
    else:
        t = TRANSITIONS["rate"]
        msg.closed_on = today()
    msg.state = t.target
    msg.save()
    record(
        msg,
        t.action,
        actor_label="留言人",
        from_state=before,
        to_state=msg.state,
        reason=msg.rating_note,
        data={"rating": rating, "reopened": msg.reopened},
    )
    return msg


# -- staff actions ---------------------------------------------------------------------------


def _lock(user, message: Message, action: str) -> tuple[Message, object]:
    t = TRANSITIONS[action]
    msg = Message.objects.select_for_update(of=("self",)).select_related("agency", "box").get(pk=message.pk)
    if WRITER in t.roles:
        raise PermissionDenied("此操作由留言人在查询页进行")
    if not can_change(user, msg.agency_id):
        raise Http404("无此记录")
    if not can_change(user, msg.agency_id, *t.roles):
        raise PermissionDenied(f"您没有“{t.label}”的权限")
    if msg.state not in t.sources:
        raise ValidationError(f"当前状态为“{msg.get_state_display()}”，不能{t.label}")
    if t.not_by_replier and msg.replied_by_id == user.pk:
        raise ValidationError("答复须由答复人以外的领导审核")
    return msg, t


def _finish(user, msg: Message, t, before: str, reason: str = "", data: dict | None = None) -> Message:
    if t.target is not None:
        msg.state = t.target
    msg.save()
    record(msg, t.action, actor=user, from_state=before, to_state=msg.state, reason=reason, data=data or {})
    return msg


def _reason(t, reason: str) -> str:
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise ValidationError(f"{t.label}须填写理由")
    return reason[:300]


@transaction.atomic
def accept(user, message: Message) -> Message:
    msg, t = _lock(user, message, "accept")
    return _finish(user, msg, t, msg.state)


@transaction.atomic
def not_accept(user, message: Message, reason: str, note: str = "") -> Message:
    """无效留言 (重复、无实质内容、辱骂 …): not accepted, with the reason the writer will read."""
    msg, t = _lock(user, message, "not_accept")
    if reason not in INVALID_REASONS:
        raise ValidationError("请选择不予受理的理由：" + "、".join(INVALID_REASONS))
    text = reason + (f"：{note.strip()}" if note and note.strip() else "")
    before = msg.state
    msg.not_accepted_reason = text[:300]
    msg.closed_on = today()
    return _finish(user, msg, t, before, reason=text)


@transaction.atomic
def assign(user, message: Message, *, handler=None, department: str = "") -> Message:
    msg, t = _lock(user, message, "assign")
    department = (department or "").strip()[:60]
    if handler is None and not department:
        raise ValidationError("请选择承办人或填写承办部门")
    if handler is not None and (handler.agency_id != msg.agency_id or not handler.has_role(Role.HANDLER)):
        raise ValidationError("承办人须为本机关的承办人员")
    before = msg.state
    msg.handler, msg.department = handler, department
    return _finish(
        user,
        msg,
        t,
        before,
        data={"handler": handler.display_name if handler else "", "department": department},
    )


@transaction.atomic
def transfer(user, message: Message, to: Agency, reason: str) -> Message:
    """转办: the message moves to ``to`` (an agency on the platform), which handles it from now on;
    the sending agency keeps read access. The receipt date, and so the deadline, stay."""
    msg, t = _lock(user, message, "transfer")
    reason = _reason(t, reason)
    if to.pk == msg.agency_id:
        raise ValidationError("不能转办给本机关")
    before, sender = msg.state, msg.agency
    Access.objects.get_or_create(message=msg, agency=sender, defaults={"reason": "转办"})
    Access.objects.filter(message=msg, agency=to).delete()  # it now holds the message itself
    msg.agency, msg.handler, msg.department = to, None, ""
    msg = _finish(user, msg, t, before, reason=reason, data={"from": sender.name, "to": to.name})
    record(
        msg,
        "transfer_received",
        actor=user,
        agency=to,
        from_state=before,
        to_state=msg.state,
        reason=reason,
        data={"from": sender.name},
    )
    return msg


@transaction.atomic
def return_to_dispatcher(user, message: Message, reason: str) -> Message:
    """退回: the handler sends a wrongly assigned message back to the dispatcher."""
    msg, t = _lock(user, message, "return")
    reason = _reason(t, reason)
    before = msg.state
    msg.handler, msg.department = None, ""
    return _finish(user, msg, t, before, reason=reason)


@transaction.atomic
def reply(user, message: Message, text: str, unit: str = "") -> Message:
    msg, t = _lock(user, message, "reply")
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationError("答复内容过短，请写明办理情况（至少10个字）")
    before = msg.state
    msg.reply, msg.reply_unit, msg.replied_by, msg.review_note = (
        text,
        (unit or msg.agency.name)[:100],
        user,
        "",
    )
    return _finish(user, msg, t, before, data={"length": len(text)})


def _answer_figures(msg: Message, on: dt.date) -> None:
    msg.answered_on = on
    try:
        msg.workdays_taken = holiday_table().workdays_between(msg.received_on, on)
    except UnknownYearError:
        msg.workdays_taken = None
    due = msg.platform_due_on or msg.due_on
    msg.on_time = on <= due if due else None


@transaction.atomic
def review_reply(user, message: Message, approve: bool, note: str = "", *, publish: bool = False) -> Message:
    """A leader reviews the reply before it goes to the writer: approved → answered (and, when the
    writer agreed, approved for publication if ``publish``); otherwise back to the handler."""
    msg, t = _lock(user, message, "approve_reply" if approve else "reject_reply")
    note = _reason(t, note)
    before = msg.state
    msg.reviewed_by, msg.review_note = user, note
    if approve:
        _answer_figures(msg, today())
        msg.publish_approved = bool(publish and msg.public_ok)
    return _finish(user, msg, t, before, reason=note, data={"publish_approved": msg.publish_approved})


@transaction.atomic
def close(user, message: Message, note: str = "") -> Message:
    msg, t = _lock(user, message, "close")
    before = msg.state
    msg.closed_on = today()
    return _finish(user, msg, t, before, reason=(note or "").strip()[:300])


@transaction.atomic
def hide(user, message: Message, reason: str) -> Message:
    """Moderation: abusive content hidden from the public, the reason kept; nothing is deleted."""
    msg, t = _lock(user, message, "hide")
    reason = _reason(t, reason)
    if msg.hidden:
        raise ValidationError("已屏蔽")
    before = msg.state
    msg.hidden, msg.hidden_reason = True, reason
    if msg.published_at:
        from .publication import withdraw_published

        withdraw_published(user, msg, reason)
    return _finish(user, msg, t, before, reason=reason)


@transaction.atomic
def publish(user, message: Message) -> Message:
    """Publish the Q&A on the portal: only when the writer agreed (公开我的留言) and the leader
    approved it for publication at review; personal data never published (see :mod:`.publication`)."""
    from .publication import publish_reply

    msg, t = _lock(user, message, "publish")
    if not msg.public_ok:
        raise ValidationError("留言人未同意公开，不能公开")
    if not msg.publish_approved:
        raise ValidationError("审核领导未同意公开此答复")
    if msg.hidden:
        raise ValidationError("已屏蔽的留言不能公开")
    if msg.published_at:
        raise ValidationError("已公开")
    if msg.document_id_published:
        raise ValidationError("此答复已撤下公开，不能再次公开")
    before = msg.state
    doc = publish_reply(msg)
    msg.published_at, msg.document_id_published = now(), doc.pk
    return _finish(user, msg, t, before, data={"document": doc.pk, "index_number": doc.index_number})


@transaction.atomic
def unpublish(user, message: Message, reason: str) -> Message:
    from .publication import withdraw_published

    msg, t = _lock(user, message, "unpublish")
    reason = _reason(t, reason)
    before = msg.state
    withdraw_published(user, msg, reason)
    return _finish(user, msg, t, before, reason=reason)


@transaction.atomic
def save_box(user, box: Box | None, agency: Agency, data: dict) -> Box:
    """Create or change a box (kinds and deadlines); agency administrators only."""
    from gongkai.rules.interaction import DeadlineError, check_deadlines

    if not can_change(user, agency, Role.AGENCY_ADMIN):
        raise PermissionDenied("只有机关管理员可以设置信箱")
    try:
        deadlines = check_deadlines(data.get("deadlines") or {})
    except DeadlineError as exc:
        raise ValidationError(str(exc)) from exc
    if not data.get("kinds"):
        raise ValidationError("请至少选择一种受理类型")
    if box is None:
        box = Box(agency=agency)
        before = {}
    else:
        box = Box.objects.select_for_update().get(pk=box.pk, agency=agency)
        before = {"name": box.name, "kinds": box.kinds, "deadlines": box.deadlines, "active": box.active}
    box.name, box.description = data["name"].strip()[:40], data.get("description", "")
    box.kinds, box.deadlines, box.active = list(data["kinds"]), deadlines, bool(data.get("active", True))
    if Box.objects.filter(agency=agency, name=box.name).exclude(pk=box.pk).exists():
        raise ValidationError(f"已有名为“{box.name}”的信箱")
    box.save()
    record(
        box,
        "box_saved",
        actor=user,
        data={"before": before, "kinds": box.kinds, "deadlines": deadlines, "active": box.active},
    )
    return box
