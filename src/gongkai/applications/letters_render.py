"""The case's letters as files to download: a notice from the letter kept with it, rendered on
request (a GET that writes nothing to the case) by :mod:`gongkai.rules.letters.render`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from gongkai.rules.letters import model as letter_model
from gongkai.rules.letters.render import LetterError, letter_docx, letter_pdf

from .models import Notice

_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def render_file(letter: letter_model.Letter, kind: str) -> bytes:
    try:
        return letter_pdf(letter) if kind == "pdf" else letter_docx(letter)
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc


def notice_letter(notice: Notice) -> letter_model.Letter:
    """The notice as composed and sent; a notice kept as text only (sent before its letter was
    kept) is read back from its text: title, number, addressee, body, signature, date."""
    if notice.data:
        return letter_model.letter_from_dict(notice.data)
    return _from_text(notice)


def _from_text(notice: Notice) -> letter_model.Letter:
    lines = [line.strip() for line in notice.body.splitlines() if line.strip()]
    title, rest = (lines[0], lines[1:]) if lines else (notice.title, [])
    number = (
        rest.pop(0)
        if rest and "〔" in rest[0] and rest[0].endswith("号") and not rest[0].endswith("：")
        else ""
    )
    addressee = rest.pop(0)[:-1] if rest and rest[0].endswith("：") else ""
    dated = max((i for i, line in enumerate(rest) if _DATE_LINE.match(line)), default=None)
    if dated is None or dated == 0:
        body, signature, note = rest, notice.application.agency.name, ""
    else:
        body, signature, note = rest[: dated - 1], rest[dated - 1], "\n".join(rest[dated + 1 :])
    closing = body.pop() if body and body[-1].startswith("特此") else ""
    return letter_model.Letter(
        kind="notice",
        template=notice.kind,
        title=title or notice.title,
        number=number,
        addressee=addressee or notice.application.applicant_name,
        paragraphs=tuple(body),
        signature=signature,
        date=notice.sent_on,
        note=note,
        closing=closing,
        application_number=notice.application.number,
    )
