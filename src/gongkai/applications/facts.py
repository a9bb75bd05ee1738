"""What the letters of a case need to know, taken from the application."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.rules.letters import model as letter_model
from gongkai.rules.letters.notices import compose_notice
from gongkai.rules.letters.render import LetterError

from .models import Application


def case_facts(app: Application, on: dt.date) -> letter_model.CaseFacts:
    agency = app.agency
    return letter_model.CaseFacts(
        agency=agency.name, application_number=app.number, applicant=app.applicant_name,
        received=app.received_on or on, description=app.description, date=on,
        office=agency.office_name, address=agency.address, phone=agency.phone,
        applicant_is_organisation=app.applicant_kind != "natural_person",
        submitted=timezone.localtime(app.submitted_at).date(), title=app.document_title,
        document_number=app.document_number, medium=app.get_medium_display(), delivery=app.get_delivery_display(),
    )


def notice_text(app: Application, kind: str, on: dt.date, **details) -> tuple[str, str]:
    """(title, text) of a notice of ``kind`` for ``app``, dated ``on``."""
    try:
        letter = compose_notice(kind, case_facts(app, on), **details)
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc
    return letter.title, letter.text()
