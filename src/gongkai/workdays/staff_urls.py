from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/preview/", views.preview, name="calendar_preview"),
    path("calendar/save/", views.save, name="calendar_save"),
    path("calendar/<int:year>/edit/", views.edit, name="calendar_edit"),
]
