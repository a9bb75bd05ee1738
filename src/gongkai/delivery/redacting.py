"""Use cases of 区分处理 (Art. 37): the handler marks in a PDF of the reply's files what may not be
disclosed, each mark with its ground (:mod:`gongkai.rules.redaction_grounds`), by drawing an area or
by searching words (:func:`add_marks`, :func:`remove_marks`); :func:`apply_redaction` makes the
redacted copy with the engine of :mod:`.redaction` — the copy goes with the reply, the original
stays in the case file; the reply letter states what was withheld and why
(:func:`letter_details`). Each one transaction, for the case's handler, audited.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.models import Application
from gongkai.audit.services import record
from gongkai.rules import redaction_grounds

from . import redaction
from .casefile import lock_case, locked_file, pdf_copy, still_open
from .models import ReplyFile

Origin = ReplyFile.Origin


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


def mark_key(m: dict) -> tuple:
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
    app = lock_case(user, app)
    still_open(app)
    row = locked_file(user, app, pk)
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
    existing = {mark_key(m) for m in areas(row)}
    added = 0
    marks = list(row.marks)
    for m in new:
        if mark_key(m) in existing:
            continue
        existing.add(mark_key(m))
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
    app = lock_case(user, app)
    still_open(app)
    row = locked_file(user, app, pk)
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


def remembered_searches(row: ReplyFile) -> tuple[list[str], list[str]]:
    search = next((m for m in row.marks if m.get("source") == "search"), None)
    return (list(search["texts"]), list(search["patterns"])) if search else ([], [])


@transaction.atomic
def apply_redaction(user, app: Application, pk: int) -> ReplyFile:
    """Apply the marks with the engine (:func:`.redaction.redact`: content under the boxes removed,
    metadata and hidden content scrubbed, the result read back): the redacted copy is released with
    the reply; the original — and the Word/Excel file it was made from — stays in the case file and
    is never released (Art. 37). Applying again replaces the earlier copy."""
    app = lock_case(user, app)
    still_open(app)
    row = locked_file(user, app, pk)
    _redactable(row)
    marks = areas(row)
    if not marks:
        raise ValidationError("尚未标记需要删除的内容")
    if any(not m.get("ground") for m in marks):
        raise ValidationError("每个标记都须有不予公开的法律依据")
    texts, patterns = remembered_searches(row)
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
    copy = pdf_copy(
        app,
        row,
        result.data,
        user,
        title=f"{row.name}（区分处理后）",
        origin=Origin.REDACTED,
        release=True,
        marks=[{k: m[k] for k in ("page", "x0", "y0", "x1", "y1", "ground", "source")} for m in marks],
    )
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
