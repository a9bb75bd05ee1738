"""The printed letter (PDF) as a reader turns its pages: never a page holding only the closing
(特此告知。) and the 落款 (GB/T 9704-2012 7.3.5.1), the seal's place over the signature and date,
the number under the title on the right."""

import io
import shutil

import pytest

from gongkai.rules.letters import compose_notice, compose_reply, letter_pdf
from gongkai.rules.letters.render import SEAL_MARK, page_number_text

from .conftest import make_facts

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig missing")

FILLER = "本机关经认真核查有关档案资料。"


def _pages(pdf: bytes) -> list:
    import pdfplumber

    document = pdfplumber.open(io.BytesIO(pdf))
    return document.pages


def _lines(page) -> list[str]:
    return [" ".join(line.split()) for line in (page.extract_text() or "").splitlines() if line.strip()]


@pytest.mark.parametrize("sentences", range(6, 30))
def test_no_page_holds_only_the_closing(sentences):
    facts = make_facts()
    letter = compose_reply("other.other", facts, reasons="情况说明" + FILLER * sentences)
    pages = _pages(letter_pdf(letter))
    furniture = {letter.signature, letter.date_text, SEAL_MARK, *(page_number_text(n) for n in range(1, 9))}
    closing_page = next(i for i, p in enumerate(pages) if any("特此告知" in line for line in _lines(p)))
    body = [
        line
        for line in _lines(pages[closing_page])
        if line not in furniture and line not in letter.note and "特此告知" not in line
    ]
    assert body, f"page {closing_page + 1} of {len(pages)} holds only the closing and the 落款"
    # The signature and the date are on the closing's page.
    lines = _lines(pages[closing_page])
    assert letter.signature in lines and letter.date_text in lines


def test_the_seal_goes_over_the_signature_and_the_number_under_the_title():
    letter = compose_reply("granted", make_facts(), provided=["低保资金分配表"])
    page = _pages(letter_pdf(letter))[-1]
    words = page.extract_words()

    def box(text):
        return next(w for w in words if w["text"] == text)

    seal, signature, date = box(SEAL_MARK), box(letter.signature), box(letter.date_text)
    # The mark is above the signature, horizontally centred on the signature and the date.
    assert seal["bottom"] < signature["top"]
    centre = (signature["x0"] + signature["x1"]) / 2
    assert abs((seal["x0"] + seal["x1"]) / 2 - centre) < 6
    assert abs((date["x0"] + date["x1"]) / 2 - centre) < 8  # half a character
    # The dashed circle (42 mm) holds the signature and the date, the top within a line of the text.
    circles = [c for c in page.curves if 110 < (c["x1"] - c["x0"]) < 130]
    assert circles, "no seal circle drawn"
    circle = circles[0]
    assert circle["x0"] < signature["x0"] and signature["x1"] < circle["x1"]
    assert circle["top"] < signature["top"] and date["bottom"] < circle["bottom"]
    first = _pages(letter_pdf(letter))[0]
    title, number = (
        next(w for w in first.extract_words() if w["text"].startswith(t))
        for t in ("政府信息公开", "随民依公开")
    )
    assert (
        number["top"] > title["bottom"] and number["x1"] > first.width * 0.7
    )  # under the title, on the right
    assert number["text"] == "随民依公开〔2025〕123号"


# -- page numbers (GB/T 9704-2012 7.5) ------------------------------------------------------------

MM = 72 / 25.4


@pytest.mark.parametrize("sentences", [40, 90])
def test_every_page_of_a_long_letter_is_numbered_at_the_foot_centred(sentences):
    letter = compose_reply("other.other", make_facts(), reasons="情况说明" + FILLER * sentences)
    pages = _pages(letter_pdf(letter))
    assert len(pages) >= 2
    text_bottom = pages[0].height - 35 * MM  # the bottom edge of the text area (margin 35 mm)
    for n, page in enumerate(pages, start=1):
        assert _lines(page)[-1] == f"— {n} —", (n, _lines(page)[-3:])
        number = [w for w in page.extract_words() if w["text"] == str(n) and w["top"] > text_bottom]
        assert len(number) == 1, f"page {n}: no page number under the text area"
        centre = (number[0]["x0"] + number[0]["x1"]) / 2
        assert abs(centre - page.width / 2) < 3, "the number is centred on the page"
        # 7 mm (± a little) under the text area, not at the paper's edge.
        assert 5 * MM < number[0]["top"] - text_bottom < 12 * MM


def test_a_one_page_letter_has_no_page_number():
    facts = make_facts(title="", document_number="", office="", phone="", address="")
    letter = compose_notice("extension", facts, new_due=facts.date.replace(month=3, day=20), days=10)
    pages = _pages(letter_pdf(letter))
    assert len(pages) == 1
    assert not any("—" in line for line in _lines(pages[0])), _lines(pages[0])[-2:]


def test_the_word_letter_has_a_page_field_in_its_footer():
    from docx import Document

    from gongkai.rules.letters import letter_docx

    letter = compose_reply("other.other", make_facts(), reasons="情况说明" + FILLER * 40)
    footer = Document(io.BytesIO(letter_docx(letter))).sections[0].footer
    xml = footer._element.xml
    instructions = "".join(
        t.text
        for t in footer._element.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText"
        )
    )
    # { IF { NUMPAGES } > 1 "— { PAGE } —" "" }: the number on every page of a letter of two or more.
    assert " PAGE " in instructions and " NUMPAGES " in instructions and "IF" in instructions
    assert (
        instructions.index("NUMPAGES")
        < instructions.index("> 1")
        < instructions.index("— ")
        < instructions.index(" PAGE ")
        < instructions.index(" —")
    )
    assert xml.count('w:fldCharType="begin"') == 3 and xml.count('w:fldCharType="end"') == 3
    assert 'w:val="center"' in xml
