"""Checking and archiving the audit chain (``gongkai audit verify`` / ``gongkai audit archive``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from gongkai.rules.audit_chain import GENESIS, Break, verify

from .models import AuditEntry, AuditHead

_VALUES = (
    "pk",
    "at",
    "actor_id",
    "actor_label",
    "agency_id",
    "object_type",
    "object_id",
    "action",
    "from_state",
    "to_state",
    "reason",
    "data",
    "source_ip",
    "prev_hash",
    "hash",
)


def _rows(queryset) -> Iterator[dict]:
    for row in queryset.order_by("pk").values(*_VALUES).iterator(chunk_size=2000):
        row["at"] = row["at"].astimezone(dt.UTC).isoformat()
        yield row


def verify_database() -> tuple[int, list[Break]]:
    """(number of rows, the breaks) of the whole chain against the head."""
    head = AuditHead.objects.filter(pk=1).first()
    count = AuditEntry.objects.count()
    breaks = verify(
        _rows(AuditEntry.objects.all()),
        head_hash=head.last_hash if head else GENESIS,
        head_count=head.count if head else 0,
    )
    return count, breaks


def write_archive(
    path: Path, *, since: dt.datetime | None = None, before: dt.datetime | None = None
) -> tuple[int, str]:
    """Write the entries in [since, before) to ``path`` as JSON lines, with their hashes, and a
    ``.sha256`` file beside it. Returns (rows written, SHA-256 of the file)."""
    queryset = AuditEntry.objects.all()
    if since:
        queryset = queryset.filter(at__gte=since)
    if before:
        queryset = queryset.filter(at__lt=before)
    digest = hashlib.sha256()
    count = 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as out:
        for row in _rows(queryset):
            line = (
                json.dumps(row, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder) + "\n"
            ).encode()
            out.write(line)
            digest.update(line)
            count += 1
    tmp.replace(path)
    sha = digest.hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{sha}  {path.name}\n", encoding="utf-8")
    return count, sha


def verify_archive(path: Path) -> tuple[int, list[Break]]:
    """Check an archive file: every row's hash and every link inside it (its first link is taken
    as given), and the file against its ``.sha256`` when present."""
    breaks: list[Break] = []
    sidecar = path.with_name(path.name + ".sha256")
    data = path.read_bytes()
    if (
        sidecar.exists()
        and sidecar.read_text(encoding="utf-8").split()[0] != hashlib.sha256(data).hexdigest()
    ):
        breaks.append(Break(None, f"归档文件 {path.name} 的 SHA-256 与 {sidecar.name} 不符。"))
    try:
        rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return 0, [Break(None, f"归档文件 {path.name} 不是审计归档（JSON 行）：{exc}")]
    breaks.extend(verify(rows, start=None))
    return len(rows), breaks
