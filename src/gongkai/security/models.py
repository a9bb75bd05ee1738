"""Password history: a new password may not repeat one of the last ``GONGKAI_PASSWORD_HISTORY``."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PasswordHistory(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)  # the hash, as in User.password
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"
