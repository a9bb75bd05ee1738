"""PDFs to redact, made the ways an agency's files are made: by our letter renderer, by weasyprint
from HTML, a scan with an OCR text layer, a name written in two text runs, and a file carrying
metadata, XMP, an attachment, JavaScript, annotations, bookmarks and hidden text."""

from __future__ import annotations

import datetime as dt

import pymupdf

NAME = "张三丰"
ID_NUMBER = "420102199001011234"
PHONE = "13800138000"
KEPT = "城市低保资金发放情况"  # text outside the boxes, which must stay readable
CJK = "china-s"  # MuPDF's built-in Simplified Chinese font


def letter_pdf() -> bytes:
    """A reply letter from our renderer (weasyprint with Noto CJK)."""
    from gongkai.rules.letters import model
    from gongkai.rules.letters.render import letter_pdf as render

    letter = model.Letter(
        kind="reply",
        template="granted",
        title="政府信息公开申请答复告知书",
        number="鄂民依公开〔2026〕3号",
        addressee="李四",
        paragraphs=(
            f"{KEPT}如下：经办人{NAME}，身份证号码{ID_NUMBER}，联系电话{PHONE}。",
            "特此告知。",
        ),
        signature="湖北省民政厅",
        date=dt.date(2026, 3, 2),
    )
    return render(letter)


def weasyprint_pdf() -> bytes:
    from weasyprint import HTML

    html = f"""<html><head><meta name="author" content="{NAME}"><title>{NAME}的材料</title>
    <style>body {{ font-family: 'Noto Sans CJK SC'; font-size: 14pt }}</style></head><body>
    <h1>{KEPT}</h1><p>申请人：{NAME}</p><table border="1"><tr><td>身份证号码</td><td>{ID_NUMBER}</td></tr>
    <tr><td>电话</td><td>{PHONE}</td></tr></table><p>第二段{KEPT}。</p></body></html>"""
    return HTML(string=html).write_pdf()


def _lines_page(page: pymupdf.Page, render_mode: int = 0) -> None:
    y = 100
    for line in (KEPT, f"姓名：{NAME}", f"身份证：{ID_NUMBER}", f"电话：{PHONE}"):
        page.insert_text((72, y), line, fontname=CJK, fontsize=16, render_mode=render_mode)
        y += 40


def scan_pdf() -> bytes:
    """A scanned page (one full-page image) with an invisible OCR text layer at the same places."""
    src = pymupdf.open()
    _lines_page(src.new_page())
    png = src[0].get_pixmap(dpi=150).tobytes("png")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=png)
    _lines_page(page, render_mode=3)
    return doc.tobytes()


def split_runs_pdf() -> bytes:
    """The name in two text runs (two BT…ET objects, the second starting where the first ends)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), KEPT, fontname=CJK, fontsize=16)
    font = pymupdf.Font(CJK)
    x = 72
    page.insert_text((x, 140), "姓名：" + NAME[0], fontname=CJK, fontsize=16)
    x += font.text_length("姓名：" + NAME[0], fontsize=16)
    page.insert_text((x, 140), NAME[1:], fontname=CJK, fontsize=16)
    return doc.tobytes()


def laden_pdf() -> bytes:
    """Names in every place a PDF hides things besides the page."""
    doc = pymupdf.open()
    page = doc.new_page()
    _lines_page(page)
    page.insert_text((72, 400), f"隐藏{NAME}", fontname=CJK, fontsize=12, render_mode=3)
    page.add_text_annot((300, 300), f"批注：{NAME}")
    page.insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 90, 200, 110), "uri": "https://example.cn/"}
    )
    doc.set_metadata(
        {
            "title": f"{NAME}的档案",
            "author": NAME,
            "subject": ID_NUMBER,
            "keywords": PHONE,
            "creator": "办公软件",
            "producer": "办公软件",
        }
    )
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{NAME}</dc></x:xmpmeta>")
    doc.embfile_add("原件.txt", f"{NAME} {ID_NUMBER}".encode())
    doc.set_toc([[1, f"{NAME}的材料", 1]])
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", "<</S/JavaScript/JS(app.alert\\('x'\\))>>")
    return doc.tobytes()


def encrypted_pdf() -> bytes:
    doc = pymupdf.open()
    _lines_page(doc.new_page())
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
