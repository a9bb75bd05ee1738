from django.urls import path

from . import portal_views as views

app_name = "interaction_portal"
urlpatterns = [
    path("<slug:slug>/interaction/", views.boxes, name="boxes"),
    path("<slug:slug>/interaction/replies/", views.replies, name="replies"),
    path("<slug:slug>/interaction/proposals/", views.proposals, name="proposals"),
    path("<slug:slug>/interaction/query/", views.lookup, name="lookup"),
    path("<slug:slug>/interaction/box/<int:box_id>/", views.box, name="box"),
    path("<slug:slug>/interaction/box/<int:box_id>/write/", views.write, name="write"),
    path("<slug:slug>/interaction/m/<int:pk>/", views.status, name="status"),
    path("<slug:slug>/interaction/m/<int:pk>/done/", views.done, name="done"),
    path("<slug:slug>/interaction/m/<int:pk>/rate/", views.rate, name="rate"),
]
