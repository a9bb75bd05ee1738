"""The applicant's letters: notices composed by :mod:`gongkai.rules.letters`, and the reply letter
(政府信息公开申请答复告知书) — drafted from the outcome's template, edited by staff, signed by a
leader, and frozen when sent (DOCX and PDF kept with their SHA-256; Art. 36 outcomes)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.core.workflow import require, role_names
from gongkai.rules.deadline_events import Event, EventKind
from gongkai.rules.letters import model as letter_model
from gongkai.rules.letters.render import LetterError, freeze
from gongkai.rules.letters.reply import compose_reply

from . import provision, services, workflow
from .facts import case_facts
from .letter_numbers import take_number
from .models import Application, LetterSettings, Notice, ReplyLetter


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
    require(
        workflow.LETTER_STEPS,
        action,
        row.state if row else workflow.NO_LETTER,
        user,
        state_labels=workflow.LETTER_LABELS,
    )
    return app, row


@transaction.atomic
def draft_reply(user, app: Application, outcome: str, **details) -> ReplyLetter:
    """Compose (or recompose) the draft reply for ``outcome``; ``details`` go to
    :func:`gongkai.rules.letters.reply.compose_reply` (e.g. ``holder_agency``, ``provided``), except:

    * ``published_ids`` (with ``base``, the portal's address): the agency's published documents an
      Art. 36(一) reply points to, each linked (outcome ``granted`` only);
    * ``form``: the form given (Art. 40) for ``granted`` and ``partially_granted`` — a dict of
      ``medium``, ``delivery``, ``ground``, ``reason``, ``arrangement``; absent, the form asked for.
    """
    app, existing = _lock(user, app, "draft")
    if app.received_on is None:
        raise ValidationError("尚未确认收到申请的日期，不能起草答复（第三十一条）")
    services.refresh(app)
    if app.is_closed:
        raise ValidationError(f"本申请已于{app.closed_on}办结（{app.get_outcome_display()}），不能再起草答复")
    from gongkai.delivery.redacting import letter_details

    details = letter_details(app, outcome, details)  # the files provided and the 区分处理 grounds
    published_ids, base = details.pop("published_ids", None), details.pop("base", "")
    form = details.pop("form", None)
    docs, decision = [], None
    if published_ids is not None:
        if outcome != "granted":
            raise ValidationError(
                "链接已主动公开的信息只用于“予以公开（已主动公开）”的答复（第三十六条第（一）项）"
            )
        docs, details["published"] = provision.published_refs(app, published_ids, base)
    elif outcome in provision.GIVING:
        decision = details["form"] = provision.decide(app, form)
    try:
        letter = compose_reply(outcome, case_facts(app, services.today()), **details)
    except (LetterError, ValueError) as exc:
        raise ValidationError(str(exc)) from exc
    row = existing or ReplyLetter(application=app)
    row.outcome, row.title, row.state = outcome, letter.title, ReplyLetter.State.DRAFT
    row.data, row.body = letter_model.letter_to_dict(letter), "\n".join(letter.paragraphs)
    row.holder_agency = details.get("holder_agency") or ""
    row.drafted_by, row.signed_by, row.signed_at = user, None, None
    row.given_medium = decision.given.medium.value if decision else ""
    row.given_delivery = decision.given.route.value if decision else ""
    row.form_ground = decision.ground.value if decision and decision.ground else ""
    row.form_reason = decision.reason if decision else ""
    row.form_arrangement = decision.arrangement if decision else ""
    row.save()
    row.published_documents.set(docs)
    data = {"outcome": outcome}
    if decision:
        data["form"] = {"medium": row.given_medium, "delivery": row.given_delivery, "ground": row.form_ground}
    if docs:
        data["published"] = [d.pk for d in docs]
    record(app, "draft_reply", actor=user, to_state="draft", data=data)
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
    if "行政复议机关" in gaps:
        # 行政复议法 2023 Art. 20 ¶3: a remedy notice without the body lets the 60 days run to a year.
        raise ValidationError(
            "告知书未写明行政复议机关（正文中留有【请填写行政复议机关】），不能签发：未告知行政复议机关的，"
            "申请期限最长可延至一年（《中华人民共和国行政复议法》第二十条第三款）。请机关管理员在“告知书设置”中填写"
            "行政复议机关（一般为本级人民政府，第二十四条）后重新生成草稿，或在正文中填写。"
        )
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
    order, e.g. before receipt or while a fee is unpaid), and the letter is frozen — its text now,
    its Word and PDF files by :func:`render_sent_letter` off the request (a PDF takes seconds)."""
    app, row = _lock(user, app, "send")
    letter = _letter(row)
    try:
        check_renderable(letter)  # what would make the rendering fail is refused here, in Chinese
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc
    services.add_event(
        user,
        app,
        Event(EventKind.REPLIED, on, outcome=row.outcome, note=row.title),
        audit_action="send_reply",
    )
    from gongkai.delivery.services import release_with_reply

    release_with_reply(
        user, app, row.body, row.given_delivery
    )  # the information goes with the letter, not before
    # Its own number from the agency's sequence, taken in this transaction and kept with the letter
    # (the frozen files and every download show it; GB/T 9704-2012 7.2.4).
    if not row.number:
        row.number = take_number(app.agency, letter.date.year)
    letter = dataclasses.replace(letter, number=row.number)
    row.data = letter_model.letter_to_dict(letter)
    row.body_text = letter.text()
    row.state, row.sent_on = ReplyLetter.State.SENT, on
    row.save()
    from gongkai.core import background

    from .tasks import render_sent_letter

    background.submit(render_sent_letter, row.pk)
    return row


def freeze_files(row_id: int) -> bool:
    """Render a sent letter's Word and PDF files and keep them with their SHA-256 (the task behind
    :func:`send_reply`). Each file is written whole or not at all (:func:`gongkai.core.files.save_atomically`),
    and the row points at them only once both exist, so a worker killed mid-render leaves the
    letter "being generated" and the next run starts again. Returns False if there was nothing to do."""
    from gongkai.core.files import save_atomically

    row = ReplyLetter.objects.select_related("application").get(pk=row_id)
    if row.state != ReplyLetter.State.SENT or row.pdf_sha256:
        return False
    app = row.application
    files = freeze(_letter(row))
    save_atomically(row.docx, f"{app.agency_id}-{app.number}.docx", files.docx)
    save_atomically(row.pdf, f"{app.agency_id}-{app.number}.pdf", files.pdf)
    ReplyLetter.objects.filter(pk=row.pk, pdf_sha256="").update(
        docx=row.docx.name,
        pdf=row.pdf.name,
        docx_sha256=files.docx_sha256,
        pdf_sha256=files.pdf_sha256,
        body_text=files.text,
    )
    return True


def check_renderable(letter: letter_model.Letter) -> None:
    """Raise :class:`LetterError` for a letter that could not be frozen (a gap left, no Chinese font)."""
    from gongkai.rules.annual.render.pdf import chinese_fonts_installed

    if letter.placeholders:
        raise LetterError("文书尚有未填写的内容：" + "、".join(letter.placeholders))
    if not chinese_fonts_installed():
        raise LetterError("系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成 PDF")


def sent_letter_response(app: Application, kind: str):
    """The frozen letter as sent (``pdf`` or ``docx``) as a download; 404 before it is sent."""
    from django.http import FileResponse, Http404

    row = getattr(app, "letter", None)
    if row is None or row.state != ReplyLetter.State.SENT or kind not in ("pdf", "docx"):
        raise Http404
    if not row.pdf_sha256:
        raise Http404("告知书的PDF和Word文件正在生成，请稍后刷新页面再下载")
    field = row.pdf if kind == "pdf" else row.docx
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"答复告知书-{app.number}.{kind}")


