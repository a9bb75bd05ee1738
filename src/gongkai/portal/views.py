"""Public pages. Documents are read only through :mod:`gongkai.disclosure.selectors`: ``published()``
(``selectors.published()``) and, for the document page of a withdrawn item,
``published_or_withdrawn()``, which shows the withdrawal notice without the content."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.disclosure import selectors

from . import columns
from .frame import article_meta, mark_signature

PAGE_SIZE = 20
CATALOGUE_SORTS = {"date": "发布日期（新→旧）", "date_asc": "发布日期（旧→新）"}
FONT_SIZES = {"l": "大", "m": "中", "s": "小"}
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")


def index(request):
    agencies = Agency.objects.all().order_by("path")
    latest = selectors.published().select_related("agency", "category")[:15]
    return render(request, "portal/index.html", {"agencies": agencies, "latest": latest})


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def annual_reports(docs) -> list[tuple[int, Any]]:
    """信息公开年报 of an agency, newest year first: the year in the title, else the year before publication."""
    found = []
    for d in docs.filter(columns.annual_report_query()):
        m = _YEAR_IN_TITLE.search(d.title)
        found.append((int(m.group(1)) if m else d.published_at.year - 1, d))
    return sorted(found, key=lambda yd: (-yd[0], -yd[1].pk))


def agency_home(request, slug: str):
    """The agency's 政府信息公开 home: 指南, 制度, 法定主动公开内容 by column, 年报 by year, 依申请公开."""
    agency = _agency(slug)
    docs = selectors.published().filter(agency=agency).select_related("agency", "category", "genre")
    statutory = [(c, list(docs.filter(c.query()).distinct()[:5])) for c in columns.STATUTORY]
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "latest": docs[:8],
            "statutory": statutory,
            "rules": docs.filter(columns.rules_query())[:5],
            "reports": annual_reports(docs),
            "children": agency.children.all(),
        },
    )


def _facet_filters(request) -> dict[str, str]:
    get = request.GET
    return {k: get.get(k, "").strip() for k in ("column", "category", "genre", "year", "validity")}


def _apply(docs, filters: dict[str, str], skip: str = ""):
    """The documents that pass every active filter except ``skip`` (so a facet counts what the other
    filters leave: choosing 主题分类 X shows only the 体裁 that X has)."""
    if filters["column"] in columns.BY_SLUG and skip != "column":
        docs = docs.filter(columns.BY_SLUG[filters["column"]].query())
    if filters["category"] and skip != "category":
        docs = docs.filter(category__code=filters["category"])
    if filters["genre"] and skip != "genre":
        docs = docs.filter(genre__name=filters["genre"])
    if filters["year"].isdigit() and skip != "year":
        docs = docs.filter(published_at__year=int(filters["year"]))
    if filters["validity"] in selectors.validity_labels() and skip != "validity":
        docs = docs.filter(validity=filters["validity"])
    return docs.distinct() if filters["column"] in columns.BY_SLUG else docs


def _ids(qs):
    return qs.values("pk")


def catalogue(request, slug: str):
    """The disclosure catalogue (公开目录, Art. 12) by column, 主题分类, 体裁, year and 效力状态."""
    agency = _agency(slug)
    base = selectors.published().filter(agency=agency)
    filters = _facet_filters(request)
    sort = request.GET.get("sort", "date")
    sort = sort if sort in CATALOGUE_SORTS else "date"
    docs = _apply(base, filters).select_related("agency", "category", "genre")
    if sort == "date_asc":
        docs = docs.order_by("published_at", "pk")
    page = Paginator(docs, PAGE_SIZE).get_page(request.GET.get("page"))
    column = columns.BY_SLUG.get(filters["column"])
    return render(
        request,
        "portal/catalogue.html",
        {
            "agency": agency,
            "page": page,
            "filters": filters,
            "column": column,
            "columns": columns.STATUTORY,
            "categories": selectors.categories()
            .filter(document__in=_ids(_apply(base, filters, "category")))
            .annotate(n=Count("document")),
            "genres": selectors.genres()
            .filter(document__in=_ids(_apply(base, filters, "genre")))
            .annotate(n=Count("document")),
            "validities": [
                (v, label, _apply(base, filters, "validity").filter(validity=v).count())
                for v, label in selectors.validity_labels().items()
            ],
            "years": _apply(base, filters, "year")
            .annotate(y=ExtractYear("published_at"))
            .values("y")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-y"),
            "sort": sort,
            "sorts": CATALOGUE_SORTS,
            "feed_query": "&".join(
                f"{k}={v}" for k, v in filters.items() if v and k in ("column", "category", "genre")
            ),
        },
    )


def neighbours(doc) -> tuple[Any, Any]:
    """上一篇/下一篇 in the document's column (its 主题分类 at its agency), in the list's order
    (newest first): 上一篇 is the one listed above it (newer), 下一篇 the one below (older)."""
    column = selectors.published().filter(agency_id=doc.agency_id, category_id=doc.category_id)
    if doc.published_at is None:
        return None, None
    newer = column.filter(
        Q(published_at__gt=doc.published_at) | Q(published_at=doc.published_at, pk__gt=doc.pk)
    )
    older = column.filter(
        Q(published_at__lt=doc.published_at) | Q(published_at=doc.published_at, pk__lt=doc.pk)
    )
    return newer.order_by("published_at", "pk").first(), older.order_by("-published_at", "-pk").first()


def document(request, slug: str, pk: int):
    agency = _agency(slug)
    doc = get_object_or_404(
        selectors.published_or_withdrawn().select_related("agency", "category", "genre", "amended_by"),
        agency=agency,
        pk=pk,
    )
    withdrawn = selectors.is_withdrawn(doc)
    previous, following = (None, None) if withdrawn else neighbours(doc)
    size = request.GET.get("fs", "m")
    return render(
        request,
        "portal/document.html",
        {
            "agency": agency,
            "document": doc,
            "withdrawn": withdrawn,
            "body": mark_signature(doc.body),
            "article": article_meta(request, doc),
            "attachments": [] if withdrawn else doc.attachments.all(),
            "interpretations": selectors.published().filter(interprets=doc),
            "interprets": doc.interprets if doc.interprets_id and doc.interprets.is_public else None,
            "previous": previous,
            "following": following,
            "font_size": size if size in FONT_SIZES else "m",
            "font_sizes": FONT_SIZES,
            "back_url": reverse("portal:catalogue", args=[agency.slug]) + f"?category={doc.category.code}",
        },
    )


def attachment(request, slug: str, pk: int, attachment_id: int):
    doc = get_object_or_404(selectors.published(), agency__slug=slug, pk=pk)
    att = selectors.published_attachment(doc, attachment_id)
    if att is None:
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


def guide(request, slug: str):
    """The agency's 政府信息公开指南 (Art. 12 and Art. 27–29: how to apply)."""
    return render(request, "portal/guide.html", {"agency": _agency(slug)})


def sitemap(request):
    """网站地图: every agency and its columns."""
    return render(
        request,
        "portal/sitemap.html",
        {"agencies": Agency.objects.order_by("path"), "columns": columns.STATUTORY},
    )
