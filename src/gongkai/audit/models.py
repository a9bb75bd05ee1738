"""The audit trail (审计记录): who changed what, when, from which state to which, and why.

Append-only (GB/T 22239-2019 8.1.4.3 安全审计 c): rows are never updated or deleted — the model and
its querysets refuse it, and on PostgreSQL a trigger refuses it too (migration 0002). Each row
carries the hash of the one before (``gongkai.rules.audit_chain``); :class:`AuditHead` records the
last hash and the count, so that deleting the newest rows is detected as well.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""

    def __init__(self, what: str = "修改或删除") -> None:
        super().__init__(f"审计记录只能追加，不能{what}。")


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("删除")

    def update(self, **kwargs):
        raise AppendOnlyError("修改")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("修改")


class AuditEntry(models.Model):
    """One state change of any record, or one security event. Written in the same transaction as
    the change, through :func:`gongkai.audit.services.record`."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    actor_label = models.CharField(
        "操作人", max_length=80, blank=True, help_text="系统任务或公众提交时的说明"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="机关",
    )
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    action = models.CharField("操作", max_length=60)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    reason = models.TextField("理由", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    source_ip = models.CharField("来源地址", max_length=45, blank=True, db_index=True)
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True, editable=False)
    hash = models.CharField("哈希", max_length=64, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or self.actor} {self.action_label}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("删除")

    @property
    def action_label(self) -> str:
        from .labels import action_label

        return action_label(self.object_type, self.action)

    @property
    def object_label(self) -> str:
        from .labels import object_label

        return object_label(self.object_type)

    @property
    def from_label(self) -> str:
        from .labels import state_label

        return state_label(self.object_type, self.from_state)

    @property
    def to_label(self) -> str:
        from .labels import state_label

        return state_label(self.object_type, self.to_state)

    def chain_fields(self) -> dict:
        """The hashed fields, as they read back from the database."""
        at = self.at.astimezone(dt.UTC).isoformat() if self.at else None
        return {
            "at": at,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "agency_id": self.agency_id,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "action": self.action,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "reason": self.reason,
            "data": self.data,
            "source_ip": self.source_ip,
            "prev_hash": self.prev_hash,
        }


class AuditHead(models.Model):
    """The chain's head: one row (pk 1) holding the last hash and the number of entries. Locked
    (SELECT … FOR UPDATE) by every writer, so that concurrent transactions chain one after another."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"审计链头（{self.count}条）"
