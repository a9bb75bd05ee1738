"""Bulk import of published documents (e.g. a catalogue moved from an old portal).

A file is imported all or nothing: every row is checked first, and any error gives a list of
(row, field, problem) in Chinese and writes nothing. A row already imported (same agency and
import key) is skipped, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.core.counters import lock_counter
from gongkai.rules.numbers import NumberError, parse_document_number
from gongkai.rules.text import halfwidth_digits

from . import signals
from .models import Category, DisclosureMode, Document, Genre, IndexCounter, RegulatoryKind, State, Validity
from .services import check_index_number, next_index_number, prepare

log = logging.getLogger(__name__)

# Accepted column names → field.
COLUMNS = {
    "title": "title",
    "信息名称": "title",
    "标题": "title",
    "名称": "title",
    "body": "body",
    "正文": "body",
    "内容": "body",
    "summary": "summary",
    "内容概述": "summary",
    "摘要": "summary",
    "category": "category",
    "主题分类": "category",
    "分类": "category",
    "genre": "genre",
    "体裁": "genre",
    "publisher": "publisher",
    "发布机构": "publisher",
    "written_on": "written_on",
    "成文日期": "written_on",
    "发文日期": "written_on",
    "published_at": "published_at",
    "发布日期": "published_at",
    "发布时间": "published_at",
    "expires_on": "expires_on",
    "废止日期": "expires_on",
    "doc_number": "doc_number",
    "文号": "doc_number",
    "index_number": "index_number",
    "索引号": "index_number",
    "validity": "validity",
    "效力状态": "validity",
    "有效性": "validity",
    "keywords": "keywords",
    "关键词": "keywords",
    "主题词": "keywords",
    "regulatory_kind": "regulatory_kind",
    "规范性文件类型": "regulatory_kind",
    "文件类型": "regulatory_kind",
    "source_url": "source_url",
    "原始网址": "source_url",
    "网址": "source_url",
}
FIELD_LABELS = {
    "title": "信息名称",
    "body": "正文",
    "summary": "内容概述",
    "category": "主题分类",
    "genre": "体裁",
    "publisher": "发布机构",
    "written_on": "成文日期",
    "published_at": "发布日期",
    "expires_on": "废止日期",
    "doc_number": "文号",
    "index_number": "索引号",
    "validity": "效力状态",
    "keywords": "关键词",
    "regulatory_kind": "规范性文件类型",
    "source_url": "原始网址",
}
VALIDITY_NAMES = {label: value for value, label in Validity.choices} | {v: v for v in Validity.values}
REGULATORY_NAMES = {
    "规章": RegulatoryKind.RULE,
    "行政规范性文件": RegulatoryKind.NORMATIVE,
    "规范性文件": RegulatoryKind.NORMATIVE,
    "rule": RegulatoryKind.RULE,
    "normative": RegulatoryKind.NORMATIVE,
    "": "",
    "否": "",
}


@dataclass
class RowError:
    row: int  # 1-based data row (the header is row 0 in CSV/XLSX)
    field: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行 {FIELD_LABELS.get(self.field, self.field)}：{self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"导入失败，共{len(errors)}处错误，未导入任何数据")


@dataclass
class ImportResult:
    created: int
    skipped: int


def read_rows(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8 or GB18030), XLSX or JSON (a list of objects) file; a file without a
    single row (empty, only a header, an empty list) is refused: nothing could be read."""
    rows = _read_rows(name, data)
    if not rows:
        raise ImportFailed([RowError(0, "文件", "文件中没有任何信息记录（空文件或只有表头），未导入")])
    return rows


