"""The redaction page (issue 17, item 2): search and mark (strings, regex, presets), boxes, each
with its ground; applying removes the content with the engine; the redacted copy is released, the
original stays in the case file and never reaches the applicant; the letter states the grounds."""

import io
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.delivery import handover, services
from gongkai.delivery.models import ReplyFile

from . import pdfs
from .conftest import applicant, client_for

pytestmark = pytest.mark.django_db
THIRD_PARTY = "withheld.third_party_rights"
INTERNAL = "withheld.internal_affairs"


def _pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return "".join(out.stdout.decode().split())


def _read(row: ReplyFile) -> bytes:
    with row.file.open("rb") as fh:
        return fh.read()


@pytest.fixture
def original(case, case_staff):
    app, _ = case
    return services.attach(case_staff["handler"], app, "救助对象名单.pdf", pdfs.weasyprint_pdf())


def _page(client, app, row, action, **data):
    return client.post(
        reverse("staff:delivery_redact_action", args=[app.pk, row.pk, action]), data, follow=True
    ).content.decode()


def test_search_and_mark_then_apply_removes_the_content_and_only_the_copy_is_released(
    case, case_staff, original, send
):
    app, code = case
    h = client_for(case_staff["handler"])
    page = _page(h, app, original, "search", ground=THIRD_PARTY, texts=pdfs.NAME, presets=["id", "mobile"])
    assert "已标记" in page
    original.refresh_from_db()
    marked = services.areas(original)
    assert len(marked) >= 3 and {m["ground"] for m in marked} == {THIRD_PARTY}
    page = h.get(reverse("staff:delivery_redact", args=[app.pk, original.pk])).content.decode()
    assert page.count('class="redact-mark"') == len(marked)  # drawn on the page images, without script
    _page(h, app, original, "apply")
    copy = ReplyFile.objects.get(source=original, origin="redacted")
    text = _pdftotext(_read(copy))
    for secret in (pdfs.NAME, pdfs.ID_NUMBER, pdfs.PHONE):
        assert secret not in text
    assert pdfs.KEPT in text  # the rest is still there
    assert pdfs.NAME in _pdftotext(_read(original))  # the original is unchanged, in the case file
    send(app, "partially_granted")
    browser = applicant(app, code)
    status = browser.get(f"/{app.agency.slug}/apply/{app.pk}/").content.decode()
    assert copy.title in status and f"/files/{original.pk}/" not in status
    got = browser.get(reverse("delivery_portal:file", args=[app.agency.slug, app.pk, copy.pk]))
    assert got.status_code == 200 and pdfs.NAME not in _pdftotext(b"".join(got.streaming_content))
    # The original, asked for by its number: never.
    assert (
        browser.get(reverse("delivery_portal:file", args=[app.agency.slug, app.pk, original.pk])).status_code
        == 404
    )


def test_the_original_of_a_redaction_is_never_released_even_if_ticked(case, case_staff, original, send):
    app, code = case
    h = case_staff["handler"]
    services.add_marks(h, app, original.pk, ground=THIRD_PARTY, texts=[pdfs.NAME])
    services.apply_redaction(h, app, original.pk)
    with pytest.raises(ValidationError, match="原件留存案卷"):
        services.set_release(h, app, original.pk, True)
    # Even if the flags were set behind the services' back, the release and the download leave it out.
    ReplyFile.objects.filter(pk=original.pk).update(release=True)
    send(app, "partially_granted")
    assert ReplyFile.objects.get(pk=original.pk).released_at is None
    ReplyFile.objects.filter(pk=original.pk).update(released_at=timezone.now())
    assert original.pk not in {r.pk for r in handover.released(app)}
    browser = applicant(app, code)
    assert (
        browser.get(reverse("delivery_portal:file", args=[app.agency.slug, app.pk, original.pk])).status_code
        == 404
    )


def test_the_letter_states_each_ground_and_sending_checks_it(case, case_staff, original, send):
    app, _ = case
    h = case_staff["handler"]
    services.add_marks(h, app, original.pk, ground=THIRD_PARTY, texts=[pdfs.NAME])
    services.add_marks(h, app, original.pk, ground=INTERNAL, presets=["mobile"])
    services.apply_redaction(h, app, original.pk)
    letter = send(app, "partially_granted")
    body = letter.body_text
    assert "第三十七条" in body and "第十五条" in body and "第十六条第一款" in body
    assert "以黑框删除" in body and "救助对象名单" in body


def test_sending_is_refused_while_marks_are_not_applied_or_grounds_not_stated(case, case_staff, original, on):
    from gongkai.applications import letters

    app, _ = case
    h, leader = case_staff["handler"], case_staff["leader"]
    services.add_marks(h, app, original.pk, ground=THIRD_PARTY, texts=[pdfs.NAME])
    letters.draft_reply(h, app, "partially_granted", withheld="个人信息", reasons="涉及个人隐私")
    letters.sign_reply(leader, app)
    with pytest.raises(ValidationError, match="尚未应用"):
        letters.send_reply(h, app, app.received_on)
    services.apply_redaction(h, app, original.pk)
    # The letter was written before: it gives no article for the 区分处理 → refused.
    with pytest.raises(ValidationError, match="第十五条"):
        letters.send_reply(h, app, app.received_on)
    assert not handover.released(app).exists()


