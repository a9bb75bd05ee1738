from django.urls import path

from . import portal_views as views

app_name = "delivery_portal"
urlpatterns = [
    path("<slug:slug>/apply/<int:pk>/files/<int:fid>/", views.download, name="file"),
    path("<slug:slug>/apply/<int:pk>/email/<str:token>/", views.email_files, name="email_files"),
    path("<slug:slug>/apply/<int:pk>/email/<str:token>/<int:fid>/", views.email_download, name="email_file"),
]
