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
        agency=agency.name,
        application_number=app.number,
        applicant=app.applicant_name,
        received=app.received_on or on,
        description=app.description,
        date=on,
        office=agency.office_name,
        address=agency.address,
        phone=agency.phone,
        applicant_is_organisation=app.applicant_kind != "natural_person",
        # The application's own date (申请日期), not the day staff registered it.
        submitted=app.applied_on,
        title=app.document_title,
        document_number=app.document_number,
        medium=app.get_medium_display(),
        delivery=app.get_delivery_display(),
        number_prefix=number_prefix(agency, options),
        # The serial is left open until the letter is sent (each letter its own: .letter_numbers).
        number=letter_model.unnumbered(number_prefix(agency, options), on.year),
        reconsideration_body=options.reconsideration_body,
        court=options.court,
        reading=reconsideration_reading(),
    )


def compose(app: Application, kind: str, on: dt.date, **details) -> letter_model.Letter:
    """The notice of ``kind`` for ``app``, dated ``on`` (a form error in Chinese if it cannot be made)."""
    if kind == "fee" and not str(details.get("payment") or "").strip():
        details["payment"] = letter_settings(app.agency).fee_payment
    try:
        return compose_notice(kind, case_facts(app, on), **details)
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc


def notice_text(app: Application, kind: str, on: dt.date, **details) -> tuple[str, str]:
    """(title, text) of a notice of ``kind`` for ``app``, dated ``on``."""
    letter = compose(app, kind, on, **details)
    return letter.title, letter.text()


# Where staff fill in what a notice would otherwise leave as a 【请填写：…】 gap.
_GAP_PLACES = {
    "缴纳方式、收款账户": "在“发出收费通知”表单的“缴纳方式、收款账户”中填写，或请机关管理员在“告知书设置”中填写"
    "“信息处理费缴纳方式”（条例第四十二条）",
    "说明理由的期限": "在“要求说明理由”表单的“说明理由期限（工作日）”中填写（条例第三十五条）",
    "需要补正的事项": "在“告知补正”表单的“需要补正的事项”中逐项填写（条例第三十条）",
    "补正期限": "在“告知补正”表单的“补正期限（工作日）”中填写（条例第三十条）",
    "延长后的答复期限": "先录入答复期限所在年度的节假日安排，使延长后的答复期限可以算出（条例第三十三条）",
    "延迟答复的期限": "在“确定延迟答复期限”表单的“延迟答复至”中填写（条例第三十五条）",
    "第三方名称": "在“征求意见”表单的“征求意见对象”中填写（条例第三十二条）",
    "被征求意见机关名称": "在“征求意见”表单的“征求意见对象”中填写（条例第三十四条）",
}


def gap_message(letter: letter_model.Letter) -> str:
    """Why a notice with a 【请填写：…】 gap is not sent, naming each gap and where to fill it in."""
    gaps = list(dict.fromkeys(letter.placeholders))
    places = "；".join(f"“{g}”请{_GAP_PLACES.get(g, '在表单中填写')}" for g in gaps)
    return (
        f"{letter.title}尚有未填写的内容（{'、'.join(f'【请填写：{g}】' for g in gaps)}），不能发出：{places}。"
        "未发出任何文书，办理记录未作改动。"
    )
