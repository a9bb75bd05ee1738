"""The audit trail (审计记录): who changed what, when, from which state to which, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One state change of any record. Written in the same transaction as the change."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    actor_label = models.CharField("操作人", max_length=80, blank=True,
                                   help_text="系统任务或公众提交时的说明")
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name="机关")
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    action = models.CharField("操作", max_length=60)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    reason = models.TextField("理由", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or self.actor} {self.action_label}"

    @property
    def action_label(self) -> str:
        from .labels import action_label

        return action_label(self.object_type, self.action)

    @property
    def from_label(self) -> str:
        from .labels import state_label

        return state_label(self.object_type, self.from_state)

    @property
    def to_label(self) -> str:
        from .labels import state_label

        return state_label(self.object_type, self.to_state)
