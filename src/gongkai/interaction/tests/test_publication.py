"""Publication of a reply (writer agreed + leader approved), without personal data, searchable;
moderation hides, nothing is deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.disclosure.models import Document
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    """A fresh embedded index per test (PostgreSQL keeps its index in the rolled-back table)."""
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"


def test_published_reply_is_a_public_document_without_personal_data_and_searchable(
    client, answered, staff, django_capture_on_commit_callbacks
):
    msg, _ = answered
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.publish(staff["leader"], msg)
    doc = Document.objects.get(pk=msg.document_id_published)
    assert doc.is_public and doc.genre.name == "互动回应"
    assert "李四" not in doc.body and "13912345678" not in doc.body
    assert "420102199001011234" not in doc.body and "420102********1234" in doc.body
    assert "户口簿" in doc.body
    box_page = client.get(
        reverse("interaction_portal:box", args=[msg.box.agency.slug, msg.box.pk])
    ).content.decode()
    assert "低保申请条件咨询" in box_page and "答复单位" in box_page
    column = client.get(reverse("interaction_portal:replies", args=[msg.agency.slug])).content.decode()
    assert "低保申请条件咨询" in column
    found = client.get(reverse("search:page") + "?q=户口簿").content.decode()
    assert "低保申请条件咨询" in found


def test_not_published_without_the_writers_consent(submitted, staff):
    msg, _ = submitted
    Message.objects.filter(pk=msg.pk).update(public_ok=False)
    msg.refresh_from_db()
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=staff["handler"])
    services.reply(staff["handler"], msg, "答复内容足够长，可以提交审核了。")
    msg = services.review_reply(staff["leader"], msg, True, publish=True)
    assert not msg.publish_approved  # the leader cannot approve what the writer did not agree to
    with pytest.raises(ValidationError, match="未同意公开"):
        services.publish(staff["leader"], msg)
    assert Document.objects.count() == 0


def test_not_published_without_the_leaders_approval(submitted, staff):
    msg, _ = submitted
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=staff["handler"])
    services.reply(staff["handler"], msg, "答复内容足够长，可以提交审核了。")
    msg = services.review_reply(staff["leader"], msg, True, publish=False)
    with pytest.raises(ValidationError, match="未同意公开"):
        services.publish(staff["leader"], msg)
    assert not selectors.published(agency=msg.agency).exists()


def test_hiding_abusive_content_withdraws_it_and_keeps_everything(
    client, answered, staff, django_capture_on_commit_callbacks
):
    msg, _ = answered
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.publish(staff["leader"], msg)
    doc_id = msg.document_id_published
    assert "低保申请条件咨询" in client.get(reverse("search:page") + "?q=户口簿").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.hide(staff["leader"], msg, "含辱骂内容")
    assert msg.hidden and msg.hidden_reason == "含辱骂内容" and Message.objects.filter(pk=msg.pk).exists()
    doc = Document.objects.get(pk=doc_id)
    assert doc.state == "withdrawn"  # kept, off the portal
    column = client.get(reverse("interaction_portal:replies", args=[msg.agency.slug])).content.decode()
    assert "低保申请条件咨询" not in column
    assert "低保申请条件咨询" not in client.get(reverse("search:page") + "?q=户口簿").content.decode()


def test_hide_needs_a_reason(submitted, staff):
    msg, _ = submitted
    with pytest.raises(ValidationError, match="须填写理由"):
        services.hide(staff["leader"], msg, " ")
