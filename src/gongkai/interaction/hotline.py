"""12345 hotline work orders (工单) in and out.

``import_orders`` reads the city platform's export (CSV or XLSX): column names vary between
platforms, so the common variants are mapped and unknown columns reported. A file is one
transaction: every row is checked first (bad date, unknown 诉求类型, duplicate 工单编号 in the file …)
and any error lists every problem with its row number and writes nothing. Importing the same file
again creates nothing; a row that changed (a later export with 办结时间 filled) updates its order.

For an imported order the deadline is the platform's 办理时限 when the file gives one (a date, or a
number of working days), else the kind's default; 按期办结 compares 办结时间 with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.disclosure.importing import ImportFailed as _FileError
from gongkai.disclosure.importing import read_rows
from gongkai.rules.calendar import UnknownYearError
from gongkai.rules.interaction import HOTLINE_RATINGS, KIND_BY_LABEL, Source, deadline_days
from gongkai.rules.text import halfwidth_digits
from gongkai.workdays.calendar import holiday_table

from .models import Message, State

FIELDS = {
    "number": ("工单编号", "工单号", "工单编码", "编号", "受理编号"),
    "received_at": ("受理时间", "来电时间", "登记时间", "派单时间", "创建时间"),
    "kind": ("诉求类型", "工单类型", "诉求分类", "类型", "来电类型"),
    "title": ("诉求标题", "标题", "主题", "工单标题"),
    "content": ("诉求内容", "内容", "问题描述", "来电内容", "工单内容"),
    "name": ("诉求人", "来电人", "姓名", "市民姓名", "联系人"),
    "phone": ("联系电话", "来电号码", "电话", "手机号码", "联系方式"),
    "unit": ("承办单位", "办理单位", "责任单位", "主办单位"),
    "deadline": ("办理时限", "办结时限", "截止时间", "限办时间"),
    "closed_at": ("办结时间", "办结日期", "完成时间"),
    "reply": ("答复内容", "办理结果", "回复内容", "处理结果", "办理情况"),
    "rating": ("满意度", "满意度评价", "回访结果", "评价结果"),
}
LABELS = {key: names[0] for key, names in FIELDS.items()}
COLUMN_TO_FIELD = {name: key for key, names in FIELDS.items() for name in names}
KIND_SYNONYMS = {
    **KIND_BY_LABEL,
    "意见建议": KIND_BY_LABEL["建议"],
    "意见": KIND_BY_LABEL["建议"],
    "求决": KIND_BY_LABEL["求助"],
    "咨询类": KIND_BY_LABEL["咨询"],
    "投诉类": KIND_BY_LABEL["投诉"],
    "举报类": KIND_BY_LABEL["举报"],
    "其它": KIND_BY_LABEL["其他"],
}
EXPORT_COLUMNS = (
    "工单编号",
    "受理时间",
    "诉求类型",
    "诉求标题",
    "承办单位",
    "办理时限",
    "办结时间",
    "答复内容",
    "满意度",
)

log = logging.getLogger(__name__)


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where} {LABELS.get(self.field, self.field)}：{self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"导入失败，共{len(errors)}处错误，未导入任何工单")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown_columns: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"导入完成：新增{self.created}件，更新{self.updated}件，未变化{self.unchanged}件"
        if self.unknown_columns:
            text += f"；未识别的列（已忽略）：{'、'.join(self.unknown_columns)}"
        return text


def _clean_date(text: str) -> str:
    return (
        halfwidth_digits(text.strip())
        .replace("年", "-")
        .replace("月", "-")
        .replace("日", " ")
        .replace("/", "-")
    )


def parse_datetime(text: str) -> dt.datetime:
    """ "2025-03-03 09:15", "2025/3/3 9:15:00", "2025年3月3日" → an aware datetime (local time)."""
    text = " ".join(_clean_date(text).split())
    day_part, _, time_part = text.partition(" ")
    y, m, d = (int(p) for p in day_part.split("-"))
    day = dt.date(y, m, d)
    t = dt.time(0, 0)
    if time_part:
        bits = [int(b) for b in time_part.split(":")]
        t = dt.time(*bits[:3])
    return timezone.make_aware(dt.datetime.combine(day, t))


def _order_fields(raw: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    values, unknown = {}, []
    for column, value in raw.items():
        name = (column or "").strip()
        if not name:
            continue
        key = COLUMN_TO_FIELD.get(name)
        if key is None:
            unknown.append(name)
        elif key not in values or not values[key]:
            values[key] = (value or "").strip()
    return values, unknown


def _fingerprint(values: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def validate(agency, rows: list[dict[str, str]]) -> tuple[list[dict], list[RowError], list[str]]:
    """Every row checked, every error listed with its row (nothing imports while one is left)."""
    table = holiday_table()
    cleaned, errors, unknown = [], [], []
    seen: dict[str, int] = {}
    numbers = [
        (r.get(c) or "").strip()
        for r in rows
        for c in r
        if COLUMN_TO_FIELD.get((c or "").strip()) == "number"
    ]
    taken = dict(
        Message.objects.filter(source=Source.HOTLINE, number__in=numbers)
        .exclude(agency=agency)
        .values_list("number", "agency__name")
    )
    for n, raw in enumerate(rows, start=1):
        values, extra = _order_fields(raw)
        unknown += [c for c in extra if c not in unknown]

        def err(key: str, message: str, n=n) -> None:
            errors.append(RowError(n, key, message))

        out: dict = {"values": values, "hash": _fingerprint(values), "row": n}
        _number(out, values.get("number", ""), n, seen, taken, err)
        _received_and_kind(out, values, err)
        content = values.get("content", "")
        if not content:
            err("content", "不能为空")
        out["content"] = content
        out["title"] = (values.get("title") or content[:30] or out["number"])[:200]
        out["name"], out["phone"] = (
            values.get("name", "")[:50] or "（未留姓名）",
            values.get("phone", "")[:30],
        )
        out["unit"] = values.get("unit", "")[:60]
        _platform_due(out, values.get("deadline", ""), table, err)
        _closure(out, values, err)
        cleaned.append(out)
    return cleaned, errors, unknown


def _number(out: dict, number: str, n: int, seen: dict[str, int], taken: dict[str, str], err) -> None:
    if not number:
        err("number", "不能为空")
    elif number in seen:
        err("number", f"“{number}”与第{seen[number]}行重复")
    elif number in taken:
        err("number", f"“{number}”已由{taken[number]}导入")
    seen.setdefault(number, n)
    out["number"] = number[:40]


def _received_and_kind(out: dict, values: dict[str, str], err) -> None:
    try:
        out["received_at"] = parse_datetime(values.get("received_at", ""))
    except (ValueError, TypeError):
        err(
            "received_at",
            f"“{values.get('received_at', '')}”不是有效的日期时间"
            if values.get("received_at")
            else "不能为空",
        )
    label = values.get("kind", "")
    if label not in KIND_SYNONYMS:
        err(
            "kind",
            f"“{label}”不是已知的诉求类型（咨询、求助、建议、投诉、举报、其他）" if label else "不能为空",
        )
    else:
        out["kind"] = KIND_SYNONYMS[label].value


def _platform_due(out: dict, deadline: str, table, err) -> None:
    """The 12345 platform's deadline: a date, or a number of working days from receipt."""
    out["platform_due"] = None
    if not deadline:
        return
    try:
        if deadline.rstrip("个工作日天").isdigit() and "received_at" in out:
            out["platform_due"] = table.add_workdays(
                timezone.localtime(out["received_at"]).date(), int(deadline.rstrip("个工作日天"))
            )
        else:
            out["platform_due"] = parse_datetime(deadline).date()
    except (ValueError, TypeError):
        err("deadline", f"“{deadline}”不是有效日期或工作日数")
    except UnknownYearError as exc:
        err("deadline", str(exc))


