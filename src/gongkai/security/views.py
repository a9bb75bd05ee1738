"""Staff login (password, then the second factor), password change, second-factor enrolment and
the security administrator's unlock page."""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import Refused

from . import events, otp
from .forms import StaffAuthenticationForm, StaffPasswordChangeForm, TokenForm
from .signals import lock_audit_key

PENDING = "gongkai_otp_pending"
PENDING_KEY = "gongkai_otp_setup_key"
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    """Step one: username and password (django-axes counts the failures). A user with a second
    factor goes on to step two; no session is opened before it."""

    template_name = "staff/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if settings.GONGKAI_PRODUCTION and user.is_demo_account:
            events.security_event(
                events.ACCESS_REFUSED,
                user=None,
                username=user.username,
                agency=user.agency,
                reason="生产环境中的演示账号",
            )
            form.add_error(None, "演示账号不能在生产环境中使用。")
            return self.form_invalid(form)
        if otp.has_device(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "at": int(time.time()),
            }
            return redirect("staff:login_otp")
        return super().form_valid(form)


def login_otp(request):
    """Step two: the TOTP code or a recovery code. Wrong codes count as failed logins (lock-out)."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, "请重新输入用户名和密码。")
        return redirect("staff:login")
    user = get_object_or_404(get_user_model(), pk=pending["user"], is_active=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.username}
        device = None
        if not AxesProxyHandler.is_locked(request, credentials):
            device = otp.verify(user, form.cleaned_data["token"])
        if device is None:
            request.gongkai_login_step = "otp"
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error(None, "动态口令或恢复码不正确。")
        else:
            request.session.pop(PENDING, None)
            user.otp_device = device  # django-otp keeps the verified device in the new session
            auth_login(request, user, backend=pending["backend"])
            if isinstance(device, StaticDevice):
                events.security_event(
                    events.RECOVERY_CODE_USED, user=user, reason=f"剩余{device.token_set.count()}个恢复码"
                )
            return redirect(pending["next"] or settings.LOGIN_REDIRECT_URL)
    return render(request, "security/login_otp.html", {"form": form, "username": user.username})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "security/password_change.html"
    form_class = StaffPasswordChangeForm
    success_url = reverse_lazy("staff:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        get_user_model().objects.filter(pk=user.pk).update(must_change_password=False)
        events.security_event(events.PASSWORD_CHANGED, user=user)
        messages.success(self.request, "密码已修改。")
        return response


@login_required
def otp_setup(request):
    """Bind an authenticator app: a new key shown as a QR code and as text, confirmed by a code;
    ten recovery codes are shown once."""
    user = request.user
    key = request.session.get(PENDING_KEY)
    if not key:
        key = otp.new_key()
        request.session[PENDING_KEY] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.token_matches(key, form.cleaned_data["token"]):
            codes = otp.enrol(user, key)
            request.session.pop(PENDING_KEY, None)
            events.security_event(events.OTP_ENROLLED, user=user)
            return render(request, "security/recovery_codes.html", {"codes": codes})
        form.add_error("token", "动态口令不正确，请核对手机时间后重试。")
    return render(
        request,
        "security/otp_setup.html",
        {
            "form": form,
            "qr": otp.qr_svg(otp.config_url(user, key)),
            "secret": otp.secret_text(key),
            "enrolled": otp.has_device(user),
            "required": otp.required_for(user),
        },
    )


@login_required
@require_POST
def otp_recovery(request):
    """New recovery codes (the old ones stop working), confirmed by a current TOTP code."""
    form = TokenForm(request.POST)
    device = otp.verify(request.user, form.data.get("token", "")) if form.is_valid() else None
    if device is None or isinstance(device, StaticDevice):
        messages.error(request, "请输入手机上的当前动态口令。")
        return redirect("staff:otp_setup")
    codes = otp.new_recovery_codes(request.user)
    events.security_event("重新生成恢复码", user=request.user)
    return render(request, "security/recovery_codes.html", {"codes": codes})


def _require_security_admin(request):
    if (
        not request.user.is_authenticated
        or not request.user.has_role(Role.SECURITY_ADMIN)
        or request.user.agency_id is None
    ):
        raise Refused("无此页面")


def _visible_usernames_q(user) -> Q:
    """Lock-outs of staff in the security administrator's subtree; at a root agency also those of
    unknown names and of addresses."""
    User = get_user_model()
    inside = User.objects.filter(agency__path__startswith=user.agency.path).values_list("username", flat=True)
    q = Q(username__in=inside)
    if user.agency.parent_id is None:
        q |= ~Q(username__in=User.objects.values_list("username", flat=True)) | Q(username__isnull=True)
    return q


@login_required
def lockouts(request):
    _require_security_admin(request)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = (
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        )
        .filter(_visible_usernames_q(request.user))
        .order_by("-attempt_time")
    )
    return render(
        request, "security/lockouts.html", {"attempts": attempts, "limit": settings.AXES_FAILURE_LIMIT}
    )


@login_required
@require_POST
def unlock(request, pk: int):
    _require_security_admin(request)
    attempt = get_object_or_404(AccessAttempt.objects.filter(_visible_usernames_q(request.user)), pk=pk)
    cache.delete(lock_audit_key(attempt.username, attempt.ip_address))
    user = get_user_model().objects.filter(username=attempt.username).first()
    events.security_event(
        events.UNLOCKED,
        user=request.user,
        reason=f"解除 {attempt.username or '（无用户名）'} 自 {attempt.ip_address} 的锁定",
        object_type="agencies.user",
        object_id=str(user.pk) if user else attempt.username or "-",
        data={"username": attempt.username, "ip": attempt.ip_address},
    )
    AccessAttempt.objects.filter(pk=attempt.pk).delete()
    messages.success(request, f"已解除 {attempt.username or attempt.ip_address} 的锁定。")
    return redirect(reverse("staff:lockouts"))