def _read_rows(name: str, data: bytes) -> list[dict[str, str]]:
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        try:
            rows = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFailed([RowError(0, "文件", f"不是有效的JSON：{exc}")]) from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportFailed([RowError(0, "文件", "JSON应为对象数组，每个对象一条信息")])
        return [{str(k): "" if v is None else str(v) for k, v in r.items()} for r in rows]
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFailed([RowError(0, "文件", "无法识别文件编码（应为UTF-8或GB18030）")])
        return list(csv.DictReader(io.StringIO(text)))
    if suffix == ".xlsx":
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFailed([RowError(0, "文件", f"无法读取XLSX：{exc}")]) from exc
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip() for h in rows[0]]
        return [
            {header[i]: _cell(v) for i, v in enumerate(r) if i < len(header) and header[i]}
            for r in rows[1:]
            if any(v not in (None, "") for v in r)
        ]
    raise ImportFailed([RowError(0, "文件", f"不支持的文件类型“{suffix}”，应为 CSV、XLSX 或 JSON")])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _date(text: str) -> dt.date:
    text = (
        halfwidth_digits(text.strip())
        .replace("年", "-")
        .replace("月", "-")
        .replace("日", "")
        .replace("/", "-")
    )
    return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split(" ")[0].split("-")))


def _datetime(text: str) -> dt.datetime:
    text = halfwidth_digits(text.strip())
    day = _date(text)
    hm = text.split(" ", 1)[1].strip() if " " in text else "09:00"
    try:
        t = dt.time.fromisoformat(hm if hm.count(":") else hm + ":00")
    except ValueError:
        t = dt.time(9, 0)
    return timezone.make_aware(dt.datetime.combine(day, t))


def import_key(agency, values: dict) -> str:
    basis = "|".join(
        [
            agency.code,
            values.get("index_number", ""),
            values.get("title", ""),
            values.get("doc_number", ""),
            values.get("written_on", ""),
        ]
    )
    return hashlib.sha256(basis.encode()).hexdigest()


def validate_rows(agency, rows: Iterable[dict[str, str]]) -> tuple[list[dict], list[RowError]]:
    """Each row read into a document's fields, with every problem of every row (row number, field,
    Chinese message) so that the whole file can be corrected at once."""
    lookups = {
        "categories": {c.name: c for c in Category.objects.all()}
        | {c.code: c for c in Category.objects.all()},
        "genres": {g.name: g for g in Genre.objects.all()},
        "seen_index": set(),
    }
    cleaned, errors = [], []
    for n, raw in enumerate(rows, start=1):
        values = {COLUMNS[k.strip()]: (v or "").strip() for k, v in raw.items() if k and k.strip() in COLUMNS}
        out: dict = {"import_key": import_key(agency, values)}

        def err(field: str, message: str, n=n) -> None:
            errors.append(RowError(n, field, message))

        for clean in (_clean_text, _clean_lists, _clean_dates, _clean_numbers, _clean_validity):
            clean(agency, values, out, err, lookups)
        cleaned.append(out)
    return cleaned, errors


def _clean_text(agency, values: dict, out: dict, err, lookups: dict) -> None:
    if not values.get("title"):
        err("title", "不能为空")
    out["title"] = values.get("title", "")[:300]
    out["body"] = values.get("body", "")
    out["summary"] = values.get("summary", "")
    out["publisher"] = values.get("publisher") or agency.name
    out["keywords"] = values.get("keywords", "")[:200]
    out["source_url"] = values.get("source_url", "")


def _clean_lists(agency, values: dict, out: dict, err, lookups: dict) -> None:
    """主题分类 (required) and 体裁 (optional), each from the platform's list."""
    categories, genres = lookups["categories"], lookups["genres"]
    cat = values.get("category", "")
    if not cat:
        err("category", "不能为空")
    elif cat not in categories:
        err("category", f"“{cat}”不在主题分类表中")
    else:
        out["category"] = categories[cat]
    if values.get("genre"):
        if values["genre"] not in genres:
            err("genre", f"“{values['genre']}”不在体裁表中")
        else:
            out["genre"] = genres[values["genre"]]


def _clean_dates(agency, values: dict, out: dict, err, lookups: dict) -> None:
    for field in ("written_on", "expires_on"):
        if values.get(field):
            try:
                out[field] = _date(values[field])
            except ValueError:
                err(field, f"“{values[field]}”不是有效日期（应为YYYY-MM-DD）")
    if not values.get("published_at"):
        err("published_at", "不能为空")
    else:
        try:
            out["published_at"] = _datetime(values["published_at"])
        except ValueError:
            err("published_at", f"“{values['published_at']}”不是有效日期")


