"""The 通报 PDF of a region's year, typeset off the request.

WeasyPrint's line breaking of Chinese text takes about 0.85 s a page: 80 s for a region of 1,000
agencies (docs/benchmarks.md), far beyond what a request may take. So the supervisor asks for it
(:func:`request_pdf`, a POST), a background task (:func:`render_pdf`, on the project's pattern:
a Celery worker, or a thread of this process when no broker is set — :mod:`gongkai.core.background`)
typesets it and keeps it in a :class:`~.models.BulletinFile`, and the review page shows 正在生成,
then the download link, or why it failed. Every region renders this way, small or large: even 100
agencies take about 11 s, and one way of asking is simpler to explain than two.

A request while one is being rendered starts no second one; a rendering that outlived
:data:`STALE_AFTER` lost its worker, and may be asked for again. A file always belongs to the
supervisor's own agency (the region); requests and downloads are in the audit trail (《条例》
第四十九条、第五十条: the 通报 is the supervisor's report on its region's annual reports).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit.services import append
from gongkai.rules.annual.render.layout import ReportError

from .models import BulletinFile

STALE_AFTER = dt.timedelta(minutes=30)  # a 正在生成 this old lost its worker: it may be asked for again
FAILED = "生成通报PDF时出错，请稍后重新生成；如仍失败，请联系系统管理员"
log = logging.getLogger(__name__)


def current(region, year: int) -> BulletinFile | None:
    """The region's 通报 PDF of the year, whatever its state (read only)."""
    return BulletinFile.objects.filter(region=region, year=year).select_related("requested_by").first()


def stale(job: BulletinFile) -> bool:
    return job.state == BulletinFile.State.RUNNING and job.requested_at < timezone.now() - STALE_AFTER


def request_pdf(user, year: int, threshold: int) -> tuple[BulletinFile, bool]:
    """Ask for the 通报 PDF of the supervisor's region and ``year``: (the file's record, whether a
    rendering was started). One already running (and not stale) is left to finish."""
    from gongkai.agencies.models import Role

    if not user.has_role(Role.SUPERVISOR) or user.agency_id is None:
        raise PermissionDenied("年度报告监督检查仅供监督（上级）机关查看")
    try:
        return _request(user, year, threshold)
    except IntegrityError:  # two first requests at once (SQLite does not lock): the other one won
        return BulletinFile.objects.get(region_id=user.agency_id, year=year), False


def _request(user, year: int, threshold: int) -> tuple[BulletinFile, bool]:
    from gongkai.core import background

    from .tasks import render_bulletin_task

    with transaction.atomic():
        region = type(user.agency).objects.select_for_update().get(pk=user.agency_id)  # one at a time
        job = BulletinFile.objects.select_for_update().filter(region=region, year=year).first()
        if job is not None and job.state == BulletinFile.State.RUNNING and not stale(job):
            return job, False
        now = timezone.now()
        if job is None:
            job = BulletinFile(region=region, year=year, attempt=0)
        job.attempt += 1
        job.threshold, job.state, job.error = threshold, BulletinFile.State.RUNNING, ""
        job.requested_by, job.requested_at, job.finished_at = user, now, None
        job.save()
        append(
            object_type="collected.bulletin",
            object_id=str(job.pk),
            action="生成年报检查通报",
            actor=user,
            agency=region,
            reason="通报 PDF",
            data={"year": year, "threshold": threshold, "attempt": job.attempt},
        )
        background.submit(render_bulletin_task, job.pk, job.attempt)
    return job, True


def render_pdf(job_id: int, attempt: int) -> bool:
    """The task: typeset the 通报 (outside any transaction), then keep it — only if this is still
    the rendering asked for (a newer request after a lost worker wins). False when nothing was kept.
    A failure is kept as a Chinese message the page shows."""
    from .bulletin import bulletin, bulletin_pdf
    from .supervision import region_year

    job = BulletinFile.objects.select_related("region").filter(pk=job_id).first()
    if job is None or job.state != BulletinFile.State.RUNNING or job.attempt != attempt:
        return False
    today = timezone.localdate()
    try:
        rows = region_year(job.region, job.year, today, threshold=job.threshold / 100)
        pdf = bulletin_pdf(bulletin(job.region.name, job.year, rows, today))
    except Exception as exc:
        message = str(exc) if isinstance(exc, ReportError) else FAILED
        log.exception("年报检查通报 %s 生成失败", job_id)
        _finish(job_id, attempt, error=message[:300])
        return False
    return _finish(job_id, attempt, pdf=pdf, agencies=len(rows))


@transaction.atomic
def _finish(
    job_id: int, attempt: int, *, pdf: bytes | None = None, agencies: int = 0, error: str = ""
) -> bool:
    job = BulletinFile.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.state != BulletinFile.State.RUNNING or job.attempt != attempt:
        return False
    job.finished_at = timezone.now()
    if pdf is None:
        job.state, job.error = BulletinFile.State.FAILED, error
        job.save(update_fields=["state", "error", "finished_at"])
        return False
    old = job.file.name if job.file else ""
    job.file.save(f"{job.region_id}-{job.year}-{attempt}.pdf", ContentFile(pdf), save=False)
    job.sha256 = hashlib.sha256(pdf).hexdigest()
    job.state, job.agencies = BulletinFile.State.DONE, agencies
    job.save(update_fields=["file", "sha256", "state", "agencies", "finished_at"])
    if old and old != job.file.name:
        transaction.on_commit(lambda: job.file.storage.delete(old))
    return True