def test_a_drawn_box_is_marked_and_removed(case, case_staff, original):
    app, _ = case
    h = client_for(case_staff["handler"])
    # The whole top of page 1 (where the heading is): a box in points from the top-left corner.
    page = _page(h, app, original, "box", ground=INTERNAL, page="1", x0="0", y0="0", x1="595", y1="120")
    assert "已添加框选区域" in page
    page = _page(h, app, original, "box", ground="", page="1", x0="0", y0="0", x1="10", y1="10")
    assert "不予公开的依据" in page  # a box without a ground is refused
    page = _page(h, app, original, "box", ground=INTERNAL, page="9", x0="0", y0="0", x1="10", y1="10")
    assert "第9页不存在" in page
    _page(h, app, original, "apply")
    copy = ReplyFile.objects.get(source=original, origin="redacted")
    assert pdfs.KEPT in _pdftotext(_read(copy))  # the second line, below the box
    import pymupdf

    with pymupdf.open(stream=_read(copy), filetype="pdf") as doc:
        assert not doc[0].get_text(clip=pymupdf.Rect(1, 1, 594, 119)).strip()


def test_unmarking_and_a_bad_regex_and_nothing_found(case, case_staff, original):
    app, _ = case
    h = client_for(case_staff["handler"])
    page = _page(h, app, original, "search", ground=THIRD_PARTY, pattern="([")
    assert "正则表达式" in page and "有误" in page
    page = _page(h, app, original, "search", ground=THIRD_PARTY, texts="不存在的人名")
    assert "未找到：不存在的人名" in page
    _page(h, app, original, "search", ground=THIRD_PARTY, texts=pdfs.NAME)
    original.refresh_from_db()
    first = services.areas(original)[0]["index"]
    n = len(services.areas(original))
    _page(h, app, original, "unmark", mark=[str(first)])
    original.refresh_from_db()
    assert len(services.areas(original)) == n - 1
    _page(h, app, original, "clear")
    original.refresh_from_db()
    assert services.areas(original) == []
    assert "尚未标记" in _page(h, app, original, "apply")


def test_page_images_are_png_and_scoped(case, case_staff, original):
    app, _ = case
    response = client_for(case_staff["handler"]).get(
        reverse("staff:delivery_page", args=[app.pk, original.pk, 1])
    )
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert (
        client_for(case_staff["handler"])
        .get(reverse("staff:delivery_page", args=[app.pk, original.pk, 5]))
        .status_code
        == 404
    )
    assert (
        client_for(case_staff["outsider"])
        .get(reverse("staff:delivery_page", args=[app.pk, original.pk, 1]))
        .status_code
        == 404
    )


def _docx(text: str) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing (make system-packages)")
def test_a_word_file_is_converted_then_redacted(case, case_staff):
    app, _ = case
    h = case_staff["handler"]
    word = services.attach(
        h, app, "情况说明.docx", _docx(f"{pdfs.KEPT}。联系人{pdfs.NAME}，电话{pdfs.PHONE}。")
    )
    pdf = services.convert_to_pdf(h, app, word.pk)
    assert pdf.kind == "pdf" and pdfs.NAME in _pdftotext(_read(pdf))
    services.add_marks(h, app, pdf.pk, ground=THIRD_PARTY, texts=[pdfs.NAME], presets=["mobile"])
    copy = services.apply_redaction(h, app, pdf.pk)
    assert pdfs.NAME not in _pdftotext(_read(copy)) and pdfs.KEPT in _pdftotext(_read(copy))
    word.refresh_from_db()
    assert not word.release  # the Word file it came from is not released either
    assert {r.pk for r in services.released_candidates(app)} == {copy.pk}


def test_without_libreoffice_a_clear_chinese_error(case, case_staff, monkeypatch):
    app, _ = case
    h = case_staff["handler"]
    word = services.attach(h, app, "情况说明.docx", _docx("内容"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = (
        client_for(h)
        .post(reverse("staff:delivery_file_action", args=[app.pk, word.pk, "convert"]), follow=True)
        .content.decode()
    )
    assert "服务器未安装 LibreOffice" in page and "libreoffice-writer-nogui" in page
    assert not ReplyFile.objects.filter(source=word).exists()


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing (make system-packages)")
def test_an_excel_file_is_converted_then_redacted(case, case_staff):
    app, _ = case
    h = case_staff["handler"]
    sheet = services.attach(
        h, app, "救助名单.xlsx", _xlsx([["姓名", "身份证号码", "金额"], [pdfs.NAME, pdfs.ID_NUMBER, 1200]])
    )
    error = ""
    try:
        pdf = services.convert_to_pdf(h, app, sheet.pk)
    except ValidationError as exc:  # only the Writer part of LibreOffice installed
        error = str(exc)
    if error:
        assert "libreoffice-calc-nogui" in error
        pytest.skip("libreoffice-calc-nogui missing (make system-packages)")
    assert pdfs.NAME in _pdftotext(_read(pdf)) and "1200" in _pdftotext(_read(pdf))
    services.add_marks(h, app, pdf.pk, ground=THIRD_PARTY, texts=[pdfs.NAME], presets=["id"])
    copy = services.apply_redaction(h, app, pdf.pk)
    text = _pdftotext(_read(copy))
    assert pdfs.NAME not in text and pdfs.ID_NUMBER not in text and "1200" in text
