import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=20)
def sync_embedded_index(self, ids: list[int]) -> int:
    """After commit: bring the embedded (tantivy) index in line with the search table for ``ids``.

    tantivy allows one writer at a time: route this task to a queue with one worker. If another
    process holds the index anyway, the task retries; searches stay correct meanwhile because hits
    are filtered against the search table.
    """
    from .services import EMBEDDED, backend_name, sync_embedded

    if backend_name() != EMBEDDED:
        return 0
    try:
        return sync_embedded(list(ids))
    except ValueError as exc:  # tantivy: "Failed to acquire Lockfile: LockBusy"
        if self.request.is_eager:
            logger.warning(
                "检索索引正被其他进程写入，本次未更新（%s 条）；可稍后运行 rebuild_index：%s", len(ids), exc
            )
            return 0
        raise self.retry(exc=exc, countdown=5) from exc
