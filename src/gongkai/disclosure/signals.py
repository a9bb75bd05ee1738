"""Sent inside the transaction that changes what the public can see (search follows them)."""

from django.dispatch import Signal

# sender=Document, document=<Document>
document_published = Signal()
document_withdrawn = Signal()
