from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Document


class AgencyFeed(Feed):
    """RSS of an agency's published documents (only what ``public()`` returns)."""

    def get_object(self, request, slug):
        return get_object_or_404(Agency, slug=slug)

    def title(self, obj):
        return f"{obj.name} 政府信息公开"

    def link(self, obj):
        return reverse("portal:agency", args=[obj.slug])

    def description(self, obj):
        return f"{obj.name}主动公开的政府信息"

    def items(self, obj):
        return Document.objects.public().filter(agency=obj)[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or f"{item.index_number} {item.doc_number}"

    def item_link(self, item):
        return reverse("portal:document", args=[item.agency.slug, item.pk])

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at) if item.published_at else None  # +0800, as on the page