def _closure(out: dict, values: dict[str, str], err) -> None:
    out["closed_on"] = None
    if values.get("closed_at"):
        try:
            out["closed_on"] = timezone.localtime(parse_datetime(values["closed_at"])).date()
        except (ValueError, TypeError):
            err("closed_at", f"“{values['closed_at']}”不是有效的日期时间")
        else:
            if "received_at" in out and out["closed_on"] < timezone.localtime(out["received_at"]).date():
                err("closed_at", "办结时间早于受理时间")
    rating = values.get("rating", "")
    if rating and rating not in HOTLINE_RATINGS:
        err("rating", f"“{rating}”应为 满意、基本满意、不满意 或 未评价")
    elif rating and rating != "未评价" and not values.get("closed_at"):
        err("rating", "未办结的工单不应有满意度")
    out["rating"] = "" if rating == "未评价" else rating
    out["reply"] = values.get("reply", "")
    if out["closed_on"] and not out["reply"]:
        err("reply", "已办结的工单应有答复内容")


def _apply(msg: Message, row: dict, table) -> None:
    received = timezone.localtime(row["received_at"]).date()
    msg.kind, msg.title, msg.content = row["kind"], row["title"], row["content"]
    msg.name, msg.phone, msg.submitted_at, msg.received_on = (
        row["name"],
        row["phone"],
        row["received_at"],
        received,
    )
    msg.department = msg.department or row["unit"]
    msg.platform_due_on = row["platform_due"]
    msg.deadline_days = deadline_days(row["kind"])
    try:
        msg.due_on = row["platform_due"] or table.add_workdays(received, msg.deadline_days)
    except UnknownYearError:
        msg.due_on = row["platform_due"]
    msg.import_hash = row["hash"]
    if row["closed_on"]:
        msg.reply, msg.reply_unit = row["reply"], row["unit"] or msg.agency.name
        msg.answered_on = msg.closed_on = row["closed_on"]
        msg.rating = row["rating"]
        try:
            msg.workdays_taken = table.workdays_between(received, row["closed_on"])
        except UnknownYearError:
            msg.workdays_taken = None
        msg.on_time = row["closed_on"] <= msg.due_on if msg.due_on else None
        msg.state = State.CLOSED


