from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("appeals/", views.case_list, name="appeals"),
    path("appeals/<int:pk>/", views.detail, name="appeal"),
    path("applications/<int:application_pk>/appeals/new/", views.create, name="appeal_create"),
]
