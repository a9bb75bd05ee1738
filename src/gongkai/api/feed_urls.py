from django.urls import path

from .feeds import KINDS, DocumentsFeed, RepliesFeed, SearchFeed

app_name = "feeds"
urlpatterns = [
    path(
        f"{name}.{kind}",
        type(f"{cls.__name__}_{kind}", (cls,), {"feed_type": feed_type})(),
        name=f"{name}-{kind}",
    )
    for name, cls in (("documents", DocumentsFeed), ("search", SearchFeed), ("replies", RepliesFeed))
    for kind, feed_type in KINDS.items()
]
