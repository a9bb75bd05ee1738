from django.urls import path

from . import views

urlpatterns = [
    path("sitecheck/", views.sites, name="sitecheck"),
    path("sitecheck/<int:pk>/", views.site_detail, name="sitecheck_site"),
    path("sitecheck/<int:pk>/run/", views.run_now, name="sitecheck_run_now"),
    path("sitecheck/runs/<int:pk>/", views.run_detail, name="sitecheck_run"),
    path("sitecheck/runs/<int:pk>/progress/", views.run_progress, name="sitecheck_run_progress"),
    path("sitecheck/runs/<int:pk>/report.<str:fmt>", views.run_export, name="sitecheck_export"),
]
