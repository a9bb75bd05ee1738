"""Work of the annual reports done off the request (Celery, or a thread of the demo server)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def prepare_publication_task(report_id: int, user_id: int) -> int | None:
    """送审发布 in the background: render the PDF, create the document, submit it (see
    :func:`gongkai.reports.publish.prepare_publication`). Returns the document's id."""
    from gongkai.agencies.models import User

    from .publish import prepare_publication

    document = prepare_publication(User.objects.get(pk=user_id), report_id)
    return document.pk if document is not None else None
