"""Django's and axes' authentication signals → session bookkeeping and the audit."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from . import events

SESSION_EPOCH = "gongkai_session_epoch"
SESSION_SEEN = "gongkai_last_seen"


@receiver(user_logged_in, dispatch_uid="gongkai-security-login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_EPOCH] = user.session_epoch
        request.session[SESSION_SEEN] = int(timezone.now().timestamp())
    events.security_event(events.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="gongkai-security-logout")
def _logged_out(sender, request, user, **kwargs):
    """Logging out ends every session of the user, on every device (the epoch moves on)."""
    if user is None or not getattr(user, "pk", None):
        return
    get_user_model().objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    events.security_event(events.LOGOUT, user=user, reason="结束该用户的全部会话")


@receiver(user_login_failed, dispatch_uid="gongkai-security-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    user = get_user_model().objects.filter(username=username).select_related("agency").first()
    step = getattr(request, "gongkai_login_step", "") if request is not None else ""
    events.security_event(
        events.LOGIN_FAILED,
        username=username,
        reason="动态口令或恢复码错误" if step == "otp" else "用户名或密码错误",
        agency=user.agency if user else None,
        data={"username": username[:150]},
    )


def lock_audit_key(username, ip_address) -> str:
    return f"lockout-audited:{username or ''}" if username else f"lockout-audited-ip:{ip_address}"


@receiver(user_locked_out, dispatch_uid="gongkai-security-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    """Axes signals on every attempt while locked: the audit gets the lock once per cool-off."""
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if not cache.add(lock_audit_key(username, ip_address), 1, window):
        return
    user = (
        get_user_model().objects.filter(username=username).select_related("agency").first()
        if username
        else None
    )
    events.security_event(
        events.LOCKED_OUT,
        username=username or "",
        agency=user.agency if user else None,
        reason=f"登录失败{settings.AXES_FAILURE_LIMIT}次，锁定{window // 60}分钟",
        data={"username": (username or "")[:150], "ip": ip_address},
    )
