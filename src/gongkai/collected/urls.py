from django.urls import path

from . import supervision_views, views

urlpatterns = [
    path("collected/", views.report_list, name="collected"),
    path("collected/upload/", views.upload, name="collected_upload"),
    path("collected/compare/", views.compare, name="collected_compare"),
    path("collected/compare.xlsx", views.compare_xlsx, name="collected_xlsx"),
    path("collected/<int:pk>/", views.detail, name="collected_report"),
    path("collected/review/", supervision_views.review, name="collected_supervision"),
    path("collected/review/table.xlsx", supervision_views.review_file, name="collected_supervision_xlsx"),
    path(
        "collected/review/bulletin/",
        supervision_views.bulletin_request,
        name="collected_supervision_bulletin",
    ),
    path(
        "collected/review/bulletin/status",
        supervision_views.bulletin_status,
        name="collected_supervision_bulletin_status",
    ),
    path(
        "collected/review/bulletin.pdf",
        supervision_views.bulletin_file,
        {"fmt": "pdf"},
        name="collected_supervision_pdf",
    ),
    path(
        "collected/review/bulletin.docx",
        supervision_views.bulletin_file,
        {"fmt": "docx"},
        name="collected_supervision_docx",
    ),
]
