"""Writing the audit trail. Call :func:`record` inside the transaction that makes the change."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from gongkai.rules.audit_chain import GENESIS, entry_hash

from .context import current_source_ip
from .models import AuditEntry, AuditHead


def object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def _lock_head() -> AuditHead:
    """The chain head, created if missing, locked until the calling transaction ends: concurrent
    writers wait here, so each links to the one committed before it."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.bulk_create([AuditHead(pk=1, last_hash=GENESIS, count=0)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def _plain(data: dict[str, Any] | None) -> dict[str, Any]:
    """``data`` as it will read back from a JSON column (dates as text, tuples as lists)."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def append(
    *,
    object_type: str,
    object_id: str,
    action: str,
    actor=None,
    actor_label: str = "",
    agency=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    source_ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain (its own transaction, or the caller's)."""
    authenticated = getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head = _lock_head()
        entry = AuditEntry(
            actor=actor if authenticated else None,
            actor_label=(actor_label or (actor.display_name if authenticated else "系统"))[:80],
            agency=agency,
            object_type=object_type,
            object_id=str(object_id)[:40],
            action=action[:60],
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            data=_plain(data),
            source_ip=(current_source_ip() if source_ip is None else source_ip)[:45],
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry.chain_fields())
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(last_hash=entry.hash, count=models.F("count") + 1)
    return entry


def record(
    obj: models.Model,
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    agency=None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    if agency is None:
        agency = getattr(obj, "agency", None)
    return append(
        object_type=object_type(obj),
        object_id=str(obj.pk),
        action=action,
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type(obj), object_id=str(obj.pk)).select_related(
        "actor"
    )
