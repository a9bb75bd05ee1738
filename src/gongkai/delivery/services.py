"""Use cases of giving the applicant the information (Art. 36 (二), Art. 37, Art. 40).

Each is one transaction that checks the user's agency and role, writes the audit record and changes
only what the case's state allows:

* the handler attaches the information to the reply (:func:`attach`; the upload check of
  :mod:`gongkai.core.uploads`), converts a Word or Excel file to PDF (:func:`convert_to_pdf`),
  marks what may not be disclosed (:func:`add_marks`) and applies the redaction
  (:func:`apply_redaction`, the engine of :mod:`.redaction`);
* sending the signed reply letter releases the files (:func:`release_with_reply`, called by
  :func:`gongkai.applications.letters.send_reply`) — never before, and never a file from which a
  redacted copy was made: that original stays in the case file;
* what the applicant then gets — the released files, the download period, the e-mail link, the
  audit of each download — is in :mod:`.handover`;
* 送达 is recorded (:func:`record_service`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_own_agency
from gongkai.applications import services as app_services
from gongkai.applications.models import Application, Delivery
from gongkai.audit.services import record
from gongkai.core.files import save_atomically
from gongkai.core.masking import mask_id_number
from gongkai.core.uploads import UploadError, check_upload
from gongkai.rules import redaction_grounds

from . import redaction
from .handover import is_sent, mask_name, send_email_link
from .models import ReplyFile, ServiceRecord

KINDS = ("pdf", "png", "jpg", "docx", "xlsx", "ofd")
ROLES = (Role.HANDLER,)
Origin = ReplyFile.Origin


def max_bytes() -> int:
    """The same limit as every attachment upload (``GONGKAI_MAX_ATTACHMENT_BYTES``)."""
    return int(settings.GONGKAI_MAX_ATTACHMENT_BYTES)


# -- attaching ----------------------------------------------------------------------------------


def _lock(user, app: Application) -> Application:
    app = Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)
    require_own_agency(user, app.agency_id, *ROLES)
    return app


def _still_open(app: Application) -> None:
    if is_sent(app) or ReplyFile.objects.filter(application=app, released_at__isnull=False).exists():
        raise ValidationError("答复已送达，所附信息已随答复提供，不能再更改")


def _pdf_pages(data: bytes) -> int | None:
    try:
        doc = redaction.open_pdf(data)
    except redaction.RedactionError:
        return None
    with doc:
        return int(doc.page_count)


def _store(row: ReplyFile, data: bytes) -> None:
    """Write the bytes under a random name (the title may name a person) and fill size and hash."""
    name = f"{row.application.agency_id}-{row.application.number}-{secrets.token_hex(8)}.{row.kind}"
    save_atomically(row.file, name, data)
    row.size, row.sha256 = len(data), hashlib.sha256(data).hexdigest()
    if row.kind == "pdf":
        row.pages = _pdf_pages(data)


@transaction.atomic
def attach(user, app: Application, name: str, data: bytes, title: str = "") -> ReplyFile:
    """Attach a file of the information to the reply (Art. 36 (二)): PDF, PNG/JPEG, DOCX, XLSX or
    OFD, checked by content and size like every upload; released only when the letter is sent."""
    app = _lock(user, app)
    _still_open(app)
    try:
        kind = check_upload(name, data, max_bytes(), KINDS)
    except UploadError as exc:
        raise ValidationError(str(exc)) from None
    title = " ".join((title or name).split())[:200] or name[:200]
    row = ReplyFile(application=app, title=title, kind=kind, added_by=user)
    _store(row, data)
    row.save()
    record(app, "attach_file", actor=user, data={"file": row.pk, "kind": kind, "sha256": row.sha256})
    return row


def _file(user, app: Application, pk: int) -> ReplyFile:
    return ReplyFile.objects.select_for_update().get(application=app, pk=pk)


@transaction.atomic
def set_release(user, app: Application, pk: int, release: bool) -> ReplyFile:
    """Whether a file goes with the reply. A file with a redacted copy never does (Art. 37)."""
    app = _lock(user, app)
    _still_open(app)
    row = _file(user, app, pk)
    if release and row.derived.filter(origin=Origin.REDACTED).exists():
        raise ValidationError("该文件已作区分处理，只能提供区分处理后的文件，原件留存案卷")
    row.release = release
    row.save(update_fields=["release"])
    record(app, "file_release" if release else "file_kept", actor=user, data={"file": row.pk})
    return row


@transaction.atomic
def remove(user, app: Application, pk: int) -> None:
    """Remove a file added by mistake (before the reply is sent), with the copies made from it."""
    app = _lock(user, app)
    _still_open(app)
    row = _file(user, app, pk)
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
        app = _lock(user, app)
        _still_open(app)
        row = _file(user, app, pk)
        if row.kind not in ("docx", "xlsx"):
            raise ValidationError("只有Word（DOCX）和Excel（XLSX）文件需要转换为PDF")
        with row.file.open("rb") as fh:
            data = fh.read()
    try:
        pdf = office_to_pdf(data, row.kind)
    except ConversionError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        app = _lock(user, app)
        _still_open(app)
        copy = ReplyFile(
            application=app,
            title=f"{row.name}（PDF）",
            kind="pdf",
            origin=Origin.CONVERTED,
            source=row,
            release=False,
            added_by=user,
        )
        _store(copy, pdf)
        copy.save()
        record(app, "convert_file", actor=user, data={"file": row.pk, "pdf": copy.pk, "sha256": copy.sha256})
    return copy


# -- redaction (区分处理, Art. 37) --------------------------------------------------------------


@dataclasses.dataclass
class MarkResult:
    added: int
    not_found: list[str]


def _redactable(row: ReplyFile) -> None:
    if row.kind != "pdf":
        raise ValidationError("只能对PDF文件作区分处理；Word、Excel文件请先转换为PDF")
    if row.origin == Origin.REDACTED:
        raise ValidationError("这是区分处理后的文件；如需修改，请在原文件上增删标记后重新处理")


def _ground(code: str) -> str:
    try:
        redaction_grounds.ground(code)
    except KeyError:
        raise ValidationError("请为标记选择不予公开的法律依据（第十四条、第十五条或第十六条）") from None
    return code


def _mark_key(m: dict) -> tuple:
    return (m["page"], *(round(float(m[k]), 1) for k in ("x0", "y0", "x1", "y1")))


@transaction.atomic
def add_marks(
    user,
    app: Application,
    pk: int,
    *,
    ground: str,
    texts: list[str] | tuple[str, ...] = (),
    patterns: list[str] | tuple[str, ...] = (),
    presets: list[str] | tuple[str, ...] = (),
    boxes: list[redaction.Box] | tuple[redaction.Box, ...] = (),
) -> MarkResult:
    """Mark areas to remove from a PDF: every hit of each string (e.g. the names the handler lists),
    each regular expression and each preset (ID number, mobile, fixed line), and boxes drawn on a
    page. Each mark carries its legal ground, which the reply letter states (Art. 37)."""
    app = _lock(user, app)
    _still_open(app)
    row = _file(user, app, pk)
    _redactable(row)
    ground = _ground(ground)
    unknown = [p for p in presets if p not in redaction.PRESETS]
    if unknown:
        raise ValidationError("未知的常用模式：" + "、".join(unknown))
    texts = [t.strip() for t in texts if t.strip()]
    pattern_list = [p for p in patterns if p.strip()] + [redaction.PRESETS[p][1] for p in presets]
    try:
        compiled = redaction.compile_patterns(pattern_list)
        with row.file.open("rb") as fh:
            doc = redaction.open_pdf(fh.read())
    except redaction.RedactionError as exc:
        raise ValidationError(str(exc)) from None
    new: list[dict] = []
    with doc:
        for box in boxes:
            if box.page >= doc.page_count or box.page < 0:
                raise ValidationError(f"第{box.page + 1}页不存在：文件共{doc.page_count}页")
            rect = box.rect & doc[box.page].rect
            if rect.is_empty or rect.width < 2 or rect.height < 2:
                raise ValidationError("框选的区域太小或在页面以外")
            new.append(
                {
                    "page": box.page,
                    "x0": rect.x0,
                    "y0": rect.y0,
                    "x1": rect.x1,
                    "y1": rect.y1,
                    "source": "box",
                }
            )
        found, not_found = redaction.find_areas(doc, texts, compiled)
    by_pattern = {p.pattern: p for p in compiled}
    for area in found:
        mark = {
            "page": area.page,
            "x0": area.x0,
            "y0": area.y0,
            "x1": area.x1,
            "y1": area.y1,
            "source": area.source,
        }
        new.append(mark)
    # What was searched goes with the file (the engine removes it again and checks it is gone).
    searches = {"texts": texts, "patterns": [p for p in by_pattern if p not in not_found]}
    existing = {_mark_key(m) for m in areas(row)}
    added = 0
    marks = list(row.marks)
    for m in new:
        if _mark_key(m) in existing:
            continue
        existing.add(_mark_key(m))
        m["ground"] = ground
        marks.append(m)
        added += 1
    row.marks = marks
    row.save(update_fields=["marks"])
    _remember_searches(row, searches, not_found)
    # Counts only: what was searched may be a person's name or number (never in the audit trail).
    record(app, "redaction_mark", actor=user, data={"file": row.pk, "added": added, "ground": ground})
    labels = {redaction.PRESETS[p][1]: redaction.PRESETS[p][0] for p in presets}
    return MarkResult(added, [labels.get(k, k) for k in not_found])


def _remember_searches(row: ReplyFile, searches: dict, not_found: list[str]) -> None:
    """Keep the strings and patterns that were found on the file's search list (a mark with
    ``source`` "search"), so applying removes them again wherever they are and checks the result."""
    marks = [m for m in row.marks if m.get("source") != "search"]
    old = next((m for m in row.marks if m.get("source") == "search"), {"texts": [], "patterns": []})
    texts = list(dict.fromkeys([*old["texts"], *(t for t in searches["texts"] if t not in not_found)]))
    patterns = list(dict.fromkeys([*old["patterns"], *searches["patterns"]]))
    if texts or patterns:
        marks.append({"source": "search", "texts": texts, "patterns": patterns})
    row.marks = marks
    row.save(update_fields=["marks"])


def areas(row: ReplyFile) -> list[dict]:
    """The marks that are areas (not the search list), in order, each with its index."""
    return [dict(m, index=i) for i, m in enumerate(row.marks) if m.get("source") != "search"]


@transaction.atomic
def remove_marks(user, app: Application, pk: int, indexes: list[int] | None = None) -> int:
    """Remove marks by index (all when ``indexes`` is None). Removing every area drops the search list."""
    app = _lock(user, app)
    _still_open(app)
    row = _file(user, app, pk)
    _redactable(row)
    before = len(areas(row))
    if indexes is None:
        row.marks = []
    else:
        keep = [m for i, m in enumerate(row.marks) if i not in set(indexes)]
        row.marks = keep if any(m.get("source") != "search" for m in keep) else []
    row.save(update_fields=["marks"])
    removed = before - len(areas(row))
    record(app, "redaction_unmark", actor=user, data={"file": row.pk, "removed": removed})
    return removed


def _searches(row: ReplyFile) -> tuple[list[str], list[str]]:
    search = next((m for m in row.marks if m.get("source") == "search"), None)
    return (list(search["texts"]), list(search["patterns"])) if search else ([], [])


@transaction.atomic
def apply_redaction(user, app: Application, pk: int) -> ReplyFile:
    """Apply the marks with the engine (:func:`.redaction.redact`: content under the boxes removed,
    metadata and hidden content scrubbed, the result read back): the redacted copy is released with
    the reply; the original — and the Word/Excel file it was made from — stays in the case file and
    is never released (Art. 37). Applying again replaces the earlier copy."""
    app = _lock(user, app)
    _still_open(app)
    row = _file(user, app, pk)
    _redactable(row)
    marks = areas(row)
    if not marks:
        raise ValidationError("尚未标记需要删除的内容")
    if any(not m.get("ground") for m in marks):
        raise ValidationError("每个标记都须有不予公开的法律依据")
    texts, patterns = _searches(row)
    boxes = [
        redaction.Box(m["page"], m["x0"], m["y0"], m["x1"], m["y1"], m["ground"], m["source"]) for m in marks
    ]
    with row.file.open("rb") as fh:
        data = fh.read()
    try:
        result = redaction.redact(data, texts=texts, patterns=patterns, boxes=boxes)
    except redaction.RedactionError as exc:
        raise ValidationError(str(exc)) from None
    for old in ReplyFile.objects.filter(source=row, origin=Origin.REDACTED):
        old.file.delete(save=False)
        old.delete()
    copy = ReplyFile(
        application=app,
        title=f"{row.name}（区分处理后）",
        kind="pdf",
        origin=Origin.REDACTED,
        source=row,
        release=True,
        marks=[{k: m[k] for k in ("page", "x0", "y0", "x1", "y1", "ground", "source")} for m in marks],
        added_by=user,
    )
    _store(copy, result.data)
    copy.save()
    chain = row
    while chain is not None:  # the original and what it was converted from stay in the case file
        if chain.release:
            chain.release = False
            chain.save(update_fields=["release"])
        chain = chain.source
    summary = redaction_grounds.summarise(marks)
    record(
        app,
        "redaction_applied",
        actor=user,
        data={
            "file": row.pk,
            "copy": copy.pk,
            "sha256": copy.sha256,
            "areas": len(marks),
            "grounds": {w.code: w.count for w in summary},
        },
    )
    return copy


def letter_explanation(app: Application) -> tuple[str, str]:
    """(withheld, reasons) for the reply letter's 区分处理 paragraph (Art. 37), from the redacted
    copies to be released; empty when nothing was redacted."""
    rows = ReplyFile.objects.filter(application=app, origin=Origin.REDACTED, release=True).order_by("pk")
    return redaction_grounds.explanation(
        (r.name.removesuffix("（区分处理后）"), redaction_grounds.summarise(r.marks)) for r in rows
    )


def letter_details(app: Application, outcome: str, details: dict) -> dict:
    """What the reply letter's composer gets from the redaction (for 部分公开): the part withheld
    and its grounds, unless the handler gave them; and the files provided, unless named."""
    details = dict(details)
    files = list(
        ReplyFile.objects.filter(application=app, release=True).exclude(derived__origin=Origin.REDACTED)
    )
    if outcome in ("granted", "partially_granted") and files and not details.get("provided"):
        details["provided"] = [f.name for f in files]
    if outcome == "partially_granted" and not details.get("withheld") and not details.get("withheld_ground"):
        withheld, reasons = letter_explanation(app)
        if withheld:
            details["withheld"], details["reasons"] = withheld, reasons
    return details


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
        if [_mark_key(m) for m in marks] != [_mark_key(m) for m in applied]:
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
    app = _lock(user, app)
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
