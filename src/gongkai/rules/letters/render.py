"""A letter (:class:`~gongkai.rules.letters.model.Letter`) as HTML, Word and PDF, and its hash.

Laid out as a 公文 letter (GB/T 9704-2012 《党政机关公文格式》): A4, margins 37/26/35/28 mm, the
title in 方正小标宋简体 (二号, 22 pt), the body in 仿宋_GB2312 (三号, 16 pt) with a two-character
first-line indent, the addressee flush left, the signing agency centred over the date, the date
four characters from the right edge, and the contact note (附注) in brackets under it.

The fonts and their fallbacks are those of the annual report (:mod:`gongkai.rules.annual.render.fonts`);
the Word helpers that set ``w:eastAsia`` and declare the fonts with their alternatives are
reused from :mod:`gongkai.rules.annual.render.docx`; the PDF is typeset by WeasyPrint, which
embeds the fonts it uses (Noto CJK on Debian). :func:`frozen` is the SHA-256 of the bytes kept
when a signed letter is sent.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from gongkai.rules.annual.render import fonts
from gongkai.rules.annual.render.docx import _declare_fonts, _set_fonts
from gongkai.rules.annual.render.pdf import chinese_fonts_installed

from .model import Letter, LetterError, attachment_lines

_TITLE_FONT = fonts.css_family((*fonts.TITLE[:4], "GK Title Fallback"), "serif")
_BODY_FONT = fonts.css_family(fonts.BODY, "serif")
_MAX_HALF_EMS = 40  # right indents of the signature lines, 0–20 ems in steps of ½

STYLESHEET = (
    f"""
@font-face {{ font-family: "GK Title Fallback"; src: local("Noto Serif CJK SC Bold"), local("SimSun"); }}
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
.gk-letter {{
  font-family: {_BODY_FONT}; font-size: 16pt; line-height: 28pt; color: #000;
  max-width: 156mm; margin: 0 auto;
}}
.gk-letter h1 {{
  font-family: {_TITLE_FONT}; font-weight: normal; font-size: 22pt; line-height: 36pt;
  text-align: center; margin: 0 0 14pt;
}}
.gk-letter p {{ margin: 0; text-align: justify; }}
.gk-letter .gk-number {{ text-align: right; margin-bottom: 14pt; }}
.gk-letter .gk-body {{ text-indent: 2em; }}
.gk-letter a {{ color: inherit; text-decoration: none; }}
.gk-letter .gk-attachment {{ margin-top: 14pt; padding-left: 2em; }}
.gk-letter .gk-attachment + .gk-attachment {{ margin-top: 0; padding-left: 5em; }}
.gk-letter .gk-last {{ widows: 2; orphans: 2; }}
.gk-letter .gk-end {{ page-break-inside: avoid; break-inside: avoid; page-break-before: avoid; break-before: avoid; }}
.gk-letter .gk-sign {{ position: relative; padding-top: 56pt; min-height: 63pt; }}
.gk-letter .gk-sign p {{ text-align: right; position: relative; }}
.gk-letter .gk-seal {{
  position: absolute; top: 0; width: 42mm; height: 42mm; margin-right: -21mm; box-sizing: border-box;
  border: 0.75pt dashed #9a9a9a; border-radius: 50%; color: #9a9a9a; text-align: center; padding-top: 16pt;
}}
.gk-letter .gk-seal span {{ font-size: 10.5pt; line-height: 14pt; }}
.gk-letter .gk-note {{ margin-top: 14pt; text-indent: 2em; }}
@media screen {{ .gk-letter .gk-seal {{ display: none; }} .gk-letter .gk-sign {{ padding-top: 28pt; min-height: 0; }} }}
"""
    + "".join(f".gk-letter .gk-r{n} {{ padding-right: {n / 2:g}em; }}\n" for n in range(_MAX_HALF_EMS + 1))
    + "".join(f".gk-letter .gk-s{n} {{ right: {n / 2:g}em; }}\n" for n in range(_MAX_HALF_EMS + 1))
)
SEAL_MARK = "印章位置"


def _half_ems(right: float) -> int:
    """A right indent as a number of half ems (a class of the stylesheet: no inline styles)."""
    return max(0, min(_MAX_HALF_EMS, round(right * 2)))


def _e(text: str) -> str:
    return escape(text, quote=True)


# An address in a letter's text (e.g. the page of information already published, Art. 36(一)):
# up to the first space or full-width mark. Only http(s), so no other scheme becomes a link.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")


def _linked(text: str) -> str:
    """The escaped text with each web address a link (clickable in the PDF and on the page)."""
    out, last = [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:!?")
        out.append(_e(text[last : m.start()]))
        out.append(f'<a href="{_e(url)}">{_e(url)}</a>')
        last = m.start() + len(url)
    out.append(_e(text[last:]))
    return "".join(out)


def letter_fragment(letter: Letter) -> str:
    """The letter as an ``<article>`` (for the applicant's status page, which includes
    :data:`STYLESHEET`); every text is escaped."""
    out = ['<article class="gk-letter" lang="zh-CN">', f"<h1>{_e(letter.title)}</h1>"]
    if letter.number:
        out.append(f'<p class="gk-number">{_e(letter.number)}</p>')
    out.append(f'<p class="gk-addressee">{_e(letter.addressee)}：</p>')
    body = [f'<p class="gk-body">{_linked(p)}</p>' for p in letter.body]
    attachments = [f'<p class="gk-attachment">{_e(a)}</p>' for a in attachment_lines(letter.attachments)]
    # The last paragraph, the closing (特此告知。), the attachment note and the 落款 stay on one page
    # (GB/T 9704-2012 7.3.5.1): never a page holding only the closing, or the signature and date.
    if letter.closing and len(body) > 1:  # its last lines (widows) go with the closing
        body[-2] = body[-2].replace('class="gk-body"', 'class="gk-body gk-last"', 1)
    out.extend(body[:-1])
    out.extend(['<div class="gk-end">', *body[-1:], *attachments, '<div class="gk-sign">'])
    # Where the seal goes (GB/T 9704-2012 7.3.5.1): a 42 mm circle over the signature and date,
    # centred on them, its top within a line of the text above; a mark on print, hidden on screen.
    out.append(
        f'<div class="gk-seal gk-s{_half_ems(seal_centre(letter))}" aria-hidden="true"><span>{SEAL_MARK}</span></div>'
    )
    for text, right in signature_block(letter):
        out.append(f'<p class="gk-r{_half_ems(right)}">{_e(text)}</p>')
    out.append("</div></div>")
    if letter.note:
        out.append(f'<p class="gk-note">{_e(letter.note)}</p>')
    out.append("</article>")
    return "\n".join(out)


def letter_html(letter: Letter) -> str:
    """A complete HTML page of the letter (also the source of the PDF)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(letter.title)}</title>\n<style>{STYLESHEET}</style>\n</head>\n<body>\n"
        f"{letter_fragment(letter)}\n</body>\n</html>\n"
    )


