"""Writing the audit trail. Call :func:`record` inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry


def object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def record(obj: models.Model, action: str, *, actor=None, actor_label: str = "", from_state: str = "",
           to_state: str = "", reason: str = "", agency=None, data: dict[str, Any] | None = None) -> AuditEntry:
    if agency is None:
        agency = getattr(obj, "agency", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or (actor.display_name if getattr(actor, "is_authenticated", False) else "系统"),
        agency=agency,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type(obj), object_id=str(obj.pk)).select_related("actor")
