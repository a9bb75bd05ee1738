from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("documents/", views.document_list, name="documents"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/attach/", views.document_attach, name="document_attach"),
    path("documents/<int:pk>/validity/", views.document_validity, name="document_validity"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="document_attachment",
    ),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/view/",
        views.attachment_view,
        name="document_attachment_view",
    ),
    path("documents/<int:pk>/<slug:action>/", views.document_transition, name="document_transition"),
]
