"""Celery tasks of the collected reports (autodiscovered): the harvest, and the 通报 PDF of a
supervisor's review typeset off the request (:mod:`.bulletin_jobs`)."""

from celery import shared_task

from .harvest.tasks import harvest_one


@shared_task(acks_late=True)
def render_bulletin_task(job_id: int, attempt: int) -> bool:
    """Typeset and keep a region's 通报 PDF (arguments: a row id and its attempt number)."""
    from .bulletin_jobs import render_pdf

    return render_pdf(job_id, attempt)


__all__ = ["harvest_one", "render_bulletin_task"]
