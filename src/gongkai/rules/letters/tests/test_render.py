import hashlib
import io
import shutil

import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai.rules.letters.model import LetterError
from gongkai.rules.letters.render import (
    freeze,
    frozen,
    letter_docx,
    letter_html,
    letter_pdf,
    signature_block,
)
from gongkai.rules.letters.reply import compose_reply

from .conftest import make_facts


@pytest.fixture(scope="module")
def letter():
    facts = make_facts(seal="（此件加盖政府信息公开专用章）", contact_person="王五")
    return compose_reply(
        "withheld.third_party_rights",
        facts,
        what="个人隐私",
        third_party_objected=True,
        attachments=["送达回证"],
    )


@pytest.fixture(scope="module")
def pdf(letter):
    return letter_pdf(letter)


def test_html_escapes_the_applicant(letter):
    facts = make_facts(applicant="<script>alert(1)</script>", description="a & b <i>")
    page = letter_html(compose_reply("granted", facts))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;：" in page
    assert "a &amp; b &lt;i&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "仿宋_GB2312" in page


def test_html_has_every_part(letter):
    page = letter_html(letter)
    for text in (
        letter.title,
        letter.number,
        "张三：",
        *letter.body,
        "附件：送达回证",
        letter.seal,
        letter.signature,
        letter.date_text,
        letter.note,
    ):
        assert text in page


def test_html_needs_no_inline_styles(letter):
    page = letter_html(letter)
    assert "style=" not in page
    assert (
        '<p class="gk-r8">2025年2月10日</p>' in page and ".gk-letter .gk-r8 { padding-right: 4em; }" in page
    )


def test_signature_centred_over_the_date(letter):
    block = signature_block(letter)
    assert [t for t, _ in block] == [letter.seal, "随州市民政局", "2025年2月10日"]
    date_right = block[-1][1]
    assert date_right == 4
    # 随州市民政局 is 6 ems wide, the date 6.5: centred means right indent 4 + 0.25.
    assert block[1][1] == pytest.approx(4.25)
    assert block[0][1] == 0  # wider than the date and its four characters: flush right


def test_docx_opens_with_the_text_and_the_fonts(letter):
    data = letter_docx(letter)
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == letter.title and letter.number in texts and "张三：" in texts
    for paragraph in letter.body:
        assert paragraph in texts
    assert letter.signature in texts and letter.date_text in texts and letter.note in texts
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.font.size.pt == 22
    assert title_run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")).blob
    assert "仿宋_GB2312".encode() in font_table and "方正小标宋简体".encode() in font_table


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig missing")
def test_pdf_text_has_the_applicant_and_embeds_cjk_fonts(pdf):
    import pdfplumber

    assert pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
        fonts = {char["fontname"] for page in document.pages for char in page.chars}
        width, height = document.pages[0].width, document.pages[0].height
    assert "张三" in text and "随州市民政局" in text and "应当先申请行政复议" in text
    assert any("CJK" in name for name in fonts), fonts
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297


def test_frozen_is_the_sha256(pdf):
    assert frozen(pdf) == hashlib.sha256(pdf).hexdigest() and len(frozen(b"")) == 64


def test_freeze_refuses_a_letter_with_gaps():
    draft = compose_reply("withheld.prohibited_by_law", make_facts())
    with pytest.raises(LetterError, match="禁止公开的法律"):
        freeze(draft)


def test_freeze_keeps_both_files_with_hashes(letter):
    kept = freeze(letter)
    assert kept.docx_sha256 == frozen(kept.docx) and kept.pdf_sha256 == frozen(kept.pdf)
    assert kept.text == letter.text() and kept.pdf.startswith(b"%PDF")


def test_docx_keeps_the_last_paragraph_the_closing_and_the_signature_together(letter):
    doc = Document(io.BytesIO(letter_docx(letter)))
    paragraphs = doc.paragraphs
    texts = [p.text for p in paragraphs]
    closing = texts.index("特此告知。")
    last = paragraphs[closing - 1]
    assert last.text == letter.paragraphs[-1]
    for p in (last, paragraphs[closing]):
        assert p.paragraph_format.keep_with_next and p.paragraph_format.keep_together
    seal = texts.index("（印章位置）")
    signature = texts.index(letter.signature)
    assert closing < seal < signature  # the seal's place over the 落款
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[closing : texts.index(letter.date_text)])
