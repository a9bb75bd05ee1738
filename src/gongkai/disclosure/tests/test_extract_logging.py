"""A file whose text cannot be read is kept without search text, and the failure is logged as a
warning naming the attachment — never its content (issue 19 item 7)."""

import logging

from gongkai.disclosure.extract import extract_text


def test_failed_extraction_logs_the_attachment_id_not_the_content(caplog):
    caplog.set_level(logging.DEBUG)
    damaged = b"%PDF-1.4\n\xe6\xb5\x8b\xe8\xaf\x95 \xe6\xac\xa7\xe9\x98\xb3\xe6\x98\x8e\xe8\xbf\x9c broken"  # 测试 欧阳明远
    assert extract_text("pdf", damaged, attachment_id=4711) == ""
    [record] = [r for r in caplog.records if r.name == "gongkai.disclosure.extract"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "text extraction failed" in message and "attachment_id=4711" in message and "kind=pdf" in message
    assert "欧阳明远" not in caplog.text and "broken" not in caplog.text


def test_a_readable_file_logs_nothing(caplog):
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("关于做好2025年城乡低保工作的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    caplog.set_level(logging.DEBUG)
    assert "城乡低保" in extract_text("docx", buffer.getvalue(), attachment_id=1)
    assert not [r for r in caplog.records if r.name == "gongkai.disclosure.extract"]
