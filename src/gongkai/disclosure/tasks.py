from celery import shared_task


@shared_task
def extract_attachment_text(attachment_id: int) -> int:
    """Extract an attachment's text for search (in the background in production)."""
    from .extract import extract_text
    from .models import Attachment

    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        return 0
    with attachment.file.open("rb") as fh:
        text = extract_text(attachment.kind, fh.read(), attachment_id=attachment_id)
    from django.db import transaction

    from .signals import attachment_text_extracted

    with transaction.atomic():  # the text and what follows it (the search entry) together
        Attachment.objects.filter(pk=attachment_id).update(text=text)
        attachment_text_extracted.send(
            Attachment, attachment_id=attachment_id, document_id=attachment.document_id
        )
    return len(text)
