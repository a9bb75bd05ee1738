"""The search table follows every save of a document, inside the saving transaction: publishing,
withdrawing, editing metadata or changing 效力状态 all pass through ``Document.save()``. Attachment
text extracted in the background (possibly after publication) re-indexes its document."""

from django.db import transaction

from . import services

EXTRACT_TASK = "gongkai.disclosure.tasks.extract_attachment_text"


def document_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        services.index_document(instance)


def document_deleted(sender, instance, **kwargs) -> None:
    services.remove_document(instance.pk)


def attachment_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.document_id:
        services.index_document(instance.document_id)


def task_succeeded(sender=None, result=None, **kwargs) -> None:
    """After the disclosure app's text extraction: index the document again with the new text."""
    if getattr(sender, "name", "") != EXTRACT_TASK or not result:
        return
    from gongkai.disclosure.models import Attachment

    request = getattr(sender, "request", None)
    args = list(getattr(request, "args", None) or [])
    attachment_id = args[0] if args else (getattr(request, "kwargs", None) or {}).get("attachment_id")
    document_id = Attachment.objects.filter(pk=attachment_id).values_list("document_id", flat=True).first()
    if document_id:
        with transaction.atomic():
            services.index_document(document_id)
