from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/otp/", views.login_otp, name="login_otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/otp/", views.otp_setup, name="otp_setup"),
    path("account/otp/recovery/", views.otp_recovery, name="otp_recovery"),
    path("security/lockouts/", views.lockouts, name="lockouts"),
    path("security/lockouts/<int:pk>/unlock/", views.unlock, name="unlock"),
]
