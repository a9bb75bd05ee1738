"""What a document will look like to the public, for 保密审查 (Art. 17: information is reviewed
before it is published): the portal's own document rendering, and attachments opened in the
browser where that is safe."""

from __future__ import annotations

from django.http import FileResponse

from .models import Attachment, Document

# Kinds a browser shows by itself without running anything from the file: the kind was read from
# the file's content on upload (uploads.check_attachment), not from its name. Everything else
# (Word, Excel, OFD, ZIP …) downloads.
INLINE_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def preview_context(document: Document) -> dict:
    """The context ``portal/_document_content.html`` needs, as the public page computes it."""
    interprets = document.interprets if document.interprets_id and document.interprets.is_public else None
    return {
        "agency": document.agency,
        "interprets": interprets,
        "interpretations": Document.objects.public().filter(interprets=document),
        "preview": True,
    }


def inline_response(attachment: Attachment) -> FileResponse:
    """The file shown in the browser when its kind is in :data:`INLINE_TYPES`, else a download."""
    content_type = INLINE_TYPES.get(attachment.kind)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=content_type is None,
        filename=attachment.name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if content_type and content_type.startswith("image/"):
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
        )
    return response
