"""The applicant's letters: notices composed by :mod:`gongkai.rules.letters`, and the reply letter
(政府信息公开申请答复告知书) — drafted from the outcome's template, edited by staff, signed by a
leader, and frozen when sent (DOCX and PDF kept with their SHA-256; Art. 36 outcomes)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.core.workflow import require, role_names
from gongkai.rules.deadline_events import Event, EventKind
from gongkai.rules.letters import model as letter_model
from gongkai.rules.letters.render import LetterError, freeze
from gongkai.rules.letters.reply import compose_reply

from . import services, workflow
from .facts import case_facts
from .models import Application, ReplyLetter


def _letter(row: ReplyLetter) -> letter_model.Letter:
    letter = letter_model.letter_from_dict(row.data)
    paragraphs = tuple(p.strip() for p in row.body.splitlines() if p.strip())
    return dataclasses.replace(letter, paragraphs=paragraphs)


def _lock(user, app: Application, action: str) -> tuple[Application, ReplyLetter | None]:
    """Lock the case and its letter, and refuse what :data:`.workflow.LETTER_STEPS` does not allow
    (who, and in which state of the letter)."""
    step = workflow.LETTER_STEPS[action]
    app = Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)
    require_own_agency(user, app.agency_id)
    if not user.has_role(*step.roles):
        raise PermissionDenied(f"“{step.label}”须由{role_names(step.roles)}办理")
    row = ReplyLetter.objects.select_for_update().filter(application_id=app.pk).first()
    if row is None and action != "draft":
        raise ValidationError("尚未起草答复告知书：请先选择答复结果生成草稿，经领导签发后再送达")
    require(workflow.LETTER_STEPS, action, row.state if row else workflow.NO_LETTER, user,
            state_labels=workflow.LETTER_LABELS)
    return app, row


@transaction.atomic
def draft_reply(user, app: Application, outcome: str, **details) -> ReplyLetter:
    """Compose (or recompose) the draft reply for ``outcome``; ``details`` go to
    :func:`gongkai.rules.letters.reply.compose_reply` (e.g. ``holder_agency``, ``provided``)."""
    app, existing = _lock(user, app, "draft")
    if app.received_on is None:
        raise ValidationError("尚未确认收到申请的日期，不能起草答复（第三十一条）")
    services.refresh(app)
    if app.is_closed:
        raise ValidationError(f"本申请已于{app.closed_on}办结（{app.get_outcome_display()}），不能再起草答复")
    try:
        letter = compose_reply(outcome, case_facts(app, services.today()), **details)
    except (LetterError, ValueError) as exc:
        raise ValidationError(str(exc)) from exc
    row = existing or ReplyLetter(application=app)
    row.outcome, row.title, row.state = outcome, letter.title, ReplyLetter.State.DRAFT
    row.data, row.body = letter_model.letter_to_dict(letter), "\n".join(letter.paragraphs)
    row.holder_agency = details.get("holder_agency") or ""
    row.drafted_by, row.signed_by, row.signed_at = user, None, None
    row.save()
    record(app, "draft_reply", actor=user, to_state="draft", data={"outcome": outcome})
    return row


@transaction.atomic
def edit_reply(user, app: Application, body: str) -> ReplyLetter:
    app, row = _lock(user, app, "edit")
    if not body.strip():
        raise ValidationError("告知书正文不能为空")
    row.body = body.strip()
    row.save(update_fields=["body"])
    record(app, "edit_reply", actor=user, to_state="draft")
    return row


@transaction.atomic
def sign_reply(user, app: Application) -> ReplyLetter:
    """A leader signs the draft; refused while a 【请填写：…】 gap remains."""
    app, row = _lock(user, app, "sign")
    gaps = _letter(row).placeholders
    if gaps:
        raise ValidationError("告知书尚有未填写的内容：" + "、".join(gaps))
    row.state, row.signed_by, row.signed_at = ReplyLetter.State.SIGNED, user, timezone.now()
    row.data = letter_model.letter_to_dict(dataclasses.replace(_letter(row), date=services.today()))
    row.save()
    record(app, "sign_reply", actor=user, from_state="draft", to_state="signed")
    return row


@transaction.atomic
def send_reply(user, app: Application, on: dt.date) -> ReplyLetter:
    """Send the signed letter: the reply event closes the case (the clock refuses it if out of
    order, e.g. before receipt or while a fee is unpaid), and the letter is frozen."""
    app, row = _lock(user, app, "send")
    services.add_event(user, app, Event(EventKind.REPLIED, on, outcome=row.outcome, note=row.title),
                       audit_action="send_reply")
    letter = _letter(row)
    try:
        files = freeze(letter)
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc
    row.docx.save(f"{app.agency_id}-{app.number}.docx", ContentFile(files.docx), save=False)
    row.pdf.save(f"{app.agency_id}-{app.number}.pdf", ContentFile(files.pdf), save=False)
    row.docx_sha256, row.pdf_sha256 = files.docx_sha256, files.pdf_sha256
    row.body_text = files.text
    row.state, row.sent_on = ReplyLetter.State.SENT, on
    row.save()
    return row


def sent_letter_response(app: Application, kind: str):
    """The frozen letter as sent (``pdf`` or ``docx``) as a download; 404 before it is sent."""
    from django.http import FileResponse, Http404

    row = getattr(app, "letter", None)
    if row is None or row.state != ReplyLetter.State.SENT or kind not in ("pdf", "docx"):
        raise Http404
    field = row.pdf if kind == "pdf" else row.docx
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"答复告知书-{app.number}.{kind}")
