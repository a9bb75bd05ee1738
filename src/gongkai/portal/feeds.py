from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.disclosure import selectors

from . import columns


class AgencyFeed(Feed):
    """RSS of an agency's published documents (only what ``public()`` returns); ``?column=``,
    ``?category=`` and ``?genre=`` give the feed of one column of the agency's pages."""

    def get_object(self, request, slug):
        agency = get_object_or_404(Agency, slug=slug)
        get = request.GET
        # The filters ride on this request's agency instance (the Feed object is shared by all requests).
        agency.feed_column = columns.BY_SLUG.get(get.get("column", ""))
        agency.feed_category = get.get("category", "")[:20]
        agency.feed_genre = get.get("genre", "")[:20]
        return agency

    def title(self, obj):
        return f"{obj.name} 政府信息公开" + (f" · {obj.feed_column.name}" if obj.feed_column else "")

    def link(self, obj):
        return reverse("portal:agency", args=[obj.slug])

    def description(self, obj):
        return f"{obj.name}主动公开的政府信息"

    def items(self, obj):
        docs = selectors.published().filter(agency=obj).select_related("agency")
        if obj.feed_column:
            docs = docs.filter(obj.feed_column.query()).distinct()
        if obj.feed_category:
            docs = docs.filter(category__code=obj.feed_category)
        if obj.feed_genre:
            docs = docs.filter(genre__name=obj.feed_genre)
        return docs[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or f"{item.index_number} {item.doc_number}"

    def item_link(self, item):
        return reverse("portal:document", args=[item.agency.slug, item.pk])

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at) if item.published_at else None  # +0800, as on the page
