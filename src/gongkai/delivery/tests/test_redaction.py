"""The redaction engine by its properties (issue 17 item 2): what was redacted cannot be read back
by two different extractors, the metadata is gone, each box is black on the rendered page, and the
rest of the text is still there — on PDFs made five different ways."""

from __future__ import annotations

import io
import re
import subprocess

import pdfplumber
import pymupdf
import pytest

from gongkai.delivery.redaction import PRESETS, Box, RedactionError, redact

from . import pdfs

SECRETS = (pdfs.NAME, pdfs.ID_NUMBER, pdfs.PHONE)
MAKERS = {
    "letter renderer": pdfs.letter_pdf,
    "weasyprint": pdfs.weasyprint_pdf,
    "scan with OCR layer": pdfs.scan_pdf,
    "laden with metadata": pdfs.laden_pdf,
}


def pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    return re.sub(r"\s+", "", out.decode())


def plumber_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in doc.pages))


def _redacted(data: bytes):
    return redact(data, texts=[pdfs.NAME], patterns=[PRESETS["id"][1], PRESETS["mobile"][1]])


@pytest.fixture(scope="module", params=sorted(MAKERS))
def case(request):
    original = MAKERS[request.param]()
    return request.param, original, _redacted(original)


def test_the_originals_show_what_is_to_be_removed(case):
    _, original, _ = case
    for text in (pdftotext(original), plumber_text(original)):
        assert pdfs.KEPT in text
        assert pdfs.NAME in text and pdfs.ID_NUMBER in text and pdfs.PHONE in text


def test_no_extractor_finds_a_redacted_string_and_the_rest_is_still_there(case):
    _, _, result = case
    for text in (pdftotext(result.data), plumber_text(result.data)):
        for secret in SECRETS:
            assert secret not in text
        assert pdfs.KEPT in text
    raw = result.data
    assert pdfs.NAME.encode("utf-16-be") not in raw and pdfs.ID_NUMBER.encode() not in raw


def test_metadata_xmp_attachments_annotations_and_scripts_are_gone(case):
    _, _, result = case
    with pymupdf.open(stream=result.data, filetype="pdf") as doc:
        assert not any(v for k, v in doc.metadata.items() if k not in ("format", "encryption"))
        assert doc.get_xml_metadata() == ""
        assert doc.embfile_names() == []
        assert doc.get_toc() == []
        assert all(list(page.annots()) == [] and page.get_links() == [] for page in doc)
    with pdfplumber.open(io.BytesIO(result.data)) as doc:
        assert not any(doc.metadata.values())
    info = subprocess.run(
        ["pdfinfo", "-"], input=result.data, capture_output=True, check=True
    ).stdout.decode()
    assert "Title:" not in info and "Author:" not in info and "Producer:" not in info
    assert re.search(r"JavaScript:\s+no", info) and re.search(r"Metadata Stream:\s+no", info)


def test_each_box_is_black_on_the_rendered_page(case):
    _, _, result = case
    assert len(result.areas) >= 3
    with pymupdf.open(stream=result.data, filetype="pdf") as doc:
        for box in result.areas:
            pix = doc[box.page].get_pixmap(dpi=72, clip=_inside(box.rect), colorspace=pymupdf.csGRAY)
            dark = sum(1 for v in pix.samples if v < 40)
            assert dark >= 0.95 * len(pix.samples), box


def _inside(rect: pymupdf.Rect) -> pymupdf.Rect:
    return pymupdf.Rect(rect.x0 + 1, rect.y0 + 1, rect.x1 - 1, rect.y1 - 1)


def test_the_scan_has_the_box_burnt_into_the_image():
    """Take the black boxes away: the scanned image itself no longer shows the name."""
    original = pdfs.scan_pdf()
    result = _redacted(original)
    assert result.scanned_pages == [0]
    with pymupdf.open(stream=result.data, filetype="pdf") as doc:
        page = doc[0]
        (xref, *_), *_ = page.get_images()
        image = pymupdf.Pixmap(doc, xref)
        scale = image.width / page.rect.width
        for box in result.areas:
            r = _inside(box.rect)
            crop = [
                image.pixel(int(x * scale), int(y * scale))
                for x in range(int(r.x0), int(r.x1), 2)
                for y in range(int(r.y0), int(r.y1), 2)
            ]
            assert len(set(crop)) == 1, box  # one flat colour: the glyphs' pixels are overwritten


def test_a_name_split_across_two_text_runs():
    original = pdfs.split_runs_pdf()
    assert original.count(b"BT") >= 3  # the fixture really has the name in two text objects
    assert pdfs.NAME in pdftotext(original)
    result = redact(original, texts=[pdfs.NAME])
    assert len(result.areas) == 1
    for text in (pdftotext(result.data), plumber_text(result.data)):
        assert pdfs.NAME not in text and pdfs.NAME[1:] not in text and pdfs.KEPT in text


def test_a_box_drawn_by_hand_removes_what_is_under_it():
    original = pdfs.split_runs_pdf()
    result = redact(original, boxes=[Box(0, 60, 120, 400, 150, ground="第十五条")])
    assert result.areas[0].ground == "第十五条"
    text = pdftotext(result.data)
    assert "姓名" not in text and pdfs.NAME not in text and pdfs.KEPT in text


def test_hidden_text_is_removed_outside_the_boxes_too():
    result = _redacted(pdfs.laden_pdf())
    assert "隐藏" not in pdftotext(result.data)


def test_the_ocr_layer_of_a_scan_is_kept_outside_the_boxes():
    assert pdfs.KEPT in pdftotext(_redacted(pdfs.scan_pdf()).data)


def test_encrypted_and_unreadable_files_are_refused():
    with pytest.raises(RedactionError, match="该PDF文件已加密，无法区分处理"):
        redact(pdfs.encrypted_pdf(), texts=[pdfs.NAME])
    with pytest.raises(RedactionError, match="无法读取该文件：不是有效的PDF文件或文件已损坏"):
        redact(b"%PDF-1.7\nnot really", texts=[pdfs.NAME])
    with pytest.raises(RedactionError, match="遮盖区域在第3页，而文件只有1页"):
        redact(pdfs.split_runs_pdf(), boxes=[Box(2, 0, 0, 10, 10)])
    with pytest.raises(RedactionError, match="正则表达式“\\(”有误"):
        redact(pdfs.split_runs_pdf(), patterns=["("])


def test_presets_match_the_numbers_and_not_a_document_number():
    assert re.fullmatch(PRESETS["id"][1], pdfs.ID_NUMBER)
    assert not re.search(PRESETS["id"][1], "420102199013011234")  # month 13
    assert re.fullmatch(PRESETS["mobile"][1], pdfs.PHONE)
    assert not re.search(PRESETS["mobile"][1], "鄂民办发〔2017〕8号 12345")
