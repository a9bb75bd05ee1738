"""What a locked-out login attempt sees (django-axes' AXES_LOCKOUT_CALLABLE), in Chinese."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "security/locked.html",
        {
            "message": f"登录失败次数过多，账号或本机地址已被锁定，请{minutes}分钟后再试，或联系安全管理员解锁。",
        },
        status=429,
    )
