"""Isolation is absolute: staff of one agency get 404 for another agency's documents on every staff
URL; a supervisor reads the subtree and changes nothing."""

import pytest
from django.urls import reverse

from gongkai.disclosure.models import Attachment, Document, State
from gongkai.testing import files

pytestmark = pytest.mark.django_db

PNG = files.png()


def staff_urls(doc, attachment):
    get = [
        reverse("staff:document", args=[doc.pk]),
        reverse("staff:document_edit", args=[doc.pk]),
        reverse("staff:document_attachment", args=[doc.pk, attachment.pk]),
        reverse("staff:document_attachment_view", args=[doc.pk, attachment.pk]),
    ]
    post = [
        reverse("staff:document_attach", args=[doc.pk]),
        reverse("staff:document_validity", args=[doc.pk]),
    ]
    post += [
        reverse("staff:document_transition", args=[doc.pk, a])
        for a in ("submit", "approve", "reject", "publish", "withdraw")
    ]
    return get, post


@pytest.fixture
def secret_draft(agency_tree, workflow):
    from gongkai.disclosure import services

    editor, _ = workflow.staff_for(agency_tree["other"])
    doc = workflow.draft(agency_tree["other"], editor, title="岳阳内部草稿")
    att = services.add_attachment(editor, doc, "图.png", PNG)
    return doc, att


@pytest.mark.parametrize("role", ["editor", "reviewer", "agency_admin", "supervisor"])
def test_other_agency_staff_get_404_everywhere(client, agency_tree, make_staff, secret_draft, role):
    doc, att = secret_draft
    client.force_login(make_staff(agency_tree["province"], role, username=f"p-{role}"))
    get, post = staff_urls(doc, att)
    for url in get:
        assert client.get(url).status_code == 404, url
    for url in post:
        assert client.post(url, {"reason": "x", "validity": "repealed"}).status_code == 404, url
    assert "岳阳内部草稿" not in client.get(reverse("staff:documents")).content.decode()
    assert "岳阳内部草稿" not in client.get(reverse("staff:dashboard")).content.decode()
    assert Document.objects.get(pk=doc.pk).state == State.DRAFT
    assert Attachment.objects.filter(document=doc).count() == 1


def test_public_gets_404_for_unpublished_document_and_attachment(client, secret_draft):
    doc, att = secret_draft
    assert client.get(reverse("portal:document", args=[doc.agency.slug, doc.pk])).status_code == 404
    assert client.get(reverse("portal:attachment", args=[doc.agency.slug, doc.pk, att.pk])).status_code == 404
    assert client.get(reverse("staff:document", args=[doc.pk])).status_code == 302  # to the login page


def test_supervisor_reads_subtree_but_changes_nothing(client, agency_tree, make_staff, workflow):
    doc = workflow.draft(agency_tree["district"], title="区局草稿")
    workflow.draft(agency_tree["other"], title="外省草稿")
    supervisor = make_staff(agency_tree["province"], "supervisor", username="sup")
    client.force_login(supervisor)
    listing = client.get(reverse("staff:documents")).content.decode()
    assert "区局草稿" in listing and "外省草稿" not in listing
    assert client.get(reverse("staff:document", args=[doc.pk])).status_code == 200
    client.post(reverse("staff:document_transition", args=[doc.pk, "submit"]))
    assert Document.objects.get(pk=doc.pk).state == State.DRAFT
    assert client.get(reverse("staff:document_edit", args=[doc.pk])).status_code == 403


def test_staff_of_the_same_agency_work_normally(client, agency_tree, workflow):
    agency = agency_tree["city"]
    editor, reviewer = workflow.staff_for(agency)
    client.force_login(editor)
    response = client.post(
        reverse("staff:document_create"),
        {
            "title": "关于做好冬季救助工作的通知",
            "doc_number": "随民办发【2025】12号",
            "category": "",
            "written_on": "",
            "disclosure_mode": "proactive",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "请选择主题分类" in page and "请填写成文日期" in page
    assert not Document.objects.filter(title="关于做好冬季救助工作的通知").exists()
    from gongkai.disclosure.models import Category

    response = client.post(
        reverse("staff:document_create"),
        {
            "title": "关于做好冬季救助工作的通知",
            "doc_number": "随民办发【2025】12号",
            "category": Category.objects.get(code="16").pk,
            "written_on": "2025-11-03",
            "disclosure_mode": "proactive",
            "body": "<p>各县市区民政局：</p>",
        },
    )
    doc = Document.objects.get(title="关于做好冬季救助工作的通知")
    assert response.status_code == 302 and doc.doc_number == "随民办发〔2025〕12号"
    client.post(reverse("staff:document_transition", args=[doc.pk, "submit"]))
    client.force_login(reviewer)
    client.post(reverse("staff:document_transition", args=[doc.pk, "approve"]))
    client.force_login(editor)
    client.post(reverse("staff:document_transition", args=[doc.pk, "publish"]), {"publish_at": ""})
    doc.refresh_from_db()
    assert doc.state == State.PUBLISHED and doc.index_number.startswith(agency.code + "/")
    detail = client.get(reverse("staff:document", args=[doc.pk])).content.decode()
    assert "审查通过待发布 → 已发布" in detail and doc.index_number in detail
