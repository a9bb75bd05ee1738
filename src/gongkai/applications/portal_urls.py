from django.urls import path

from . import portal_views as views

app_name = "applications_portal"
urlpatterns = [
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/apply/status/", views.lookup, name="lookup"),
    path("<slug:slug>/apply/<int:pk>/done/", views.done, name="done"),
    path("<slug:slug>/apply/<int:pk>/", views.status, name="status"),
    path("<slug:slug>/apply/<int:pk>/letter.<str:kind>", views.letter_file, name="letter"),
]
