from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("applications/<int:pk>/reply-files/add/", views.attach, name="delivery_attach"),
    path("applications/<int:pk>/reply-files/<int:fid>/download/", views.download, name="delivery_file"),
    path(
        "applications/<int:pk>/reply-files/<int:fid>/page-<int:page>.png",
        views.page_image,
        name="delivery_page",
    ),
    path("applications/<int:pk>/reply-files/<int:fid>/redact/", views.redact_page, name="delivery_redact"),
    path(
        "applications/<int:pk>/reply-files/<int:fid>/redact/<slug:action>/",
        views.redact_action,
        name="delivery_redact_action",
    ),
    path(
        "applications/<int:pk>/reply-files/<int:fid>/<slug:action>/",
        views.file_action,
        name="delivery_file_action",
    ),
    path("applications/<int:pk>/service/record/", views.service, name="delivery_service"),
    path("applications/<int:pk>/service/slip.pdf", views.service_slip, name="delivery_service_slip"),
]
