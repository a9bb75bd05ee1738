"""Included by :mod:`gongkai.core.staff_urls` in the ``staff`` namespace (``staff:dashboard``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
