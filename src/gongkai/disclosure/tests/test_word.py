"""Word documents in: a .docx uploaded as the body becomes clean HTML (mammoth, then the same
sanitiser as every body); text pasted from Word becomes paragraphs instead of one run-on line."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure.models import Document
from gongkai.disclosure.word import docx_to_html

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_file(picture: bool = False) -> bytes:
    d = docx.Document()
    d.add_heading("一、调整标准", level=1)
    d.add_paragraph("各县（市、区）民政局：")
    p = d.add_paragraph("城市低保标准")
    p.add_run("每人每月800元").bold = True
    d.add_paragraph("本通知自印发之日起施行。")
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "地区", (0, 1): "标准", (1, 0): "城市", (1, 1): "800元"}.items():
        table.cell(r, c).text = text
    if picture:
        from PIL import Image

        img = io.BytesIO()
        Image.new("RGB", (8, 8)).save(img, "PNG")
        d.add_picture(io.BytesIO(img.getvalue()))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_word_headings_bold_and_tables_survive_and_nothing_else():
    body = docx_to_html(word_file())
    assert body.html.startswith("<h2>一、调整标准</h2><p>各县（市、区）民政局：</p>")
    assert "<strong>每人每月800元</strong>" in body.html
    assert "<table>" in body.html and "<td><p>800元</p></td>" in body.html
    assert "style=" not in body.html and "class=" not in body.html and body.notes == ()


def test_pictures_are_left_out_and_the_editor_is_told():
    body = docx_to_html(word_file(picture=True))
    assert "<img" not in body.html and "data:" not in body.html
    assert body.notes == ("Word文档中的1张图片未放入正文，如需公开请作为附件上传",)


@pytest.mark.django_db
def test_an_editor_uploads_a_docx_as_the_body(client, agency_tree, workflow, category):
    editor, _ = workflow.staff_for(agency_tree["city"])
    client.force_login(editor)
    response = client.post(
        reverse("staff:document_create"),
        {
            "title": "关于调整城乡低保标准的通知",
            "category": category.pk,
            "written_on": "2025-03-03",
            "disclosure_mode": "proactive",
            "body": "",
            "body_docx": SimpleUploadedFile("通知.docx", word_file(picture=True), DOCX),
        },
        follow=True,
    )
    doc = Document.objects.get(title="关于调整城乡低保标准的通知")
    assert doc.body.startswith("<h2>一、调整标准</h2>") and "<strong>每人每月800元</strong>" in doc.body
    page = response.content.decode()
    assert "已从Word文档导入正文" in page and "1张图片未放入正文" in page


@pytest.mark.django_db
def test_a_file_that_is_not_a_docx_is_refused_in_chinese(client, agency_tree, workflow, category):
    editor, _ = workflow.staff_for(agency_tree["city"])
    client.force_login(editor)
    response = client.post(
        reverse("staff:document_create"),
        {
            "title": "甲",
            "category": category.pk,
            "written_on": "2025-03-03",
            "disclosure_mode": "proactive",
            "body_docx": SimpleUploadedFile("通知.docx", b"%PDF-1.4 not word", DOCX),
        },
    )
    assert response.status_code == 200
    assert "文件内容与扩展名“.docx”不符" in response.content.decode()
    assert not Document.objects.filter(title="甲").exists()


@pytest.mark.django_db
def test_text_pasted_from_word_becomes_paragraphs(client, agency_tree, workflow, category):
    editor, _ = workflow.staff_for(agency_tree["city"])
    client.force_login(editor)
    client.post(
        reverse("staff:document_create"),
        {
            "title": "乙",
            "category": category.pk,
            "written_on": "2025-03-03",
            "disclosure_mode": "proactive",
            "body": "各县（市、区）民政局：\r\n\r\n现将有关事项通知如下。\r\n一、提高标准 <见附件>",
        },
    )
    assert Document.objects.get(title="乙").body == (
        "<p>各县（市、区）民政局：</p><p>现将有关事项通知如下。</p><p>一、提高标准 &lt;见附件&gt;</p>"
    )