# -- 告知书设置 and the letters as files --------------------------------------------------------

SETTINGS_FIELDS = ("number_prefix", "reconsideration_body", "court", "fee_payment")


@transaction.atomic
def save_letter_settings(user, agency, data: dict) -> LetterSettings:
    """The agency admin sets the agency's 告知书设置: the 机关代字 of the letters' number (GB/T
    9704-2012 7.2.4), the 行政复议机关 (行政复议法 2023 Art. 20 ¶3, Art. 24), the court and how to
    pay a fee (Art. 42). Letters drafted from now on use them."""
    from gongkai.agencies.models import Role

    require_own_agency(user, agency, Role.AGENCY_ADMIN)
    row = LetterSettings.objects.select_for_update().filter(agency=agency).first() or LetterSettings(
        agency=agency
    )
    before = {f: getattr(row, f) for f in SETTINGS_FIELDS}
    for field in SETTINGS_FIELDS:
        setattr(row, field, (data.get(field) or "").strip())
    row.save()
    changed = {f: getattr(row, f) for f in SETTINGS_FIELDS if getattr(row, f) != before[f]}
    record(row, "edit", actor=user, agency=agency, data=changed)
    return row


def _file(letter: letter_model.Letter, kind: str) -> bytes:
    from .letters_render import render_file

    return render_file(letter, kind)


def reply_draft_file(app: Application, kind: str) -> tuple[bytes, str]:
    """The reply letter not yet sent (draft or signed) as DOCX or PDF, rendered now and kept nowhere;
    404 without one. The sent letter is the frozen file (:func:`sent_letter_response`)."""
    from django.http import Http404

    row = getattr(app, "letter", None)
    if row is None or row.state == ReplyLetter.State.SENT or kind not in ("pdf", "docx"):
        raise Http404
    state = "已签发" if row.state == ReplyLetter.State.SIGNED else "草稿"
    return _file(_letter(row), kind), f"答复告知书（{state}）-{app.number}.{kind}"


def notice_file(notice: Notice, kind: str) -> tuple[bytes, str]:
    """A notice the case sent (补正, 征求意见, 延期, 收费, 说明理由 …) as DOCX or PDF, rendered from
    the letter kept with it — its number and date as sent."""
    from django.http import Http404

    if kind not in ("pdf", "docx"):
        raise Http404
    from .letters_render import notice_letter

    letter = notice_letter(notice)
    return _file(letter, kind), f"{notice.title}-{notice.application.number}.{kind}"
