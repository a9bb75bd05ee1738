"""The redaction engine for 区分处理 (Art. 37 of the Regulation): what may not be disclosed
(Art. 14, 15, 16) is *removed* from a PDF, not covered.

One function, :func:`redact`, used by the staff page and by ``gongkai redact``. It imports no
Django. What it does, in order (docs/redaction.md):

1. opens the file; an encrypted or unreadable file is refused (:class:`RedactionError`, Chinese);
2. finds the areas: every occurrence of each string (``texts``), every match of each regular
   expression (``patterns``) on a page's text, and the boxes drawn by hand (``boxes``);
3. applies PyMuPDF's redaction on each area: the text under it is deleted from the content
   stream, the image pixels under it are overwritten (a scanned page has the box burnt into the
   image), vector graphics touching it are deleted, and a black box is drawn;
4. scrubs the document: text that is not shown (render mode 3) on pages that are not scans,
   annotations, links, form fields, bookmarks, embedded and attached files, JavaScript, the
   document information dictionary, XMP metadata and thumbnails;
5. writes the file whole (not an incremental update: the old objects are not kept behind the new
   ones), unused objects dropped;
6. checks the result by reading it again: no redacted string or pattern is found in its text and
   no character is left inside a box; otherwise nothing is returned and an error is raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pymupdf

# A page is a scan when one image covers this share of it: its text (if any) is an OCR layer.
SCAN_COVERAGE = 0.8
BLACK = (0.0, 0.0, 0.0)
# Patterns a handler can pick by name (personal information, Art. 15): the 18-digit resident ID
# number (GB 11643-1999, with its date of birth) and mainland mobile and fixed-line numbers.
PRESETS = {
    "id": (
        "身份证号码",
        r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])",
    ),
    "mobile": ("手机号码", r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
    "landline": ("固定电话", r"(?<![0-9])0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}(?![0-9])"),
}


class RedactionError(ValueError):
    """The file cannot be redacted; the message is for users (Chinese)."""


@dataclass(frozen=True)
class Box:
    """An area to remove: page index from 0, PDF points from the page's top-left corner (as shown)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    ground: str = ""  # the legal ground (e.g. 第十五条 个人隐私), carried to the letter
    source: str = "box"  # "box" (drawn), "text" or "pattern" (found)

    @property
    def rect(self) -> pymupdf.Rect:
        return pymupdf.Rect(self.x0, self.y0, self.x1, self.y1)


@dataclass
class Result:
    data: bytes
    areas: list[Box] = field(default_factory=list)
    pages: int = 0
    scanned_pages: list[int] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # strings/patterns with no hit


def parse_box(spec: str) -> Box:
    """``PAGE:X0,Y0,X1,Y1`` (page from 1, points from the top-left corner) → :class:`Box`."""
    try:
        page_text, coords = spec.split(":", 1)
        x0, y0, x1, y1 = (float(v) for v in coords.split(","))
        page = int(page_text)
    except ValueError:
        raise RedactionError(
            f"遮盖区域“{spec}”格式不正确，应为 页码:X0,Y0,X1,Y1，如 1:72,100,300,120"
        ) from None
    if page < 1 or x1 <= x0 or y1 <= y0:
        raise RedactionError(f"遮盖区域“{spec}”不正确：页码从1开始，且X1、Y1须大于X0、Y0")
    return Box(page - 1, x0, y0, x1, y1)


def compile_patterns(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p))
        except re.error as exc:
            raise RedactionError(f"正则表达式“{p}”有误：{exc}") from None
    return compiled


