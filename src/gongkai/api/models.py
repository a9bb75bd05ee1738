"""Write tokens of the API (issue 18 item 4): one per system of an agency, created by the agency's
administrator, holding some of the agency's working roles, with an optional expiry, revocable.

The token itself is shown once; only its SHA-256 is stored (with a short public prefix to find it).
Each token acts through its own staff account (no password, cannot sign in): the services check
that account's agency and roles exactly as for a person, and the audit trail names it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.agencies.models import Agency, Role

# The roles a token may hold: the write API creates drafts (编辑) and registers applications
# (申请承办人). Nothing here publishes: publication needs 保密审查 by a person and then 发布.
TOKEN_ROLES = (Role.EDITOR, Role.HANDLER)


class ApiToken(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    name = models.CharField("用途（调用系统名称）", max_length=60)
    prefix = models.CharField("令牌前缀", max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    roles = models.JSONField("角色", default=list)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token", verbose_name="接口账号"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="吊销人",
    )
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def role_labels(self) -> str:
        labels = dict(Role.choices)
        return "、".join(str(labels.get(r, r)) for r in self.roles)

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at:
            return "已吊销"
        if self.expires_at and self.expires_at <= now:
            return "已过期"
        return "有效"

    @property
    def is_usable(self) -> bool:
        return self.status() == "有效"


class IdempotentRequest(models.Model):
    """A write request done once under the client's ``Idempotency-Key``: the same key and body
    answer the stored response again; the same key with another body is refused (409). The
    response may carry an application's 查询码, so it is stored encrypted (``core.crypto``)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    endpoint = models.CharField(max_length=100)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_once")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
