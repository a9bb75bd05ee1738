from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("applications/", views.queue, name="applications"),
    path("applications/overview/", views.overview, name="applications_overview"),
    path("applications/new/", views.register, name="application_register"),
    path("applications/<int:pk>/", views.case, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.act, name="application_act"),
]
