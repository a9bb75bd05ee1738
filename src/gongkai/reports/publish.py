"""Publishing a final report (Art. 49): it goes into the catalogue as a Document of 主题分类
91 政府信息公开年度报告 and 体裁 年度报告, through the disclosure services — body: the report as an
HTML fragment; attachment: the PDF — and is submitted to 保密审查 (Art. 17) like any document.
When a reviewer approves it and it is published, the report becomes published
(:func:`gongkai.reports.services.mark_published`, connected to ``document_published``).
"""

from __future__ import annotations

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


@transaction.atomic
def send_for_publication(user, report: AnnualReport):
    """Create the report's Document (draft → submitted for 保密审查) and return it."""
    report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    require_own_agency(user, report.agency_id, *workflow.STEPS["publish"].roles)
    require(workflow.STEPS, "publish", report.state, user, state_labels=workflow.STATE_LABELS)
    try:
        category = Category.objects.get(code=CATEGORY_CODE)
        genre = Genre.objects.get(name=GENRE_NAME)
    except (Category.DoesNotExist, Genre.DoesNotExist):
        raise ValidationError("缺少主题分类“政府信息公开年度报告”或体裁“年度报告”，请管理员补充") from None
    prose, title = report.prose, report.title
    fields = {
        "title": title,
        "category": category,
        "genre": genre,
        "written_on": timezone.localdate(report.finalised_at) if report.finalised_at else timezone.localdate(),
        "summary": f"{report.agency.name}依照《中华人民共和国政府信息公开条例》第四十九条、第五十条编制的"
                   f"{report.year}年政府信息公开工作年度报告。",
        "body": render_fragment(report.data, prose=prose, title=title, sign_off=report.sign_off),
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
    disclosure.add_attachment(user, document, f"{title}.pdf", render(report.data, "pdf", prose=prose, title=title,
                                                                         sign_off=report.sign_off))
    disclosure.transition(user, document, "submit")
    report.document = document
    report.state = ReportState.IN_REVIEW
    report.save(update_fields=["document", "state", "updated_at"])
    record(report, "send_for_publication", actor=user, from_state=ReportState.FINAL, to_state=report.state,
           data={"document": document.pk})
    return document
