"""Publishing a final report (Art. 49): it goes into the catalogue as a Document of 主题分类
91 政府信息公开年度报告 and 体裁 年度报告, through the disclosure services — body: the report as an
HTML fragment; attachment: the PDF — and is submitted to 保密审查 (Art. 17) like any document.
When a reviewer approves it and it is published, the report becomes published
(:func:`gongkai.reports.services.mark_published`, connected to ``document_published``).

Typesetting the PDF takes seconds, so 送审发布 only marks the report 正在生成送审 and queues
:func:`prepare_publication` (a worker, or a thread of the demo server; :mod:`gongkai.core.background`),
which renders the PDF outside any transaction and then, in one transaction, creates the document,
attaches the PDF (written whole or not at all) and submits it. A failure puts the report back to
定稿 with the reason in its history; a run lost with its worker can be started again after
:data:`STALE_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record
from gongkai.core.workflow import require
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Category, Genre, State
from gongkai.rules.annual.render import render
from gongkai.rules.annual.render.html import render_fragment

from . import workflow
from .models import AnnualReport, ReportState

CATEGORY_CODE = "91"  # 政府信息公开年度报告
GENRE_NAME = "年度报告"
STALE_AFTER = dt.timedelta(minutes=15)  # a 正在生成送审 this old lost its worker: it may be sent again
log = logging.getLogger(__name__)


def stale_sending(report: AnnualReport) -> bool:
    """正在生成送审 for longer than any rendering takes: its worker was lost."""
    return report.state == ReportState.SENDING and report.updated_at < timezone.now() - STALE_AFTER


@transaction.atomic
def send_for_publication(user, report: AnnualReport) -> AnnualReport:
    """送审发布: mark the report 正在生成送审 and queue :func:`prepare_publication` (off the request)."""
    from gongkai.core import background

    from .tasks import prepare_publication_task

    report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    if stale_sending(report):  # its worker was lost: back to 定稿, then sent again below
        report.state = ReportState.FINAL
        record(
            report,
            "send_lost",
            actor_label="系统",
            from_state=ReportState.SENDING,
            to_state=report.state,
            reason="上次生成送审未完成（处理进程中断），重新送审",
        )
    require_own_agency(user, report.agency_id, *workflow.STEPS["publish"].roles)
    require(workflow.STEPS, "publish", report.state, user, state_labels=workflow.STATE_LABELS)
    _category_and_genre()  # a missing list entry is said now, not later in the background
    before = report.state
    report.state = ReportState.SENDING
    report.save(update_fields=["state", "updated_at"])
    record(report, "send_for_publication", actor=user, from_state=before, to_state=report.state)
    background.submit(prepare_publication_task, report.pk, user.pk)
    return report


def _category_and_genre() -> tuple[Category, Genre]:
    try:
        return Category.objects.get(code=CATEGORY_CODE), Genre.objects.get(name=GENRE_NAME)
    except (Category.DoesNotExist, Genre.DoesNotExist):
        raise ValidationError("缺少主题分类“政府信息公开年度报告”或体裁“年度报告”，请管理员补充") from None


def prepare_publication(user, report_id: int):
    """Render the PDF, then create (or, after a return, update) the report's Document with it and
    submit it to 保密审查; returns the Document, or None if the report is no longer being sent.
    On failure the report is 定稿 again and its history says why."""
    report = AnnualReport.objects.select_related("agency").get(pk=report_id)
    if report.state != ReportState.SENDING:
        return None
    try:
        pdf = render(report.data, "pdf", prose=report.prose, title=report.title, sign_off=report.sign_off)
        return _create_and_submit(user, report.pk, pdf)
    except Exception as exc:
        message = (
            "；".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        )
        with transaction.atomic():
            failed = AnnualReport.objects.select_for_update().get(pk=report_id)
            if failed.state == ReportState.SENDING:
                failed.state = ReportState.FINAL
                failed.save(update_fields=["state", "updated_at"])
                record(
                    failed,
                    "send_failed",
                    actor_label="系统",
                    from_state=ReportState.SENDING,
                    to_state=failed.state,
                    reason=f"生成送审失败：{message}",
                )
        log.exception("年度报告 %s 生成送审失败", report_id)
        raise


@transaction.atomic
def _create_and_submit(user, report_id: int, pdf: bytes):
    report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report_id)
    if report.state != ReportState.SENDING:
        return None
    category, genre = _category_and_genre()
    prose, title = report.prose, report.title
    fields = {
        "title": title,
        "category": category,
        "genre": genre,
        "written_on": timezone.localdate(report.finalised_at)
        if report.finalised_at
        else timezone.localdate(),
        "summary": f"{report.agency.name}依照《中华人民共和国政府信息公开条例》第四十九条、第五十条编制的"
        f"{report.year}年政府信息公开工作年度报告。",
        # The document page shows the title itself: the body starts with 一、总体情况.
        "body": render_fragment(
            report.data, prose=prose, title=title, sign_off=report.sign_off, with_heading=False
        ),
        "keywords": "政府信息公开 年度报告",
    }
    document = report.document
    if document is not None and document.state == State.DRAFT:
        # Returned by 保密审查: the same document, with the corrected report in place of the old.
        document = disclosure.update_document(user, document, fields)
        for old in document.attachments.all():
            disclosure.remove_attachment(user, old)
    else:  # never sent, or the published one was withdrawn: a new document
        document = disclosure.create_document(user, report.agency, fields)
    disclosure.add_attachment(user, document, f"{title}.pdf", pdf)
    disclosure.transition(user, document, "submit")
    report.document = document
    report.state = ReportState.IN_REVIEW
    report.save(update_fields=["document", "state", "updated_at"])
    record(
        report,
        "submitted_for_review",
        actor=user,
        from_state=ReportState.SENDING,
        to_state=report.state,
        data={"document": document.pk},
    )
    return document
