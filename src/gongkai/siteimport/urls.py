from django.urls import path

from . import views

urlpatterns = [
    path("siteimport/", views.runs, name="siteimport"),
    path("siteimport/start/", views.start, name="siteimport_start"),
    path("siteimport/settings/", views.save_settings, name="siteimport_settings"),
    path("siteimport/runs/<int:pk>/", views.run_detail, name="siteimport_run"),
    path("siteimport/runs/<int:pk>/progress/", views.run_progress, name="siteimport_progress"),
    path("siteimport/runs/<int:pk>/import/", views.import_with_mapping, name="siteimport_import"),
    path("siteimport/runs/<int:pk>/undo/", views.undo, name="siteimport_undo"),
    path("siteimport/runs/<int:pk>/restart/", views.restart, name="siteimport_restart"),
]
