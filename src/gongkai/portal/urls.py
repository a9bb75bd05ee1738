from django.urls import path

from . import views
from .feeds import AgencyFeed

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("<slug:slug>/", views.agency_home, name="agency"),
    path("<slug:slug>/catalogue/", views.catalogue, name="catalogue"),
    path("<slug:slug>/guide/", views.guide, name="guide"),
    path("<slug:slug>/feed/", AgencyFeed(), name="feed"),
    path("<slug:slug>/doc/<int:pk>/", views.document, name="document"),
    path("<slug:slug>/doc/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
