"""From a file to text (文本提取): decoding and one extractor per input type.

Every extractor produces the same plain form: ``\\n`` between lines and table rows, ``\\t``
between table cells. Supported: .html/.htm, .txt, .md, .docx and PDFs with a text layer
(pdfplumber), scanned PDFs by OCR (:mod:`.ocr`), .doc and .wps through LibreOffice (:mod:`.office`). The type is taken from the name and checked against the content's first bytes.
Text encodings: a BOM, else UTF-8, else GB18030 (a superset of GBK and GB2312), else Big5.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from gongkai.rules.annual.parse.office import OLE2
from gongkai.rules.annual.parse.report import ParseResult, ParseWarning, distrust_ocr_rows, parse_text
from gongkai.rules.containers import zip_problem
from gongkai.rules.text import looks_binary

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_TEXT_EXT = {".txt", ".md", ".markdown", ".text", ".csv", ".tsv"}
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


class UnreadableFile(ValueError):
    """The file cannot be read as an annual report (its message is Chinese)."""


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Text from bytes, and a Chinese note when the encoding was not UTF-8."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), None
    candidates = ["utf-8", "gb18030", "big5"]
    if declared and declared.lower().replace("_", "-") in ("gbk", "gb2312", "gb18030", "gb-2312", "x-gbk"):
        candidates = ["gb18030", "utf-8", "big5"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, (None if enc == "utf-8" else f"文件编码按 {enc.upper()} 读取")
    return data.decode("utf-8", errors="replace"), "文件编码无法识别，按 UTF-8 读取，部分字符已替换"


def _kind(data: bytes, name: str) -> str:
    ext = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(OLE2) and ext in (".doc", ".wps", ".dot", ".wpt", ""):
        return "doc"
    if ext in _HTML_EXT:
        return "html"
    if ext in _TEXT_EXT:
        return "text"
    if ext in (".pdf", ".docx", ".doc", ".wps"):
        raise UnreadableFile(f"文件内容与扩展名 {ext} 不符，无法读取")
    head = data[:2048].lower()
    if b"<html" in head or b"<table" in head or b"<!doctype html" in head or b"<body" in head:
        return "html"
    return "text"


# A published report's text or HTML is well under a megabyte; anything this large is not one, and
# parsing it would take minutes and gigabytes.
MAX_TEXT_BYTES = 10 * 1024 * 1024


def _refuse_non_text(data: bytes) -> None:
    """Empty, oversized or binary content given as text or HTML: nothing to read."""
    if not data.strip():
        raise UnreadableFile("文件是空的，没有可读取的内容")
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableFile(f"文件超过{MAX_TEXT_BYTES // 1048576}MB，不是年度报告的文本或网页，未读取")
    if looks_binary(data):
        raise UnreadableFile("文件含二进制内容，不是文本或网页，无法读取")


def extract(data: bytes, name: str = "") -> tuple[str, list[str]]:
    """The plain text of a file's content and notes (Chinese) about how it was read."""
    kind = _kind(data, name)
    if kind in ("text", "html"):
        _refuse_non_text(data)
    notes: list[str] = []
    if kind == "pdf":
        text = _pdf_text(data)
        if not text.strip():
            return _scanned_pdf_text(data)
        return text, notes
    if kind == "docx":
        return _docx_text(data), notes
    if kind == "doc":
        from gongkai.rules.annual.parse.office import OfficeUnavailable, to_docx

        suffix = Path(name).suffix.lower() or ".doc"
        try:
            converted = to_docx(data, suffix)
        except OfficeUnavailable as exc:
            raise UnreadableFile(str(exc)) from exc
        return _docx_text(converted), [f"{suffix} 文件已用 LibreOffice 转换为 DOCX 后读取"]
    declared = None
    if kind == "html":
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore") if m else None
    text, note = decode(data, declared)
    if text.count("\ufffd") > max(16, len(text) // 100):
        raise UnreadableFile("文件编码无法识别（大量字符无法解码），可能不是文本或网页")
    if note:
        notes.append(note)
    if kind == "html":
        return html_text(text), notes
    return text, notes


def _scanned_pdf_text(data: bytes) -> tuple[str, list[str]]:
    """A PDF of page images: read by OCR (Tesseract), or a clear error when it is not installed."""
    from gongkai.rules.annual.parse.ocr import OcrUnavailable, ocr_pdf

    try:
        text, notes = ocr_pdf(data)
    except OcrUnavailable as exc:
        raise UnreadableFile(str(exc)) from exc
    if not text.strip():
        raise UnreadableFile("PDF 没有文字层（扫描件），文字识别也未读出任何文字")
    return text, [OCR_NOTE, *notes]


OCR_NOTE = "ocr"  # first note of a text read by OCR: its rows are checked after parsing


def parse_bytes(data: bytes, name: str = "") -> ParseResult:
    """Parse a report from a file's content; ``name`` gives the type by its extension."""
    text, notes = extract(data, name)
    ocr = bool(notes) and notes[0] == OCR_NOTE
    if ocr:
        notes = notes[1:]
    result = parse_text(text, source=name or None)
    if ocr:
        distrust_ocr_rows(result)
    result.warnings[:0] = [ParseWarning("source", n) for n in notes]
    return result


def parse_file(path: str | Path) -> ParseResult:
    """Parse a report file (.html/.htm, .txt, .md, .docx, text .pdf)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件 {p}：{exc.strerror or exc}") from exc
    result = parse_bytes(data, p.name)
    result.source = str(p)
    return result


# --- HTML -----------------------------------------------------------------------------------

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "title",
    "caption",
    "center",
    "hr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "form",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "button", "select", "option"}


def html_text(html: str) -> str:
    """Visible text of an HTML page: rows on their own lines, cells separated by tabs."""
    import lxml.html

    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    out: list[str] = []

    def words(text: str, pre: bool) -> str:
        # HTML collapses the white space of its source: a line break in the markup (Word wraps
        # its lines anywhere, inside cells too) is a space on the page, never a new row.
        return text if pre else _HTML_SPACE.sub(" ", text)

    def walk(el: Any, in_cell: bool, pre: bool = False) -> None:  # an lxml element (no types)
        if not isinstance(el.tag, str):  # comments, processing instructions: the caller adds the tail
            return
        tag = el.tag.lower()
        if tag in _SKIP:
            return
        style = (el.get("style") or "").replace(" ", "").lower()
        hidden = "display:none" in style or el.get("hidden") is not None
        if not hidden:
            pre = pre or tag in ("pre", "textarea", "plaintext", "xmp")
            if tag == "tr":
                out.append("\n")
            elif tag in _BLOCK:
                out.append(" " if in_cell else "\n")
            if el.text:
                out.append(words(el.text, pre))
            cell = in_cell or tag in ("td", "th")
            for child in el:
                walk(child, cell, pre)
                if child.tail:
                    out.append(words(child.tail, pre))
            if tag in ("td", "th"):
                out.append("\t")
            elif tag == "tr" or (tag in _BLOCK and not in_cell):
                out.append("\n")

    walk(root, False)
    # Every cell ended with a tab; the row's last tab closes its last cell, it is not a cell.
    return _ROW_END_TAB.sub("", "".join(out))


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_ROW_END_TAB = re.compile(r"\t(?=[ \u00a0]*(?:\n|$))")


# --- DOCX -----------------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            problem = zip_problem(zf, len(data))  # python-docx would read every part into memory
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"DOCX 文件已损坏或不是 Word 文档：{exc}") from exc
    if problem:
        raise UnreadableFile(f"DOCX {problem}")
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"DOCX 文件已损坏或不是 Word 文档：{exc}") from exc
    P, TBL, TR, TC, T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t")

    def para(p: Any) -> str:  # a python-docx / lxml element
        return "".join(t.text or "" for t in p.iter(T))

    lines: list[str] = []

    def table(tbl: Any) -> None:
        for tr in tbl.iter(TR):
            if tr.getparent() is not None and tr.getparent() is not tbl:
                continue  # rows of nested tables are read with their cell's text
            cells = []
            for tc in tr.iterchildren(TC):
                cells.append(" ".join(para(p) for p in tc.iter(P)).strip())
            lines.append("\t".join(cells))  # a tab at the end would be an empty last cell

    for child in doc.element.body.iterchildren():
        if child.tag == P:
            lines.append(para(child))
        elif child.tag == TBL:
            table(child)
    return "\n".join(lines)


# --- PDF ------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(_pdf_page_text(page) for page in pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise UnreadableFile(f"PDF 文件无法读取：{exc}") from exc


def _pdf_page_text(page: Any) -> str:
    """One page's text; ruled tables row by row with their cells tab-separated.

    Plain text extraction drops an empty cell without a trace, so a row with a blank cell could
    not be read; the ruled grid keeps it (``""``). Positions a merged cell covers (``None``) are
    not cells. Text outside the tables keeps its lines, everything in reading order (top first).
    """
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    parts = [(line["top"], line["text"]) for line in page.filter(outside).extract_text_lines()]
    for table in tables:
        rows = [
            "\t".join(" ".join(cell.split()) for cell in row if cell is not None) for row in table.extract()
        ]
        parts.append((table.bbox[1], "\n".join(rows)))
    parts.sort(key=lambda part: part[0])
    return "\n".join(text for _top, text in parts)
