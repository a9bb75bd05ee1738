"""A site import started from the staff page runs off the request (:mod:`gongkai.core.background`:
a Celery worker in production, a thread of the demo server, inline in the tests) and keeps its
progress in its :class:`~.models.ImportRun` row, which the page polls."""

from __future__ import annotations

from celery import shared_task

from gongkai.core import background
from gongkai.sitecheck.tasks import ProgressWriter

from . import services


class _Progress(services.Progress):
    def __init__(self, writer: ProgressWriter):
        self.writer = writer

    def crawled(self, done: int, found: int) -> None:
        self.writer(done, found)

    def imported(self, done: int, total: int) -> None:
        """The import phase runs in this thread, beside its own transactions: written directly."""
        from .models import ImportRun

        if done == 1 or done == total or done % 10 == 0:
            ImportRun.objects.filter(pk=self.writer.run_id).update(imported=done, to_import=total)


@shared_task
def import_site_task(run_id: int) -> int:
    """Run the queued import ``run_id``; returns the number of documents it created. Runs whose
    worker is gone are marked 已中断 first (:func:`.services.sweep_stale`); a run that is no longer
    queued (already running elsewhere, interrupted, restarted) is left alone."""
    from .models import ImportRun, RunStatus

    services.sweep_stale()
    run = ImportRun.objects.select_related("agency", "started_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return 0
    live = background.mode() != "inline"
    writer = ProgressWriter(run.pk, live=live, model=ImportRun)
    try:
        services.execute(run, progress=_Progress(writer), live=live)
    finally:
        writer.stop()
    run.checked, run.found = writer.latest
    ImportRun.objects.filter(pk=run.pk).update(checked=run.checked, found=run.found)
    return run.created


@shared_task
def sweep_stale_imports() -> int:
    """Beat (every 5 minutes): mark 已中断 the imports whose worker is gone; returns how many."""
    return len(services.sweep_stale())
