from django.urls import path

from . import views

urlpatterns = [
    path("collected/", views.report_list, name="collected"),
    path("collected/upload/", views.upload, name="collected_upload"),
    path("collected/compare/", views.compare, name="collected_compare"),
    path("collected/compare.xlsx", views.compare_xlsx, name="collected_xlsx"),
    path("collected/<int:pk>/", views.detail, name="collected_report"),
]
