import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosure import services
from gongkai.disclosure.uploads import UploadError, check_attachment
from gongkai.testing import files

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("通知.pdf", files.pdf(), "pdf"),
        ("图.PNG", files.png(), "png"),
        ("照片.jpeg", files.jpg(), "jpg"),
        ("表.docx", files.docx(), "docx"),
        ("表.xlsx", files.xlsx(), "xlsx"),
        ("旧.doc", files.ole(), "doc"),
        ("旧.wps", files.ole(), "wps"),
    ],
)
def test_accepted_types_are_read_from_content(name, data, kind):
    assert check_attachment(name, data, MB) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", b"MZ....", "不支持的文件类型"),
        ("假的.pdf", b"<html>not a pdf</html>", "内容与扩展名"),
        ("假的.docx", b"%PDF-1.4", "内容与扩展名"),
        ("坏的.zip", b"PK\x03\x04garbage", "已损坏"),
        ("空.pdf", b"", "文件为空"),
    ],
)
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
        services.add_attachment(editor, doc, "晚.pdf", files.pdf())
