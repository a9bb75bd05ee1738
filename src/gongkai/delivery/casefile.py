"""The files of a reply in the case, as every use case of :mod:`.services` and :mod:`.redacting`
handles them: the case locked for its handler (``select_for_update``, own agency and role), no change
once the reply is sent (its files were given to the applicant with it, Art. 36 (二)), a file
stored under a random name (its title may name a person) with its size, SHA-256 and pages.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import require_own_agency
from gongkai.applications.models import Application
from gongkai.core.files import save_atomically

from . import redaction
from .handover import is_sent
from .models import ReplyFile

ROLES = (Role.HANDLER,)


def lock_case(user, app: Application) -> Application:
    app = Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)
    require_own_agency(user, app.agency_id, *ROLES)
    return app


def still_open(app: Application) -> None:
    if is_sent(app) or ReplyFile.objects.filter(application=app, released_at__isnull=False).exists():
        raise ValidationError("答复已送达，所附信息已随答复提供，不能再更改")


def pdf_pages(data: bytes) -> int | None:
    try:
        doc = redaction.open_pdf(data)
    except redaction.RedactionError:
        return None
    with doc:
        return int(doc.page_count)


def store_file(row: ReplyFile, data: bytes) -> None:
    """Write the bytes under a random name (the title may name a person) and fill size and hash."""
    name = f"{row.application.agency_id}-{row.application.number}-{secrets.token_hex(8)}.{row.kind}"
    save_atomically(row.file, name, data)
    row.size, row.sha256 = len(data), hashlib.sha256(data).hexdigest()
    if row.kind == "pdf":
        row.pages = pdf_pages(data)


def pdf_copy(
    app: Application, row: ReplyFile, data: bytes, user, *, title: str, origin: str, release: bool, **more
) -> ReplyFile:
    """A PDF made from ``row`` of the (locked) case ``app`` — converted from Word/Excel, or redacted —
    stored and saved beside it in the case file; ``more`` are further fields (the marks a redacted
    copy was made with)."""
    copy = ReplyFile(
        application=app,
        title=title,
        kind="pdf",
        origin=origin,
        source=row,
        release=release,
        added_by=user,
        **more,
    )
    store_file(copy, data)
    copy.save()
    return copy


def locked_file(user, app: Application, pk: int) -> ReplyFile:
    return ReplyFile.objects.select_for_update().get(application=app, pk=pk)
