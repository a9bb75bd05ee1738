"""Public pages. Documents are read only through ``Document.objects.public()`` (and, for the
document page of a withdrawn item, ``public_or_withdrawn()``, which shows the withdrawal notice
without the content)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Attachment, Category, Document, Genre, State


def index(request):
    agencies = Agency.objects.all().order_by("path")
    latest = Document.objects.public().select_related("agency", "category")[:15]
    return render(request, "portal/index.html", {"agencies": agencies, "latest": latest})


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def agency_home(request, slug: str):
    agency = _agency(slug)
    docs = Document.objects.public().filter(agency=agency).select_related("category")
    categories = (Category.objects.filter(document__in=docs).annotate(n=Count("document")).order_by("order"))
    return render(request, "portal/agency.html", {
        "agency": agency, "latest": docs[:10], "categories": categories,
        "children": agency.children.all(), "interpretations": docs.filter(interprets__isnull=False)[:5],
    })


def catalogue(request, slug: str):
    """The disclosure catalogue (公开目录, Art. 12) by 主题分类, 体裁 and year."""
    agency = _agency(slug)
    docs = Document.objects.public().filter(agency=agency).select_related("category", "genre")
    facets_base = docs
    category = request.GET.get("category", "")
    genre = request.GET.get("genre", "")
    year = request.GET.get("year", "")
    if category:
        docs = docs.filter(category__code=category)
    if genre:
        docs = docs.filter(genre__name=genre)
    if year.isdigit():
        docs = docs.filter(published_at__year=int(year))
    page = Paginator(docs, 20).get_page(request.GET.get("page"))
    return render(request, "portal/catalogue.html", {
        "agency": agency, "page": page,
        "categories": Category.objects.filter(document__in=facets_base).annotate(n=Count("document")),
        "genres": Genre.objects.filter(document__in=facets_base).annotate(n=Count("document")),
        "years": facets_base.annotate(y=ExtractYear("published_at")).values_list("y", flat=True)
        .distinct().order_by("-y"),
        "category": category, "genre": genre, "year": year,
    })


def document(request, slug: str, pk: int):
    agency = _agency(slug)
    doc = get_object_or_404(
        Document.objects.public_or_withdrawn().select_related("agency", "category", "genre", "amended_by"),
        agency=agency, pk=pk,
    )
    withdrawn = doc.state == State.WITHDRAWN
    return render(request, "portal/document.html", {
        "agency": agency, "document": doc, "withdrawn": withdrawn,
        "attachments": [] if withdrawn else doc.attachments.all(),
        "interpretations": Document.objects.public().filter(interprets=doc),
        "interprets": doc.interprets if doc.interprets_id and doc.interprets.is_public else None,
    })


def attachment(request, slug: str, pk: int, attachment_id: int):
    doc = get_object_or_404(Document.objects.public(), agency__slug=slug, pk=pk)
    att = get_object_or_404(Attachment, pk=attachment_id, document=doc)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


def guide(request, slug: str):
    """The agency's 政府信息公开指南 (Art. 12 and Art. 27–29: how to apply)."""
    return render(request, "portal/guide.html", {"agency": _agency(slug)})