def open_pdf(data: bytes) -> pymupdf.Document:
    """The document, or :class:`RedactionError` when it is encrypted, unreadable or not a PDF."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # MuPDF raises its own errors for every kind of broken file
        raise RedactionError("无法读取该文件：不是有效的PDF文件或文件已损坏") from None
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise RedactionError("该PDF文件已加密，无法区分处理；请取得未加密的文件后再处理")
    if doc.page_count < 1:
        doc.close()
        raise RedactionError("该PDF文件没有页面")
    return doc


def is_scan(page: pymupdf.Page) -> bool:
    """A page whose content is one image covering most of it (a scan, maybe with an OCR layer)."""
    area = abs(page.rect) or 1.0
    for info in page.get_image_info():
        if abs(pymupdf.Rect(info["bbox"]) & page.rect) >= SCAN_COVERAGE * area:
            return True
    return False


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def find_areas(
    doc: pymupdf.Document,
    texts: Sequence[str] = (),
    patterns: Sequence[re.Pattern[str]] = (),
    ground: str = "",
) -> tuple[list[Box], list[str]]:
    """Every occurrence of ``texts`` and every match of ``patterns``, as boxes; and what was not found."""
    areas: list[Box] = []
    found: set[str] = set()
    for index, page in enumerate(doc):
        page_text = page.get_text("text")
        wanted = [(t, "text", t) for t in texts if t.strip()]
        for pattern in patterns:
            hits = {m.group(0) for m in pattern.finditer(page_text) if m.group(0).strip()}
            hits |= {m.group(0) for m in pattern.finditer(_squash(page_text)) if m.group(0).strip()}
            wanted += [(hit, "pattern", pattern.pattern) for hit in sorted(hits)]
        for needle, source, key in wanted:
            rects = page.search_for(needle)
            if rects:
                found.add(key)
            areas += [Box(index, r.x0, r.y0, r.x1, r.y1, ground, source) for r in rects]
    keys = [t for t in texts if t.strip()] + [p.pattern for p in patterns]
    return areas, [k for k in keys if k not in found]


def _remove_hidden_text(page: pymupdf.Page) -> int:
    """Delete text that is drawn invisibly (render mode 3) on a page that is not a scan."""
    rects = [pymupdf.Rect(span["bbox"]) for span in page.get_texttrace() if span.get("type") == 3]
    rects = [r & page.rect for r in rects if not (r & page.rect).is_empty]
    for r in rects:
        page.add_redact_annot(r, fill=False)
    if rects:
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_NONE,
            graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
            text=pymupdf.PDF_REDACT_TEXT_REMOVE,
        )
    return len(rects)


def _strip_page(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    for link in page.get_links():
        page.delete_link(link)
    for widget in list(page.widgets() or []):
        page.delete_widget(widget)
    while (annot := page.first_annot) is not None:
        page.delete_annot(annot)
    for key in ("Thumb", "PieceInfo", "Metadata", "AA"):
        if doc.xref_get_key(page.xref, key)[0] != "null":
            doc.xref_set_key(page.xref, key, "null")


def _strip_document(doc: pymupdf.Document) -> None:
    doc.set_toc([])
    doc.scrub(
        attached_files=True,
        clean_pages=True,
        embedded_files=True,
        hidden_text=False,  # done page by page: an OCR layer over a scan is kept outside the boxes
        javascript=True,
        metadata=True,
        redactions=False,
        remove_links=True,
        reset_fields=True,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    catalog = doc.pdf_catalog()
    for key in (
        "OpenAction",
        "AA",
        "Names",
        "AcroForm",
        "PieceInfo",
        "Metadata",
        "Outlines",
        "OCProperties",
        "PageMode",
    ):
        if doc.xref_get_key(catalog, key)[0] != "null":
            doc.xref_set_key(catalog, key, "null")
    doc.set_metadata({})
    doc.del_xml_metadata()


def redact(
    data: bytes,
    *,
    texts: Sequence[str] = (),
    patterns: Sequence[str] = (),
    boxes: Sequence[Box] = (),
    ground: str = "",
) -> Result:
    """Remove ``texts``, matches of ``patterns`` and ``boxes`` from the PDF ``data`` (Art. 37).

    Raises :class:`RedactionError` (Chinese) for an encrypted or unreadable file, a box off the
    document, or a result that still shows what was to be removed."""
    compiled = compile_patterns(patterns)
    doc = open_pdf(data)
    try:
        for box in boxes:
            if box.page >= doc.page_count:
                raise RedactionError(f"遮盖区域在第{box.page + 1}页，而文件只有{doc.page_count}页")
        scanned = [i for i, page in enumerate(doc) if is_scan(page)]
        found, not_found = find_areas(doc, texts, compiled, ground)
        areas = [*boxes, *found]
        for index, page in enumerate(doc):
            mine = [b for b in areas if b.page == index]
            for box in mine:
                rect = box.rect & page.rect
                if not rect.is_empty:
                    page.add_redact_annot(rect, fill=BLACK)
            if mine:
                page.apply_redactions(
                    images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                    graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                    text=pymupdf.PDF_REDACT_TEXT_REMOVE,
                )
            if index not in scanned:
                _remove_hidden_text(page)
            _strip_page(doc, page)
        _strip_document(doc)
        out = doc.tobytes(garbage=4, deflate=True, clean=True, incremental=False, no_new_id=False)
    finally:
        doc.close()
    verify(out, texts=texts, patterns=compiled, boxes=areas)
    return Result(out, areas, pages=_page_count(out), scanned_pages=scanned, not_found=not_found)


def _page_count(data: bytes) -> int:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return int(doc.page_count)


def verify(
    data: bytes,
    *,
    texts: Sequence[str] = (),
    patterns: Sequence[re.Pattern[str]] = (),
    boxes: Sequence[Box] = (),
) -> None:
    """Read the result again: nothing to be removed may remain (else :class:`RedactionError`)."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        text = _squash("".join(page.get_text("text") for page in doc))
        for t in texts:
            if t.strip() and _squash(t) in text:
                raise RedactionError("区分处理后的文件中仍能读出应删除的文字，未生成文件；请检查原文件")
        for pattern in patterns:
            if pattern.search(text):
                raise RedactionError("区分处理后的文件中仍能读出应删除的内容，未生成文件；请检查原文件")
        for box in boxes:
            page = doc[box.page]
            inner = box.rect & page.rect
            inner = pymupdf.Rect(inner.x0 + 1, inner.y0 + 1, inner.x1 - 1, inner.y1 - 1)
            if not inner.is_empty and _squash(page.get_text("text", clip=inner)):
                raise RedactionError(f"第{box.page + 1}页遮盖区域内仍有文字，未生成文件；请检查原文件")
        if any(
            doc.metadata.get(k) for k in ("title", "author", "subject", "keywords", "creator", "producer")
        ):
            raise RedactionError("区分处理后的文件仍带有元数据，未生成文件")
