from django.urls import path, re_path

from . import opendata

urlpatterns = [
    path("", opendata.page, name="opendata"),
    re_path(r"^documents\.(?P<fmt>csv|xlsx)$", opendata.documents, name="opendata-documents"),
    re_path(r"^figures\.(?P<fmt>csv|xlsx)$", opendata.figures, name="opendata-figures"),
]
