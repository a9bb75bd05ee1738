"""What the letters of a case need to know, taken from the application and its agency's
告知书设置 (:class:`.models.LetterSettings`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError

from gongkai.rules.letters import model as letter_model
from gongkai.rules.letters.notices import compose_notice
from gongkai.rules.letters.render import LetterError
from gongkai.rules.outcomes import DEFAULT_READING, Reading

from .models import Application, LetterSettings


def reconsideration_reading() -> str:
    """The reading of 复议前置 (行政复议法 2023 Art. 23 ¶1 (四)): ``GONGKAI_RECONSIDERATION_FIRST``,
    ``broad`` (default: 不予公开, 部分公开, 无法提供, 不予处理, 其他处理) or ``narrow`` (不予公开, 部分公开)."""
    value = str(getattr(settings, "GONGKAI_RECONSIDERATION_FIRST", DEFAULT_READING) or DEFAULT_READING)
    return Reading(value.strip().lower()).value


def letter_settings(agency) -> LetterSettings:
    """The agency's 告知书设置, or an unsaved empty one (nothing set)."""
    found = LetterSettings.objects.filter(agency=agency).first()
    return found or LetterSettings(agency=agency)


def number_prefix(agency, options: LetterSettings | None = None) -> str:
    """The 机关代字 of the letters' number; unset, the agency's full name (never a letter without one)."""
    options = options or letter_settings(agency)
    return options.number_prefix.strip() or f"{agency.name}依申请公开"


def case_facts(app: Application, on: dt.date) -> letter_model.CaseFacts:
    agency = app.agency
    options = letter_settings(agency)
    return letter_model.CaseFacts(
        agency=agency.name, application_number=app.number, applicant=app.applicant_name,
        received=app.received_on or on, description=app.description, date=on,
        office=agency.office_name, address=agency.address, phone=agency.phone,
        applicant_is_organisation=app.applicant_kind != "natural_person",
        # The application's own date (申请日期), not the day staff registered it.
        submitted=app.applied_on, title=app.document_title,
        document_number=app.document_number, medium=app.get_medium_display(), delivery=app.get_delivery_display(),
        number_prefix=number_prefix(agency, options), reconsideration_body=options.reconsideration_body,
        court=options.court, reading=reconsideration_reading(),
    )


def compose(app: Application, kind: str, on: dt.date, **details) -> letter_model.Letter:
    """The notice of ``kind`` for ``app``, dated ``on`` (a form error in Chinese if it cannot be made)."""
    if kind == "fee" and "payment" not in details:
        details["payment"] = letter_settings(app.agency).fee_payment
    try:
        return compose_notice(kind, case_facts(app, on), **details)
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc


def notice_text(app: Application, kind: str, on: dt.date, **details) -> tuple[str, str]:
    """(title, text) of a notice of ``kind`` for ``app``, dated ``on``."""
    letter = compose(app, kind, on, **details)
    return letter.title, letter.text()
