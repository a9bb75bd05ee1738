"""Sent inside the transaction that changes what the public can see (search follows them)."""

from django.dispatch import Signal

# sender=Document, document=<Document>
document_published = Signal()
document_withdrawn = Signal()
# 保密审查 returned a submitted document to its editor (reject); sender=Document, document, reason
document_returned = Signal()
# An attachment's text was extracted (in the background, possibly after publication);
# sender=Attachment, attachment_id, document_id
attachment_text_extracted = Signal()
