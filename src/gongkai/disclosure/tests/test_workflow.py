import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.services import history
from gongkai.disclosure import services
from gongkai.disclosure.models import Document, State

pytestmark = pytest.mark.django_db


def public_urls(doc):
    slug = doc.agency.slug
    return [reverse("portal:document", args=[slug, doc.pk])]


def publicly_listed(client, doc) -> bool:
    """Whether the title appears anywhere the public can look: home, agency page, catalogue, feed."""
    slug = doc.agency.slug
    pages = [
        reverse("portal:index"),
        reverse("portal:agency", args=[slug]),
        reverse("portal:catalogue", args=[slug]),
        reverse("portal:feed", args=[slug]),
    ]
    return any(doc.title in client.get(u).content.decode() for u in pages)


def test_full_workflow_with_rejection_audit_and_public_visibility(client, agency_tree, workflow):
    agency = agency_tree["city"]
    editor, reviewer = workflow.staff_for(agency)
    doc = workflow.draft(
        agency, editor, title="关于印发困难群众救助工作方案的通知", doc_number="随民发[2025]3号"
    )
    assert doc.doc_number == "随民发〔2025〕3号"
    doc_url = reverse("portal:document", args=[agency.slug, doc.pk])

    for step in ("draft", "submitted", "rejected", "resubmitted", "approved"):
        assert client.get(doc_url).status_code == 404, step
        assert not publicly_listed(client, doc), step
        if step == "draft":
            services.transition(editor, doc, "submit")
        elif step == "submitted":
            with pytest.raises(ValidationError, match="须填写理由"):
                services.transition(reviewer, doc, "reject")
            services.transition(reviewer, doc, "reject", reason="附件含个人身份证号，请删除")
            doc.refresh_from_db()
            assert doc.state == State.DRAFT and doc.review_note.startswith("附件含")
        elif step == "rejected":
            services.transition(editor, doc, "submit")
        elif step == "resubmitted":
            services.transition(reviewer, doc, "approve")

    doc = services.transition(editor, doc, "publish")
    assert doc.index_number == f"{agency.code}/{timezone.localdate().year}-00001"
    page = client.get(doc_url).content.decode()
    assert doc.index_number in page and "随民发〔2025〕3号" in page
    assert publicly_listed(client, doc)

    services.transition(reviewer, doc, "withdraw", reason="内容有误，已重新发布")
    page = client.get(doc_url).content.decode()
    assert "已于" in page and "撤回" in page and "内容有误" in page
    assert "<p>正文</p>" not in page
    assert not publicly_listed(client, doc)

    steps = [(e.action, e.from_state, e.to_state, e.actor_id) for e in history(doc)]
    assert steps == [
        ("create", "", "draft", editor.pk),
        ("submit", "draft", "submitted", editor.pk),
        ("reject", "submitted", "draft", reviewer.pk),
        ("submit", "draft", "submitted", editor.pk),
        ("approve", "submitted", "approved", reviewer.pk),
        ("publish", "approved", "published", editor.pk),
        ("withdraw", "published", "withdrawn", reviewer.pk),
    ]
    assert history(doc).get(action="reject").reason == "附件含个人身份证号，请删除"


def test_author_cannot_review_own_document_and_roles_are_enforced(agency_tree, make_staff, workflow):
    agency = agency_tree["city"]
    both = make_staff(agency, "editor", "reviewer", username="both")
    doc = workflow.draft(agency, both)
    services.transition(both, doc, "submit")
    with pytest.raises(ValidationError, match="起草人以外"):
        services.transition(both, doc, "approve")
    editor, _ = workflow.staff_for(agency)
    with pytest.raises(PermissionDenied, match="没有执行此操作的权限"):  # an editor is not a reviewer
        services.transition(editor, doc, "approve")
    assert Document.objects.get(pk=doc.pk).state == State.SUBMITTED


def test_actions_out_of_order_are_refused(agency_tree, workflow):
    agency = agency_tree["city"]
    editor, reviewer = workflow.staff_for(agency)
    doc = workflow.draft(agency, editor)
    with pytest.raises(ValidationError, match="不能发布"):
        services.transition(editor, doc, "publish")
    with pytest.raises(ValidationError, match="不能保密审查通过"):
        services.transition(reviewer, doc, "approve")


def test_scheduled_publication_is_invisible_until_its_time(client, agency_tree, workflow):
    agency = agency_tree["city"]
    later = timezone.now() + dt.timedelta(hours=2)
    doc = workflow.publish(agency, publish_at=later, title="定时发布的通知")
    assert doc.state == State.PUBLISHED and doc.is_scheduled and doc.index_number
    assert client.get(reverse("portal:document", args=[agency.slug, doc.pk])).status_code == 404
    assert not publicly_listed(client, doc)
    Document.objects.filter(pk=doc.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("portal:document", args=[agency.slug, doc.pk])).status_code == 200


def test_staff_of_another_agency_cannot_act(agency_tree, workflow):
    doc = workflow.draft(agency_tree["city"])
    outsider, _ = workflow.staff_for(agency_tree["other"])
    with pytest.raises(Http404):
        services.transition(outsider, doc, "submit")


def test_index_numbers_are_sequential_per_agency_and_year(agency_tree, workflow):
    year = timezone.localdate().year
    a = [workflow.publish(agency_tree["city"], title=f"城{i}").index_number for i in range(3)]
    b = workflow.publish(agency_tree["other"], title="岳").index_number
    code = agency_tree["city"].code
    assert a == [f"{code}/{year}-{n:05d}" for n in (1, 2, 3)]
    assert b == f"{agency_tree['other'].code}/{year}-00001"


def test_body_is_sanitised_and_metadata_validated(agency_tree, workflow):
    doc = workflow.draft(
        agency_tree["city"],
        body='<p onclick="x()">好</p><script>alert(1)</script><a href="javascript:alert(1)">链</a>',
    )
    assert "script" not in doc.body and "onclick" not in doc.body and "javascript" not in doc.body
    assert "<p>好</p>" in doc.body
    with pytest.raises(ValidationError) as exc:
        workflow.draft(agency_tree["city"], doc_number="随民发2025年3号")
    assert "文号" in str(exc.value)
    with pytest.raises(ValidationError, match="法律依据"):
        workflow.draft(agency_tree["city"], disclosure_mode="not_disclosed")


def test_publication_clock_art_26(agency_tree, workflow):
    doc = workflow.draft(agency_tree["city"], written_on=dt.date(2025, 1, 20))
    assert doc.publish_due_on == dt.date(2025, 2, 21)
    doc = workflow.draft(agency_tree["city"], written_on=dt.date(2025, 1, 2), changed_on=dt.date(2025, 9, 26))
    # From the change (Fri 2025-09-26): Sep 28 (Sunday worked), 29, 30, Oct 9, 10, 11 (Saturday worked),
    # then 14 more working days: Oct 13-17, 20-24, 27-30 → the 20th is Oct 30.
    assert doc.publish_due_on == dt.date(2025, 10, 30)
