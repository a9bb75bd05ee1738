"""The write API's use cases, each one transaction over the apps' own services (which check the
token account's agency and roles and write the audit trail). Nothing here publishes: a draft goes
through 提交保密审查 → 保密审查 → 发布 in the staff pages (``disclosure/workflow.py``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.applications import services as applications
from gongkai.disclosure import services as disclosure


@transaction.atomic
def create_draft(account, data: dict, files: list) -> object:
    """A draft document of the token's agency with its attachments, all or nothing; each file passes
    the upload check of staff uploads (``core.uploads``, inside ``add_attachment``)."""
    document = disclosure.create_document(account, account.agency, data)
    for upload in files:
        disclosure.add_attachment(account, document, upload.name, upload.read())
    return document


@transaction.atomic
def add_attachments(account, document, files: list) -> object:
    for upload in files:
        disclosure.add_attachment(account, document, upload.name, upload.read())
    return document


@transaction.atomic
def register_application(
    account, data: dict, channel: str, received_on: dt.date | None, receipt_note: str
) -> tuple[object, str | None]:
    """An application received elsewhere (Art. 29), registered as by staff; with ``received_on``
    its receipt is confirmed at once under the Art. 31 rules of ``confirm_receipt`` (a refusal
    there undoes the registration)."""
    app, code = applications.submit(account.agency, data, channel=channel, registered_by=account)
    if received_on is not None:
        applications.confirm_receipt(account, app, received_on, receipt_note)
        app.refresh_from_db()
    return app, code
