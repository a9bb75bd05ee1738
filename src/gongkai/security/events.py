"""Security events in the audit trail (GB/T 22239-2019 8.1.4.3 安全审计 a/b): login, logout,
failed login, lock-out, refused access, password and second-factor changes, exports of personal
data — each with the source address (set per request by the audit middleware)."""

from __future__ import annotations

from typing import Any

from gongkai.audit.services import append

OBJECT_TYPE = "security.event"

LOGIN = "登录"
LOGOUT = "退出登录"
LOGIN_FAILED = "登录失败"
LOCKED_OUT = "账号锁定"
UNLOCKED = "解除锁定"
SESSION_EXPIRED = "会话超时"
ACCESS_REFUSED = "拒绝访问"
PASSWORD_CHANGED = "修改密码"  # noqa: S105 - an event label
OTP_ENROLLED = "启用双因素认证"
OTP_RESET = "重置双因素认证"
RECOVERY_CODE_USED = "使用恢复码"
PERSONAL_DATA_EXPORTED = "导出个人信息"


def security_event(
    action: str,
    *,
    user=None,
    username: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    object_type: str = OBJECT_TYPE,
    object_id: str = "",
    agency=None,
) -> None:
    """Append one security event. ``user`` is the member of staff concerned (the actor), or
    ``username`` when no account is known (a failed login under an unknown name)."""
    authenticated = getattr(user, "is_authenticated", False)
    label = user.display_name if authenticated else (f"用户名：{username}"[:80] if username else "匿名")
    append(
        object_type=object_type,
        object_id=object_id or (str(user.pk) if authenticated else username or "-"),
        action=action,
        actor=user if authenticated else None,
        actor_label=label,
        agency=getattr(user, "agency", None) if authenticated else agency,
        reason=reason,
        data=data,
    )


def personal_data_exported(user, what: str, obj, **data) -> None:
    """A member of staff downloaded a file holding applicants' personal data."""
    security_event(
        PERSONAL_DATA_EXPORTED,
        user=user,
        reason=what,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
