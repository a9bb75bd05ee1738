"""The 保密审查 preview: the document as the public page renders it, 内容概述 included, and
attachments opened in the browser only where the browser shows them without running anything."""

import pytest
from django.urls import reverse

from gongkai.disclosure import services
from gongkai.testing import files

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    return files.docx()


@pytest.fixture
def submitted(agency_tree, workflow, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    editor, reviewer = workflow.staff_for(agency_tree["city"])
    doc = workflow.draft(
        agency_tree["city"], editor, body="<p>第一段<script>alert(1)</script></p>", summary="调整低保标准。"
    )
    services.add_attachment(editor, doc, "表.docx", _docx())
    services.transition(editor, doc, "submit")
    return doc, reviewer


def test_the_reviewer_sees_the_body_and_summary_as_the_public_will(client, submitted):
    doc, reviewer = submitted
    client.force_login(reviewer)
    page = client.get(reverse("staff:document", args=[doc.pk])).content.decode()
    preview = page[page.index('class="preview-frame"') : page.index('class="review-actions"')]
    assert '<div class="article"><p>第一段</p></div>' in preview  # rendered (sanitised) HTML
    assert "<script>" not in page
    assert '内容概述</th><td colspan="3">调整低保标准。' in preview
    assert 'name="reason"' in page[page.index('class="review-actions"') :]  # approve / return beside it


def test_word_attachments_download_rather_than_open(client, submitted):
    doc, reviewer = submitted
    client.force_login(reviewer)
    att = doc.attachments.get()
    response = client.get(reverse("staff:document_attachment_view", args=[doc.pk, att.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_the_public_page_shows_the_summary_too(client, agency_tree, workflow):
    doc = workflow.publish(agency_tree["city"], summary="调整低保标准。")
    page = client.get(reverse("portal:document", args=["szmzj", doc.pk])).content.decode()
    assert "内容概述" in page and "调整低保标准。" in page
