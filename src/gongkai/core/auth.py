"""Staff login with throttling: too many failures for a username or an address lock it out
for a while (settings LOGIN_MAX_FAILURES, LOGIN_FAILURE_WINDOW_SECONDS)."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache


def _keys(request, username: str) -> list[str]:
    ip = request.META.get("REMOTE_ADDR", "") if request else ""
    digest = hashlib.sha256((username or "").lower().encode()).hexdigest()[:24]
    return [f"login-fail:user:{digest}", f"login-fail:ip:{ip}"]


def failures(request, username: str) -> int:
    return max(cache.get(k, 0) for k in _keys(request, username))


def note_failure(request, username: str) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
        "throttled": "登录失败次数过多，请 %(minutes)d 分钟后再试。",
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if failures(self.request, username) >= settings.LOGIN_MAX_FAILURES:
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled",
                                        params={"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60})
        try:
            return super().clean()
        except forms.ValidationError:
            note_failure(self.request, username)
            raise


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
