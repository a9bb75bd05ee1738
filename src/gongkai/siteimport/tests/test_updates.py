"""A re-import follows the page: an attachment the page no longer links (or whose address now serves
another file) is taken off the document, the search entry drops its text, and undo puts it back."""

from __future__ import annotations

import pytest

from gongkai.disclosure.models import Attachment, Document
from gongkai.siteimport import services
from gongkai.siteimport.models import ImportSettings, Outcome

from . import site as generated

pytestmark = pytest.mark.django_db

T1 = "/tzgg/t1.html"


def _found(word: str) -> list[int]:
    from gongkai.search.services import search

    return [h.id for h in search(word).hits]


def _meta_page(links: str):
    """The meta-tag page of the generated site with other attachment links."""
    body = generated.META_PAGE[2].decode()
    start, end = body.index("<p>附件："), body.index("</div>", body.index("<p>附件："))
    html = body[:start] + f"<p>附件：{links}</p>" + body[end:]
    return 200, generated.META_PAGE[1], html.encode()


@pytest.fixture
def published(agency_tree):
    city = agency_tree["city"]
    ImportSettings.objects.create(agency=city, published_on_old_site=True)  # searchable at once
    return city


def test_an_attachment_gone_from_the_page_is_dropped_and_search_follows(
    published, old_site, run_import, django_capture_on_commit_callbacks
):
    site, _ = old_site
    site.routes[T1] = _meta_page(
        '<a href="/files/2025/biaozhun.pdf">低保标准表</a> <a href="/files/2025/shuoming.pdf">填表说明</a>'
    )
    site.routes["/files/2025/shuoming.pdf"] = (
        200,
        {"Content-Type": "application/pdf"},
        generated.pdf_bytes("shuoming"),
    )
    first = run_import(published, site.base + "/")
    doc = Document.objects.get(source_url=site.base + T1)
    assert sorted(a.name for a in doc.attachments.all()) == ["低保标准表.pdf", "填表说明.pdf"]
    assert doc.pk in _found("shuoming")  # the attachment's text is searchable

    site.routes[T1] = _meta_page('<a href="/files/2025/biaozhun.pdf">低保标准表</a>')  # 填表说明 taken off
    second = run_import(published, site.base + "/")
    item = second.items.get(document=doc)
    assert item.outcome == Outcome.UPDATED and set(item.previous) == {"body"}  # the link left the body
    assert [a.name for a in doc.attachments.all()] == ["低保标准表.pdf"]
    assert any("填表说明" in n and "不再链接" in n for n in item.notes)
    assert doc.pk not in _found("shuoming") and doc.pk in _found("biaozhun")

    again = run_import(published, site.base + "/")  # nothing more to drop
    assert again.items.get(document=doc).outcome == Outcome.UNCHANGED

    services.undo(again.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.undo(second.pk)  # the dropped attachment comes back, with its file and search text
    restored = Document.objects.get(pk=doc.pk).attachments.get(name="填表说明.pdf")
    assert restored.file.read() == generated.pdf_bytes("shuoming")
    assert doc.pk in _found("shuoming")
    services.undo(first.pk)
    assert not Attachment.objects.exists()


def test_other_content_at_the_same_address_replaces_the_old_file(published, old_site, run_import):
    site, _ = old_site
    run_import(published, site.base + "/")
    doc = Document.objects.get(source_url=site.base + T1)
    assert doc.attachments.get().file.read() == generated.pdf_bytes("biaozhun")
    site.routes["/files/2025/biaozhun.pdf"] = (
        200,
        {"Content-Type": "application/pdf"},
        generated.pdf_bytes("xinbiaozhun"),
    )
    run = run_import(published, site.base + "/")
    assert run.items.get(document=doc).outcome == Outcome.UPDATED
    assert doc.attachments.get().file.read() == generated.pdf_bytes("xinbiaozhun")
    assert any("已更换" in n for n in run.items.get(document=doc).notes)


def test_an_attachment_that_cannot_be_downloaded_this_time_stays(published, old_site, run_import):
    site, _ = old_site
    run_import(published, site.base + "/")
    doc = Document.objects.get(source_url=site.base + T1)
    site.routes["/files/2025/biaozhun.pdf"] = (503, {"Content-Type": "text/html"}, b"busy")
    run = run_import(published, site.base + "/")
    assert [a.name for a in doc.attachments.all()] == ["低保标准表.pdf"]  # still linked: kept
    assert run.items.get(document=doc).outcome == Outcome.UNCHANGED


def test_an_attachment_added_on_the_platform_is_never_dropped(published, old_site, run_import):
    from django.core.files.base import ContentFile

    site, _ = old_site
    run_import(published, site.base + "/")
    doc = Document.objects.get(source_url=site.base + T1)
    mine = Attachment(document=doc, name="本平台补充.pdf", kind="pdf", size=3, sha256="0" * 64)
    mine.file.save("mine.pdf", ContentFile(b"pdf"), save=False)
    mine.save()
    site.routes[T1] = _meta_page("")  # the page now links no attachment at all
    run_import(published, site.base + "/")
    assert [a.name for a in doc.attachments.all()] == ["本平台补充.pdf"]


def test_the_same_address_imported_by_another_agency_is_a_document_of_its_own(
    agency_tree, old_site, run_import
):
    site, _ = old_site
    city, other = agency_tree["city"], agency_tree["other"]
    run_import(other, site.base + "/")
    theirs = set(Document.objects.filter(agency=other).values_list("pk", flat=True))
    first = run_import(city, site.base + "/")
    assert first.created >= 3 and Document.objects.filter(agency=city).count() == first.created
    again = run_import(city, site.base + "/")
    assert (again.created, again.updated) == (0, 0)  # its own documents found, not the other's
    assert set(Document.objects.filter(agency=other).values_list("pk", flat=True)) == theirs
