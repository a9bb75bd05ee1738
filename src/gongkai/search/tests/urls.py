"""URLs for the search tests: the search pages before the portal's catch-all agency slugs."""

from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.portal.urls")),
]
