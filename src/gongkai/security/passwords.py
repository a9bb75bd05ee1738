"""Password validators (AUTH_PASSWORD_VALIDATORS) for the policy in ``gongkai.rules.passwords``:
length, character classes, not the username, not one of the last N passwords; and the record of
when each password was set (for the 90-day change)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.rules import passwords as policy


class PolicyValidator:
    def validate(self, password, user=None):
        found = policy.problems(
            password,
            getattr(user, "username", "") or "",
            min_length=settings.GONGKAI_PASSWORD_MIN_LENGTH,
            min_classes=settings.GONGKAI_PASSWORD_MIN_CLASSES,
        )
        if found:
            raise ValidationError(found, code="password_policy")

    def get_help_text(self):
        return (
            f"密码至少{settings.GONGKAI_PASSWORD_MIN_LENGTH}位，包含大写字母、小写字母、数字、符号中的至少"
            f"{settings.GONGKAI_PASSWORD_MIN_CLASSES}类，且不能包含用户名。"
        )


class HistoryValidator:
    """Refuses the last ``GONGKAI_PASSWORD_HISTORY`` passwords (the current one included); records
    every new password (its hash) and the time it was set."""

    def validate(self, password, user=None):
        count = settings.GONGKAI_PASSWORD_HISTORY
        if user is None or user.pk is None or not count:
            return
        from .models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[:count]
        )
        if user.password:
            hashes.append(
                get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first() or ""
            )
        if any(h and check_password(password, h) for h in hashes):
            raise ValidationError(f"新密码不能与最近{count}次使用过的密码相同。", code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        now = timezone.now()
        PasswordHistory.objects.create(user_id=user.pk, password=user.password, changed_at=now)
        keep = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[
            : max(settings.GONGKAI_PASSWORD_HISTORY, 1)
        ]
        PasswordHistory.objects.filter(user_id=user.pk).exclude(pk__in=list(keep)).delete()
        get_user_model().objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self):
        return f"不能与最近{settings.GONGKAI_PASSWORD_HISTORY}次使用过的密码相同。"
