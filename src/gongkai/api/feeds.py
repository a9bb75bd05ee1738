"""Atom and RSS feeds of published records: the catalogue (all, one agency with its subtree, one
portal column), any search (the portal's search service) and the published 互动回应. Read through
the apps' selectors: nothing unpublished ever enters a feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from gongkai.agencies import selectors as agencies
from gongkai.disclosure import selectors as disclosure
from gongkai.interaction import selectors as interaction

ITEMS = 50
KINDS = {"atom": Atom1Feed, "rss": Rss201rev2Feed}


def _agency(request):
    slug = request.GET.get("agency", "").strip()
    if not slug:
        return None
    a = agencies.agency_by_slug(slug[:40])
    if a is None:
        raise Http404("没有找到该机关")
    return a


class DocumentsFeed(Feed):
    """``?agency=<slug>`` (with its subtree) and ``?column=<slug>`` (a column of the portal)."""

    def get_object(self, request):
        from gongkai.portal import columns

        column_slug = request.GET.get("column", "").strip()
        column = columns.BY_SLUG.get(column_slug) if column_slug else None
        if column_slug and column is None:
            raise Http404("没有这个栏目")
        return {"agency": _agency(request), "column": column}

    def title(self, obj):
        parts = [obj["agency"].name if obj["agency"] else "全部机关", "政府信息公开"]
        if obj["column"]:
            parts.append(obj["column"].name)
        return " · ".join(parts)

    def link(self, obj):
        return (
            reverse("portal:agency", args=[obj["agency"].slug]) if obj["agency"] else reverse("portal:index")
        )

    def description(self, obj):
        return "主动公开的政府信息"

    def items(self, obj):
        path = obj["agency"].path if obj["agency"] else ""
        if obj["column"]:
            return disclosure.column_documents(obj["column"].query(), path)[:ITEMS]
        return disclosure.public_documents(disclosure.DocumentFilters(agency_path=path))[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or " ".join(x for x in (item.index_number, item.doc_number) if x)

    def item_link(self, item):
        return reverse("portal:document", args=[item.agency.slug, item.pk])

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.updated_at)


class SearchFeed(DocumentsFeed):
    """The newest hits of a portal search (``?q=`` and the search page's filters)."""

    def get_object(self, request):
        from gongkai.search.analysis import QueryError
        from gongkai.search.backends.base import Filters
        from gongkai.search.services import search

        q = request.GET.get("q", "").strip()[:200]
        filters = Filters(
            category=request.GET.get("category", "")[:20], genre=request.GET.get("genre", "")[:20]
        )
        a = _agency(request)
        if a:
            filters.agency_path = a.path
        try:
            found = search(q, filters, "date", 1, ITEMS)
        except QueryError as exc:
            raise Http404(str(exc)) from exc
        return {"agency": a, "column": None, "q": q, "docs": [h.document for h in found.hits]}

    def title(self, obj):
        return f"检索“{obj['q']}” · 政府信息公开"

    def link(self, obj):
        return reverse("search:page") + "?" + f"q={obj['q']}"

    def items(self, obj):
        return obj["docs"]


class RepliesFeed(DocumentsFeed):
    """Published 互动回应 (``?agency=<slug>`` with its subtree)."""

    def get_object(self, request):
        return {"agency": _agency(request), "column": None}

    def title(self, obj):
        return f"{obj['agency'].name if obj['agency'] else '全部机关'} · 互动回应"

    def link(self, obj):
        if obj["agency"]:
            return reverse("interaction_portal:replies", args=[obj["agency"].slug])
        return reverse("portal:index")

    def items(self, obj):
        return interaction.published_under(obj["agency"].path if obj["agency"] else "")[:ITEMS]

    def item_title(self, item):
        from gongkai.core.masking import mask_personal_data

        return mask_personal_data(item.title)

    def item_description(self, item):
        from gongkai.core.masking import mask_personal_data

        return mask_personal_data(item.reply or "")

    def item_link(self, item):
        if item.document_id_published:
            return reverse("portal:document", args=[item.agency.slug, item.document_id_published])
        return reverse("interaction_portal:replies", args=[item.agency.slug]) + f"#m{item.pk}"

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.published_at)
