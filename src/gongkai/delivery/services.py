"""Use cases of giving the applicant the information (Art. 36 (二), Art. 37, Art. 40).

Each is one transaction that checks the user's agency and role, writes the audit record and changes
only what the case's state allows:

* the handler attaches the information to the reply (:func:`attach`; the upload check of
  :mod:`gongkai.core.uploads`), converts a Word or Excel file to PDF (:func:`convert_to_pdf`),
  marks what may not be disclosed and applies the redaction (:mod:`.redacting`: ``add_marks``,
  ``apply_redaction``, the engine of :mod:`.redaction`; also read here as ``services.<name>``);
* sending the signed reply letter releases the files (:func:`release_with_reply`, called by
  :func:`gongkai.applications.letters.send_reply`) — never before, and never a file from which a
  redacted copy was made: that original stays in the case file;
* what the applicant then gets — the released files, the download period, the e-mail link, the
  audit of each download — is in :mod:`.handover`;
* 送达 is recorded (:func:`record_service`).

The case locked for its handler, the refusal once sent and the storing of a file are
:mod:`.casefile`, shared with :mod:`.redacting`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications import services as app_services
from gongkai.applications.models import Application, Delivery
from gongkai.audit.services import record
from gongkai.core.masking import mask_id_number
from gongkai.core.uploads import UploadError, check_upload
from gongkai.rules import redaction_grounds

from .casefile import ROLES, lock_case, locked_file, pdf_copy, still_open, store_file  # noqa: F401 - ROLES: services.ROLES
from .handover import mask_name, send_email_link
from .models import ReplyFile, ServiceRecord
from .redacting import (  # noqa: F401 - the redaction's use cases, also read as services.<name>
    MarkResult,
    add_marks,
    apply_redaction,
    areas,
    letter_details,
    letter_explanation,
    mark_key,
    remove_marks,
)

KINDS = ("pdf", "png", "jpg", "docx", "xlsx", "ofd")
Origin = ReplyFile.Origin


def max_bytes() -> int:
    """The same limit as every attachment upload (``GONGKAI_MAX_ATTACHMENT_BYTES``)."""
    return int(settings.GONGKAI_MAX_ATTACHMENT_BYTES)


# -- attaching ----------------------------------------------------------------------------------


@transaction.atomic
def attach(user, app: Application, name: str, data: bytes, title: str = "") -> ReplyFile:
    """Attach a file of the information to the reply (Art. 36 (二)): PDF, PNG/JPEG, DOCX, XLSX or
    OFD, checked by content and size like every upload; released only when the letter is sent."""
    app = lock_case(user, app)
    still_open(app)
    try:
        kind = check_upload(name, data, max_bytes(), KINDS)
    except UploadError as exc:
        raise ValidationError(str(exc)) from None
    title = " ".join((title or name).split())[:200] or name[:200]
    row = ReplyFile(application=app, title=title, kind=kind, added_by=user)
    store_file(row, data)
    row.save()
    record(app, "attach_file", actor=user, data={"file": row.pk, "kind": kind, "sha256": row.sha256})
    return row


@transaction.atomic
def set_release(user, app: Application, pk: int, release: bool) -> ReplyFile:
    """Whether a file goes with the reply. A file with a redacted copy never does (Art. 37)."""
    app = lock_case(user, app)
    still_open(app)
    row = locked_file(user, app, pk)
    if release and row.derived.filter(origin=Origin.REDACTED).exists():
        raise ValidationError("该文件已作区分处理，只能提供区分处理后的文件，原件留存案卷")
    row.release = release
    row.save(update_fields=["release"])
    record(app, "file_release" if release else "file_kept", actor=user, data={"file": row.pk})
    return row


@transaction.atomic
def remove(user, app: Application, pk: int) -> None:
    """Remove a file added by mistake (before the reply is sent), with the copies made from it."""
    app = lock_case(user, app)
    still_open(app)
    row = locked_file(user, app, pk)
    doomed = [row]
    while True:
        more = list(ReplyFile.objects.filter(source__in=doomed).exclude(pk__in=[d.pk for d in doomed]))
        if not more:
            break
        doomed += more
    for d in reversed(doomed):
        d.file.delete(save=False)
        d.delete()
    record(app, "remove_file", actor=user, data={"file": pk, "with_copies": len(doomed) - 1})


# -- Word/Excel to PDF --------------------------------------------------------------------------


def convert_to_pdf(user, app: Application, pk: int) -> ReplyFile:
    """A PDF copy of a DOCX or XLSX file (LibreOffice headless), to be redacted; the copy is not
    released by itself (its redacted copy is, or the handler ticks it)."""
    from .convert import ConversionError, office_to_pdf

    with transaction.atomic():
        app = lock_case(user, app)
        still_open(app)
        row = locked_file(user, app, pk)
        if row.kind not in ("docx", "xlsx"):
            raise ValidationError("只有Word（DOCX）和Excel（XLSX）文件需要转换为PDF")
        with row.file.open("rb") as fh:
            data = fh.read()
    try:
        pdf = office_to_pdf(data, row.kind)
    except ConversionError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        app = lock_case(user, app)
        still_open(app)
        copy = pdf_copy(
            app, row, pdf, user, title=f"{row.name}（PDF）", origin=Origin.CONVERTED, release=False
        )
        record(app, "convert_file", actor=user, data={"file": row.pk, "pdf": copy.pk, "sha256": copy.sha256})
    return copy


# -- release with the letter --------------------------------------------------------------------


def release_with_reply(user, app: Application, body: str, given_delivery: str = "") -> int:
    """Called in the transaction that sends the signed reply letter: refuse while marks are not
    applied or the letter does not state a redaction's grounds (Art. 37); then release the files
    (each download audited afterwards). ``given_delivery`` is the route the letter gives (Art. 40:
    the form asked for, or the other form it explains); the e-mail link goes only when that route is
    e-mail. Returns how many files were released."""
    rows = list(ReplyFile.objects.filter(application=app))
    for row in rows:
        marks = areas(row)
        if not marks or row.origin == Origin.REDACTED:
            continue
        copy = next((r for r in rows if r.source_id == row.pk and r.origin == Origin.REDACTED), None)
        applied = copy.marks if copy else []
        if [mark_key(m) for m in marks] != [mark_key(m) for m in applied]:
            raise ValidationError(
                f"《{row.title}》的区分处理标记尚未应用（或应用后又有修改）：请在区分处理页面点击“生成区分处理后的文件”后再送达"
            )
    codes = {m.get("ground") for r in rows if r.origin == Origin.REDACTED and r.release for m in r.marks}
    text = "".join(body.split())
    missing = [
        redaction_grounds.ground(c).articles
        for c in sorted(codes)
        if c and redaction_grounds.ground(c).articles.split("、")[0] not in text
    ]
    if missing:
        raise ValidationError(
            "告知书未说明区分处理所删除内容的依据（" + "、".join(missing) + "）：请重新生成答复告知书草稿"
            "（区分处理说明由标记的依据生成）或在正文中写明，签发后再送达（第三十七条）"
        )
    ids = [r.pk for r in released_candidates(app)]
    now = app_services.now()
    ReplyFile.objects.filter(pk__in=ids).update(released_at=now)
    if ids:
        record(app, "release_files", actor=user, data={"files": ids})
        if (given_delivery or app.delivery) == Delivery.EMAIL and app.email:
            transaction.on_commit(lambda: send_email_link(app.pk))
    return len(ids)


def released_candidates(app: Application):
    return (
        ReplyFile.objects.filter(application=app, release=True)
        .exclude(derived__origin=Origin.REDACTED)
        .order_by("pk")
    )


@transaction.atomic
def record_service(
    user,
    app: Application,
    *,
    method: str,
    served_on: dt.date,
    tracking_number: str = "",
    collector_name: str = "",
    collector_id: str = "",
    note: str = "",
) -> ServiceRecord:
    """Record the 送达 of the reply and the information (Art. 40): by post, the day served (as on
    the 送达回证 or the tracking record); collected in person, who collected (kept encrypted)."""
    app = lock_case(user, app)
    letter = getattr(app, "letter", None)
    if letter is None or letter.state != "sent":
        raise ValidationError("答复告知书尚未送达（发出），不能登记送达情况")
    if method not in ServiceRecord.Method.values:
        raise ValidationError("请选择送达方式")
    if served_on > app_services.today():
        raise ValidationError(f"送达日期{served_on}晚于今天，不能预先登记")
    if letter.sent_on and served_on < letter.sent_on:
        raise ValidationError(f"送达日期不能早于答复日期{letter.sent_on}")
    collector_name, collector_id = collector_name.strip(), collector_id.strip()
    if method == ServiceRecord.Method.PICKUP and not collector_name:
        raise ValidationError("当面领取的，请登记领取人姓名")
    if method == ServiceRecord.Method.POST and not tracking_number.strip():
        raise ValidationError("邮寄送达的，请填写邮件号码（以签收日期为送达日期）")
    row = ServiceRecord.objects.create(
        application=app,
        method=method,
        served_on=served_on,
        tracking_number=tracking_number.strip()[:40],
        collector_name=collector_name[:50],
        collector_id=collector_id[:40],
        note=note.strip()[:200],
        recorded_by=user,
    )
    record(
        app,
        "record_service",
        actor=user,
        data={
            "method": method,
            "served_on": served_on.isoformat(),
            "collector": mask_name(collector_name),
            "collector_id": mask_id_number(collector_id) if collector_id else "",
        },
    )
    return row
