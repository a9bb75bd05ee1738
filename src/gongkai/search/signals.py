"""The search table follows every save of a document, inside the saving transaction: publishing,
withdrawing, editing metadata or changing 效力状态 all pass through ``Document.save()``. Attachment
text extracted in the background (possibly after publication) re-indexes its document."""

from . import services


def document_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        services.index_document(instance)


def document_deleted(sender, instance, **kwargs) -> None:
    services.remove_document(instance.pk)


def attachment_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.document_id:
        services.index_document(instance.document_id)


def attachment_text_extracted(sender, attachment_id=None, document_id=None, **kwargs) -> None:
    """After the disclosure app's text extraction (a worker, a thread of the demo server or inline):
    index the document again with the new text."""
    if document_id:
        services.index_document(document_id)
