"""The public downloads an attachment of a published document (read through
gongkai.disclosure.selectors): its own file, and never another document's attachment through this
document's address."""

import pytest
from django.urls import reverse

from gongkai.testing import factories, files

pytestmark = pytest.mark.django_db


def _published_with_attachment(agency, editor, reviewer, title, data):
    from gongkai.disclosure import services

    draft = factories.draft_document(editor, agency, title=title)
    att = services.add_attachment(editor, draft, "附件.pdf", data)
    services.transition(editor, draft, "submit")
    services.transition(reviewer, draft, "approve")
    return services.transition(editor, draft, "publish"), att


def test_a_published_documents_attachment_downloads_and_only_through_its_own_document(
    client, agency_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    editor = factories.staff(city, "editor", username="att-ed")
    reviewer = factories.staff(city, "reviewer", username="att-rv")
    doc, att = _published_with_attachment(city, editor, reviewer, "低保标准的通知", files.pdf("first"))
    other, _ = _published_with_attachment(city, editor, reviewer, "临时救助的通知", files.pdf("second"))

    own = client.get(reverse("portal:attachment", args=[city.slug, doc.pk, att.pk]))
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == files.pdf("first")
    # The attachment's id under another published document's address is not found.
    assert client.get(reverse("portal:attachment", args=[city.slug, other.pk, att.pk])).status_code == 404