def import_orders(agency, rows: list[dict[str, str]], *, actor=None) -> ImportResult:
    """Check every row, then create or update the work orders of ``agency`` in one transaction."""
    cleaned, errors, unknown = validate(agency, rows)
    if errors:
        log.warning(
            "hotline import refused agency_id=%s rows=%d errors=%d", agency.pk, len(rows), len(errors)
        )
        raise ImportFailed(errors)
    result = ImportResult(unknown_columns=unknown)
    table = holiday_table()
    label = "12345工单导入"
    with transaction.atomic():
        existing = {
            m.number: m
            for m in Message.objects.select_for_update().filter(
                agency=agency, source=Source.HOTLINE, number__in=[r["number"] for r in cleaned]
            )
        }
        for row in cleaned:
            msg = existing.get(row["number"])
            if msg is None:
                msg = Message(
                    source=Source.HOTLINE, agency=agency, number=row["number"], state=State.ACCEPTED
                )
                _apply(msg, row, table)
                msg.save()
                record(
                    msg,
                    "import",
                    actor=actor,
                    actor_label=label,
                    to_state=msg.state,
                    data={"row": row["row"]},
                )
                result.created += 1
            elif msg.import_hash == row["hash"]:
                result.unchanged += 1
            else:
                before = msg.state
                _apply(msg, row, table)
                msg.save()
                record(
                    msg,
                    "import_update",
                    actor=actor,
                    actor_label=label,
                    from_state=before,
                    to_state=msg.state,
                    data={"row": row["row"]},
                )
                result.updated += 1
    log.info(
        "hotline import done agency_id=%s rows=%d created=%d updated=%d unchanged=%d",
        agency.pk,
        len(cleaned),
        result.created,
        result.updated,
        result.unchanged,
    )
    return result


def read_file(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8 or GB18030) or XLSX export."""
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ImportFailed([RowError(0, "文件", "应为 CSV 或 XLSX 文件")])
    try:
        return read_rows(name, data)
    except _FileError as exc:
        raise ImportFailed([RowError(0, "文件", e.message) for e in exc.errors]) from exc


def export_replies(orders) -> bytes:
    """The replies back to the platform (XLSX, the platform's columns)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工单答复"
    ws.append(EXPORT_COLUMNS)
    for m in orders:
        ws.append(
            (
                m.number,
                timezone.localtime(m.submitted_at).strftime("%Y-%m-%d %H:%M"),
                m.get_kind_display(),
                m.title,
                m.reply_unit or m.agency.name,
                m.platform_due_on.isoformat() if m.platform_due_on else "",
                m.answered_on.isoformat() if m.answered_on else "",
                m.reply,
                m.rating or "未评价",
            )
        )
    for col, width in zip("ABCDEFGHI", (18, 18, 10, 30, 20, 12, 12, 60, 10), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def answered_orders(agency):
    return (
        Message.objects.filter(agency=agency, source=Source.HOTLINE, answered_on__isnull=False)
        .select_related("agency")
        .order_by("answered_on", "number")
    )