# GB/T 9704-2012 7.5: the page number in 4号 (14 pt) half-width Arabic numerals between two 一字线
# ("— 1 —"), 7 mm under the bottom edge of the text area; centred here. The number sits in the
# page margin, so it does not move the text: a letter paginates the same with and without it.
_SONG = fonts.css_family(("宋体", "SimSun", "Noto Serif CJK SC"), "serif")
PAGE_NUMBER_CSS = (
    '@page { @bottom-center { content: "\\2014\\00a0" counter(page) "\\00a0\\2014"; '
    f"font-family: {_SONG}; font-size: 14pt; vertical-align: top; padding-top: 7mm; }} }}"
)


def page_number_text(page: int) -> str:
    """The page number as printed: ``— 1 —``."""
    return f"\u2014\u00a0{page}\u00a0\u2014"


def letter_pdf(letter: Letter) -> bytes:
    """The letter as a PDF (WeasyPrint; the Chinese fonts are embedded as subsets). A letter of more
    than one page has its pages numbered at the foot, centred (:data:`PAGE_NUMBER_CSS`); a one-page
    letter has none."""
    page = letter_html(letter)
    if not chinese_fonts_installed():
        raise LetterError("系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成 PDF")
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    document = HTML(string=page).render()
    if len(document.pages) > 1:
        document = HTML(string=page).render(stylesheets=[CSS(string=PAGE_NUMBER_CSS)])
    pdf: bytes = document.write_pdf()
    return pdf


def _width(text: str) -> float:
    """The printed width in ems: full-width characters 1, others ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


DATE_RIGHT_EMS = 4  # GB/T 9704-2012 7.3.5.1: the date four characters from the right edge


KEEP_TOGETHER = 2  # the last paragraph and the closing formula


def seal_centre(letter: Letter) -> float:
    """The right offset (ems) of the centre of the signature block: the date's centre."""
    return DATE_RIGHT_EMS + _width(letter.date_text) / 2


def signature_block(letter: Letter) -> list[tuple[str, float]]:
    """(line, right indent in ems) of the seal line, the signing agency and the date: the date
    four characters from the right, the lines above centred over it."""
    centre = seal_centre(letter)
    lines = [s for s in (letter.seal, letter.signature) if s]
    return [*((s, max(0.0, centre - _width(s) / 2)) for s in lines), (letter.date_text, DATE_RIGHT_EMS)]


