from django.urls import path

from . import opendata

urlpatterns = [
    path("", opendata.page, name="opendata"),
]
