"""The session and access policy for staff (GB/T 22239-2019 8.1.4.1 身份鉴别, 8.1.4.2 访问控制):

- a session ends after ``GONGKAI_SESSION_IDLE_MINUTES`` without a request, and when its user logs
  out anywhere (the user's session epoch moved on);
- demo accounts cannot be used in the production profile;
- before anything else, a password that must be changed (first login, older than
  ``GONGKAI_PASSWORD_MAX_AGE_DAYS``) is changed, and a second factor that is required is enrolled;
- the audit administrator reaches the audit pages and nothing else;
- refused access (403, and the 404s of :class:`gongkai.agencies.scoping.Refused`) is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.scoping import Refused
from gongkai.rules.passwords import expired

from . import events, otp
from .signals import SESSION_EPOCH, SESSION_SEEN

# Pages a user with a pending obligation (password, second factor) may still reach.
_ALWAYS = ("staff:login", "staff:login_otp", "staff:logout", "staff:password_change", "staff:otp_setup")
_AUDIT_ADMIN_PAGES = (*_ALWAYS, "staff:audit", "staff:otp_recovery")


def _paths(names) -> tuple[str, ...]:
    return tuple(reverse(name) for name in names)


def _protected(path: str) -> bool:
    return path.startswith(("/staff/", "/admin/"))


class SecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._check(request, user)
            if response is not None:
                return response
        response = self.get_response(request)
        if response.status_code == 403 and getattr(request, "user", None) is not None:
            self._refused(request, "禁止访问")
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Refused):
            self._refused(request, "不属于本人机关或角色的记录")
        return None

    def _refused(self, request, reason: str) -> None:
        user = request.user if request.user.is_authenticated else None
        events.security_event(
            events.ACCESS_REFUSED,
            user=user,
            reason=reason,
            data={"path": request.path[:200], "method": request.method},
        )

    def _check(self, request, user):
        session = request.session
        now = int(timezone.now().timestamp())
        if session.get(SESSION_EPOCH, user.session_epoch) != user.session_epoch:
            return self._end(request, "您已退出登录（在本机或其他地方），请重新登录。")
        seen = session.get(SESSION_SEEN, now)
        if now - seen > settings.GONGKAI_SESSION_IDLE_MINUTES * 60:
            events.security_event(
                events.SESSION_EXPIRED,
                user=user,
                reason=f"超过{settings.GONGKAI_SESSION_IDLE_MINUTES}分钟未操作",
            )
            return self._end(
                request, f"已超过{settings.GONGKAI_SESSION_IDLE_MINUTES}分钟未操作，请重新登录。"
            )
        if now - seen >= 30 or SESSION_SEEN not in session:  # not a session write on every request
            session[SESSION_SEEN] = now
        if settings.GONGKAI_PRODUCTION and user.is_demo_account:
            self._refused(request, "生产环境中的演示账号")
            return self._end(request, "演示账号不能在生产环境中使用。")
        if not _protected(request.path):
            return None
        path = request.path
        if path.startswith(_paths(_ALWAYS)):
            return None
        if user.must_change_password or expired(
            user.password_changed_at, timezone.now(), settings.GONGKAI_PASSWORD_MAX_AGE_DAYS
        ):
            messages.warning(request, "请先修改密码：首次登录或密码已超过有效期。")
            return redirect("staff:password_change")
        if otp.required_for(user) and not otp.has_device(user):
            return redirect("staff:otp_setup")
        if user.is_audit_admin and path == reverse("staff:dashboard"):
            return redirect("staff:audit")  # the login lands here: the auditor's home is the audit log
        if user.is_audit_admin and not path.startswith(_paths(_AUDIT_ADMIN_PAGES)):
            self._refused(request, "审计管理员只能查看审计记录")
            response = render(
                request, "security/refused.html", {"message": "审计管理员只能查看审计记录。"}, status=403
            )
            response.gongkai_error_page = True  # already the Chinese page: not replaced by the generic one
            return response
        return None

    def _end(self, request, message: str):
        """End this session only (not a logout: the user's other sessions are left alone)."""
        request.session.flush()
        request.user = AnonymousUser()
        messages.info(request, message)
        if _protected(request.path):
            return redirect(f"{reverse('staff:login')}?next={request.path}")
        return None
