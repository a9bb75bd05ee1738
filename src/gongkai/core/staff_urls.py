from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .auth import LoginView

app_name = "staff"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("", include("gongkai.disclosure.staff_urls")),
    path("", include("gongkai.applications.staff_urls")),
    path("", include("gongkai.collected.urls")),
    path("", include("gongkai.appeals.staff_urls")),
    path("", include("gongkai.reports.staff_urls")),
    path("", include("gongkai.sitecheck.urls")),
    path("", include("gongkai.workdays.staff_urls")),
    path("", include("gongkai.interaction.staff_urls")),
]
