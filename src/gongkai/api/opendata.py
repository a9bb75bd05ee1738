"""数据开放: the catalogue and the annual-report figures as CSV and XLSX for any selection (the
same filters as the API), and the page that lists the datasets with their metadata. Published
records only: everything is read through the apps' selectors."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from gongkai.agencies import selectors as agencies
from gongkai.disclosure import selectors as disclosure
from gongkai.reports import selectors as reports

from . import serializers as s

LICENCE = "政府信息公开数据，可自由使用，请注明来源"
XLSX_MAX_ROWS = 100_000

DOCUMENT_FIELDS = [
    ("id", "信息编号"),
    ("index_number", "索引号"),
    ("title", "信息名称"),
    ("agency", "机关"),
    ("publisher", "发布机构"),
    ("category", "主题分类"),
    ("genre", "体裁"),
    ("doc_number", "文号"),
    ("written_on", "成文日期"),
    ("published_at", "发布日期"),
    ("validity", "效力状态"),
    ("summary", "内容概述"),
]
FIGURE_FIELDS = [
    ("agency", "机关"),
    ("year", "年度"),
    ("section", "部分"),
    ("row", "行"),
    ("column", "列"),
    ("value", "数值"),
]


def _document_rows(request):
    ser = s.DocumentQuerySerializer(data=request.GET)
    ser.is_valid(raise_exception=True)
    q = ser.validated_data
    path = ""
    if q.get("agency"):
        a = agencies.agency(q["agency"])
        if a is None:
            raise ValidationError({"agency": ["没有找到该机关。"]})
        path = a.path
    f = disclosure.DocumentFilters(
        agency_path=path,
        category=q.get("category", ""),
        genre=q.get("genre", ""),
        validity=q.get("validity", ""),
        doc_number=q.get("doc_number", ""),
        published_from=q.get("published_from"),
        published_to=q.get("published_to"),
        updated_since=q.get("updated_since"),
    )
    for d in disclosure.iter_public_documents(f):
        yield [
            d.pk,
            d.index_number,
            d.title,
            d.agency.name,
            d.publisher,
            d.category.name,
            d.genre.name if d.genre_id else "",
            d.doc_number,
            d.written_on.isoformat() if d.written_on else "",
            timezone.localtime(d.published_at).strftime("%Y-%m-%d %H:%M") if d.published_at else "",
            d.get_validity_display(),
            d.summary,
        ]


def _flatten(prefix, value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(prefix + [k], v)
    else:
        yield prefix, value


def _figure_rows(request):
    ser = s.ReportQuerySerializer(data=request.GET)
    ser.is_valid(raise_exception=True)
    q = ser.validated_data
    path = ""
    if q.get("agency"):
        a = agencies.agency(q["agency"])
        if a is None:
            raise ValidationError({"agency": ["没有找到该机关。"]})
        path = a.path
    for r in reports.published_reports(path, q.get("year")):
        for section in ("active_disclosure", "applications", "appeals"):
            for keys, value in _flatten([], (r.data or {}).get(section) or {}):
                yield [r.agency.name, r.year, section, ".".join(keys[:-1]), keys[-1], value]


class _Echo:
    def write(self, value):
        return value


def _csv(name, header, rows):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff" + writer.writerow([label for _k, label in header])  # BOM: Excel reads UTF-8
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _xlsx(name, header, rows):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(name)
    ws.append([label for _k, label in header])
    for i, row in enumerate(rows):
        if i >= XLSX_MAX_ROWS:
            break
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _answer(request, name, header, rows_of, fmt):
    try:
        rows = rows_of(request)
        first = next(rows, None)  # validate before the response starts
    except ValidationError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        text = "；".join(f"{k}：{''.join(str(m) for m in v)}" for k, v in detail.items())
        return HttpResponse(f"筛选条件有误：{text}", status=400, content_type="text/plain; charset=utf-8")

    def all_rows():
        if first is not None:
            yield first
            yield from rows

    return _csv(name, header, all_rows()) if fmt == "csv" else _xlsx(name, header, all_rows())


def documents(request, fmt: str):
    return _answer(request, "documents", DOCUMENT_FIELDS, _document_rows, fmt)


def figures(request, fmt: str):
    return _answer(request, "annual-report-figures", FIGURE_FIELDS, _figure_rows, fmt)


def datasets() -> list[dict]:
    last_doc = (
        disclosure.public_documents().order_by("-updated_at").values_list("updated_at", flat=True).first()
    )
    last_report = (
        reports.published_reports().order_by("-updated_at").values_list("updated_at", flat=True).first()
    )
    return [
        {
            "slug": "documents",
            "title": "政府信息公开目录",
            "description": "各机关主动公开的政府信息的元数据（不含正文），可按机关、主题分类、体裁、效力状态、文号和发布日期筛选。",
            "publisher": "各机关（见“机关”列）",
            "frequency": "实时（信息发布后即更新）",
            "fields": [label for _k, label in DOCUMENT_FIELDS],
            "updated": last_doc,
            "api": "/api/v1/documents/",
        },
        {
            "slug": "figures",
            "title": "政府信息公开工作年度报告数据",
            "description": "已公开年度报告第二至四部分的数字（主动公开、依申请公开、复议诉讼），每格一行；可按机关和年度筛选。",
            "publisher": "各机关（见“机关”列）",
            "frequency": "每年（1月31日、3月31日前公开后更新）",
            "fields": [label for _k, label in FIGURE_FIELDS],
            "updated": last_report,
            "api": "/api/v1/annual-reports/",
        },
    ]


def page(request):
    return render(request, "api/opendata.html", {"datasets": datasets(), "licence": LICENCE})