def letter_docx(letter: Letter) -> bytes:
    """The letter as a .docx file (python-docx), A4 with the fonts of a 公文."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _set_fonts(normal.element.get_or_add_rPr(), fonts.BODY[0])
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        _set_fonts(rpr, fonts.BODY[0])
    _declare_fonts(doc)
    doc.core_properties.title = letter.title
    doc.core_properties.language = "zh-CN"

    def para(
        text: str,
        *,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: float = 0,
        right: float = 0,
        before: float = 0,
    ) -> Any:
        p = doc.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(16 * indent)
        if right:
            p.paragraph_format.right_indent = Pt(16 * right)
        if before:
            p.paragraph_format.space_before = Pt(before)
        p.add_run(text)
        return p

    title = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(14)
    run = title.add_run(letter.title)
    run.font.size = Pt(22)
    _set_fonts(run._r.get_or_add_rPr(), fonts.TITLE[0])
    if letter.number:
        para(letter.number, align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.space_after = Pt(14)
    para(f"{letter.addressee}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    keep = KEEP_TOGETHER if letter.closing else 1
    for i, text in enumerate(letter.body):
        p = para(text, indent=2)
        if i >= len(letter.body) - keep:  # the last paragraph, the closing and the 落款 on one page
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
    for i, line in enumerate(attachment_lines(letter.attachments)):
        p = para(line, indent=0, before=14 if i == 0 else 0)
        p.paragraph_format.left_indent = Pt(16 * (2 if i == 0 else 5))
        p.paragraph_format.keep_with_next = True
    # The seal's place: two lines over the signature, marked in grey, centred over the 落款.
    seal = para(
        f"（{SEAL_MARK}）",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right=max(0.0, seal_centre(letter) - _width(f"（{SEAL_MARK}）") * 0.65 / 2),
        before=14,
    )
    seal.paragraph_format.line_spacing = Pt(42)
    seal.paragraph_format.keep_with_next = True
    seal.runs[0].font.size = Pt(10.5)
    seal.runs[0].font.color.rgb = RGBColor(0x9A, 0x9A, 0x9A)
    block = signature_block(letter)
    for i, (text, right) in enumerate(block):
        p = para(text, align=WD_ALIGN_PARAGRAPH.RIGHT, right=right)
        p.paragraph_format.keep_with_next = i < len(block) - 1
    if letter.note:
        para(letter.note, indent=2, before=14)
    _page_number_footer(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _field(run: Any, instruction: str) -> None:
    """Append a Word field (``PAGE``, ``NUMPAGES``, ``IF …``) to ``run``'s paragraph as begin /
    instruction / separate / end."""
    from docx.oxml import OxmlElement

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    for element in (char("begin"), text, char("separate"), char("end")):
        run._r.append(element)


def _page_number_footer(section: Any) -> None:
    """GB/T 9704-2012 7.5 in Word: a footer ``— PAGE —`` (4号, centred) shown when the letter runs
    over more than one page — ``{ IF { NUMPAGES } > 1 "— { PAGE } —" "" }`` — Word and WPS fill
    the fields when they lay the pages out."""
    from docx.oxml import OxmlElement

    section.footer_distance = Mm(28 - 7)  # the number 7 mm under the text area (bottom margin 35 mm)
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(16)
    p.paragraph_format.first_line_indent = Pt(0)

    def run(text: str = "") -> Any:
        r = p.add_run(text)
        r.font.size = Pt(14)
        return r

    def char(r: Any, kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        r._r.append(element)

    def instr(r: Any, text: str) -> None:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        r._r.append(element)

    # The IF field holds the NUMPAGES and PAGE fields in its instruction (nested fields).
    char(run(), "begin")
    instr(run(), " IF ")
    _field(run(), "NUMPAGES")
    instr(run(), ' > 1 "\u2014 ')
    _field(run(), "PAGE")
    instr(run(), ' \u2014" "" ')
    char(run(), "separate")
    char(run(), "end")


def frozen(letter_bytes: bytes) -> str:
    """The SHA-256 (hex) of a sent letter's file, kept with it to show it was not changed."""
    return hashlib.sha256(letter_bytes).hexdigest()


@dataclass(frozen=True)
class FrozenLetter:
    """The files of a sent letter and their hashes, as kept (Word and PDF)."""

    text: str
    docx: bytes
    pdf: bytes
    docx_sha256: str
    pdf_sha256: str


def freeze(letter: Letter) -> FrozenLetter:
    """Render a signed letter for keeping. Refused while a ``【请填写：…】`` gap remains."""
    gaps = letter.placeholders
    if gaps:
        raise LetterError("文书尚有未填写的内容：" + "、".join(gaps))
    docx, pdf = letter_docx(letter), letter_pdf(letter)
    return FrozenLetter(letter.text(), docx, pdf, frozen(docx), frozen(pdf))
