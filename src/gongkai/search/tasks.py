from celery import shared_task


@shared_task
def sync_embedded_index(ids: list[int]) -> int:
    """After commit: bring the embedded (tantivy) index in line with the search table for ``ids``.

    In production route this task to a queue with one worker: tantivy allows one writer at a time.
    """
    from .services import EMBEDDED, backend_name, sync_embedded

    if backend_name() != EMBEDDED:
        return 0
    return sync_embedded(list(ids))
