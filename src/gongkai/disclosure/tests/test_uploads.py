import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosure import services
from gongkai.disclosure.uploads import UploadError, check_attachment

MB = 1024 * 1024


def ooxml(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(f"{part}/document.xml", "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize("name,data,kind", [
    ("通知.pdf", b"%PDF-1.7\n...", "pdf"),
    ("图.PNG", b"\x89PNG\r\n\x1a\n....", "png"),
    ("照片.jpeg", b"\xff\xd8\xff\xe0....", "jpg"),
    ("表.docx", ooxml("word"), "docx"),
    ("表.xlsx", ooxml("xl"), "xlsx"),
    ("旧.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 10, "doc"),
    ("旧.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 10, "wps"),
])
def test_accepted_types_are_read_from_content(name, data, kind):
    assert check_attachment(name, data, MB) == kind


@pytest.mark.parametrize("name,data,message", [
    ("病毒.exe", b"MZ....", "不支持的文件类型"),
    ("假的.pdf", b"<html>not a pdf</html>", "内容与扩展名"),
    ("假的.docx", b"%PDF-1.4", "内容与扩展名"),
    ("坏的.zip", b"PK\x03\x04garbage", "已损坏"),
    ("空.pdf", b"", "文件为空"),
])
def test_refused_files_get_a_clear_chinese_error(name, data, message):
    with pytest.raises(UploadError, match=message):
        check_attachment(name, data, MB)


def test_size_limit():
    with pytest.raises(UploadError, match="文件过大"):
        check_attachment("大.pdf", b"%PDF-" + b"0" * (2 * MB), MB)


@pytest.mark.django_db
def test_upload_through_service_is_audited_and_text_extracted(agency_tree, workflow, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 1024
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("城乡低保标准调整表")
    d.save(buf)
    editor, _ = workflow.staff_for(agency_tree["city"])
    doc = workflow.draft(agency_tree["city"], editor)
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 10 * MB
    att = services.add_attachment(editor, doc, "标准.docx", buf.getvalue())
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(UploadError, match="文件过大"):
        services.add_attachment(editor, doc, "大.pdf", b"%PDF-" + b"0" * 2048)
    assert doc.attachments.count() == 1
    # Extraction runs after commit (in-process here, Celery in production).
    from gongkai.disclosure.tasks import extract_attachment_text

    extract_attachment_text(att.pk)
    att.refresh_from_db()
    assert "城乡低保标准调整表" in att.text
    services.transition(editor, doc, "submit")
    with pytest.raises(ValidationError, match="只有草稿"):
        services.add_attachment(editor, doc, "晚.pdf", b"%PDF-1.4")
