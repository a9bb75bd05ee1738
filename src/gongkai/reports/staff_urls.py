from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/rollup/", views.rollup_page, name="reports_rollup"),
    path("reports/rollup.xlsx", views.rollup_file, name="reports_rollup_file"),
    path("reports/rollup/sum.<str:fmt>", views.rollup_sum_file, name="reports_rollup_sum"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/report.<str:fmt>", views.report_file, name="report_file"),
    path("reports/<int:pk>/<slug:action>/", views.report_act, name="report_act"),
]