def _clean_numbers(agency, values: dict, out: dict, err, lookups: dict) -> None:
    """文号 and 索引号: well formed; an 索引号 used once in the file and by no other document."""
    if values.get("doc_number"):
        try:
            out["doc_number"] = str(parse_document_number(values["doc_number"]))
        except NumberError as exc:
            err("doc_number", str(exc))
    if values.get("index_number"):
        seen_index = lookups["seen_index"]
        try:
            out["index_year"], out["index_serial"] = check_index_number(agency, values["index_number"])
            out["index_number"] = values["index_number"]
            if values["index_number"] in seen_index:
                err("index_number", "与本文件中前面的行重复")
            seen_index.add(values["index_number"])
            clash = Document.objects.filter(index_number=values["index_number"]).exclude(
                agency=agency, import_key=out["import_key"]
            )
            if clash.exists():
                err("index_number", f"“{values['index_number']}”已被其他信息使用")
        except NumberError as exc:
            err("index_number", str(exc))


def _clean_validity(agency, values: dict, out: dict, err, lookups: dict) -> None:
    """效力状态 and 规章/规范性文件 kind."""
    validity = values.get("validity", "有效") or "有效"
    if validity not in VALIDITY_NAMES:
        err("validity", f"“{validity}”应为 有效、失效、废止 或 已修订")
    elif VALIDITY_NAMES[validity] == Validity.AMENDED:
        err("validity", "“已修订”须在系统中关联修订后的文件，导入时请填“有效”或“失效”")
    else:
        out["validity"] = VALIDITY_NAMES[validity]
    kind = values.get("regulatory_kind", "")
    if kind not in REGULATORY_NAMES:
        err("regulatory_kind", f"“{kind}”应为 规章 或 行政规范性文件（或留空）")
    else:
        out["regulatory_kind"] = REGULATORY_NAMES[kind]


def import_documents(
    agency,
    rows: list[dict[str, str]],
    *,
    actor=None,
    actor_label: str = "批量导入",
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Validate every row, then create the documents as published in one transaction."""
    cleaned, errors = validate_rows(agency, rows)
    if errors:
        log.warning(
            "document import refused agency_id=%s rows=%d errors=%d", agency.pk, len(rows), len(errors)
        )
        raise ImportFailed(errors)
    created = skipped = 0
    with transaction.atomic():
        existing = set(
            Document.objects.filter(agency=agency).exclude(import_key="").values_list("import_key", flat=True)
        )
        for values in cleaned:
            if values["import_key"] in existing:
                skipped += 1
            else:
                _create_published(agency, values, actor, actor_label)
                existing.add(values["import_key"])
                created += 1
            if progress:
                progress(1)
    log.info(
        "document import done agency_id=%s rows=%d created=%d skipped=%d",
        agency.pk,
        len(cleaned),
        created,
        skipped,
    )
    return ImportResult(created, skipped)


def _create_published(agency, values: dict, actor, actor_label: str) -> Document:
    doc = Document(
        agency=agency,
        state=State.PUBLISHED,
        disclosure_mode=DisclosureMode.PROACTIVE,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for field, value in values.items():
        setattr(doc, field, value)
    if doc.body and not doc.body.lstrip().startswith("<"):
        from .sanitize import text_to_html

        doc.body = text_to_html(doc.body)
    prepare(doc)
    if doc.index_number:
        counter = lock_counter(IndexCounter, agency.pk, doc.index_year)
        if doc.index_serial > counter.last_serial:
            counter.last_serial = doc.index_serial
            counter.save(update_fields=["last_serial"])
    else:
        year = timezone.localtime(doc.published_at).year
        doc.index_number, doc.index_serial = next_index_number(doc, year)
        doc.index_year = year
    doc.save()
    record(
        doc,
        "import",
        actor=actor,
        actor_label=actor_label,
        to_state=State.PUBLISHED,
        data={"index_number": doc.index_number},
    )
    signals.document_published.send(sender=Document, document=doc)
    return doc
