"""Runs whose worker is gone (网站迁移批次的中断): an import left 正在导入 when its process or
machine restarted, or queued and never picked up, is marked 已中断 with the reason its page shows,
so that staff can start it again (:func:`.services.restart`; re-running is idempotent).

A running import writes its heartbeat from a thread (:class:`Heartbeat`); :func:`sweep_stale` runs
where writing is expected — the start of an import task, a beat task every 5 minutes, the command
line — never from a page's GET.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.sitecheck.tasks import PeriodicWriter

from .models import ImportRun, Outcome, RunStatus

log = logging.getLogger(__name__)

# A running import writes its heartbeat every HEARTBEAT_SECONDS (a thread of its own, since the
# crawl's event loop may not touch the database). A run whose heartbeat is older than STALE_AFTER
# has lost its worker; a run still queued after QUEUED_STALE_AFTER was never picked up (the thread
# of a restarted demo server, a lost task message). :func:`sweep_stale` marks both 已中断.
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(minutes=10)
QUEUED_STALE_AFTER = timedelta(hours=6)
INTERRUPTED_BY_SIGNAL = (
    "导入被中止（命令行按下了 Ctrl+C 或进程收到停止信号），本批次已中断。"
    "已导入的信息保留；可以重新开始，已导入的不会重复导入。"
)


class Heartbeat(PeriodicWriter):
    """Writes ``heartbeat_at`` of a running import every ``interval`` seconds from a thread, while
    the run goes on (a run without beats is swept). ``live=False`` (inline work inside a test's
    transaction) writes nothing."""

    def __init__(self, run_id: int, *, live: bool, interval: float = HEARTBEAT_SECONDS):
        super().__init__(run_id, interval=interval, live=live, name="siteimport-heartbeat")

    def _write(self) -> None:
        ImportRun.objects.filter(pk=self.run_id).update(heartbeat_at=timezone.now())


def interrupt(run: ImportRun, reason: str, *, last_beat=None) -> None:
    """Mark ``run`` 已中断 with ``reason`` (shown on its page); its counts from the pages it did."""
    counts = Counter(run.items.values_list("outcome", flat=True))
    run.status, run.error, run.finished_at = RunStatus.INTERRUPTED, reason, timezone.now()
    run.created, run.updated = counts[Outcome.CREATED], counts[Outcome.UPDATED]
    run.unchanged, run.failed = counts[Outcome.UNCHANGED], counts[Outcome.FAILED]
    run.save(update_fields=["status", "error", "finished_at", "created", "updated", "unchanged", "failed"])
    record(
        run,
        "import_run_interrupted",
        actor_label="系统",
        agency=run.agency,
        data={
            "reason": reason,
            "last_heartbeat": last_beat.isoformat() if last_beat else None,
            "created": run.created,
            "updated": run.updated,
        },
    )
    log.warning("site import interrupted run_id=%s", run.pk)


def _stale_reason(run: ImportRun) -> str:
    if run.status == RunStatus.QUEUED:
        return (
            f"导入任务排队超过 {int(QUEUED_STALE_AFTER.total_seconds() // 3600)} 小时仍未开始"
            "（后台任务可能已丢失或服务器已重启），本批次已中断。可以重新开始。"
        )
    last = timezone.localtime(run.heartbeat_at or run.started_at)
    return (
        f"导入自 {last:%Y-%m-%d %H:%M} 起超过 {int(STALE_AFTER.total_seconds() // 60)} 分钟没有进展"
        "（运行导入的进程或服务器可能已重启），本批次已中断。"
        "已导入的信息保留；可以重新开始，已导入的不会重复导入。"
    )


@transaction.atomic
def sweep_stale(now: datetime | None = None) -> list[int]:
    """Mark 已中断 the runs whose worker is gone: running without a heartbeat for STALE_AFTER,
    or queued for QUEUED_STALE_AFTER without starting. Called where writing is expected — the
    start of an import task, the periodic beat task, the command line — never from a page's GET.
    Returns the ids of the runs it marked (each audited ``import_run_interrupted``)."""
    from django.db.models import Q

    now = now or timezone.now()
    stale = (
        Q(status=RunStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        | Q(status=RunStatus.RUNNING, heartbeat_at=None, started_at__lt=now - STALE_AFTER)
        | Q(status=RunStatus.QUEUED, started_at__lt=now - QUEUED_STALE_AFTER)
    )
    marked = []
    for run in ImportRun.objects.select_for_update().select_related("agency").filter(stale).order_by("pk"):
        interrupt(run, _stale_reason(run), last_beat=run.heartbeat_at)
        marked.append(run.pk)
    return marked
