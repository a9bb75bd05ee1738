"""The one check every uploaded file passes (attachments, a Word body, the public's message
attachments, collected annual reports) before anything reads it further or stores it.

The type is read from the content, never trusted from the name, and the structure is checked, not
only the first bytes (等保2.0 入侵防范 / 恶意代码防范):
- ZIP containers (DOCX, XLSX, OFD, ZIP): bounded number of entries, total uncompressed size and
  compression ratio (a zip bomb is refused before any library inflates it), CRCs intact, no
  encryption; an OOXML package must declare and contain a well-formed main part, and a .docx/.xlsx
  must not carry macros;
- PDF: must open with PDFium and have at least one page;
- PNG/JPEG: must decode as an image of bounded pixel count;
- DOC/XLS/WPS: a well-formed compound-file header;
- text and HTML: no binary content.
When ``GONGKAI_CLAMD_SOCKET`` is set, every file is then scanned by ClamAV (:mod:`.clamav`).
"""

from __future__ import annotations

import io
import struct
import zipfile

from django.conf import settings

from gongkai.rules.containers import MAX_RATIO, MAX_UNCOMPRESSED, zip_problem
from gongkai.rules.text import looks_binary

ALLOWED_KINDS = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "zip", "png", "jpg")
TEXT_KINDS = ("html", "txt", "md")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04", _OLE, b"MZ", b"\x7fELF")
_OOXML_MAIN = {  # kind → (main part, content type of the main part)
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
MAX_IMAGE_PIXELS = 100_000_000


class UploadError(ValueError):
    """A file that is refused; the message is for users (Chinese)."""


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- ZIP containers ---------------------------------------------------------------------------


def _xml_ok(data: bytes) -> bool:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    return True


def _check_zip(zf: zipfile.ZipFile, size: int) -> None:
    problem = zip_problem(
        zf,
        size,
        max_uncompressed=_limit("GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED),
        max_ratio=_limit("GONGKAI_UPLOAD_MAX_RATIO", MAX_RATIO),
    )
    if problem:
        raise UploadError(problem)
    try:
        bad = zf.testzip()  # inflates every entry once (bounded above) and checks its CRC
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError):
        bad = "?"
    if bad is not None:
        raise UploadError("文件已损坏：压缩内容校验失败")


def _ooxml_kind(zf: zipfile.ZipFile, names: set[str]) -> str:
    if not _xml_ok(zf.read("[Content_Types].xml")):
        raise UploadError("文件已损坏：不是有效的 Office 文档（内容类型表无法读取）")
    types = zf.read("[Content_Types].xml")
    for kind, (main, content_type) in _OOXML_MAIN.items():
        if main in names:
            if content_type.encode() not in types or "_rels/.rels" not in names:
                raise UploadError("文件已损坏：不是有效的 Office 文档（缺少主文档声明）")
            if not _xml_ok(zf.read(main)):
                raise UploadError("文件已损坏：Office 文档的正文无法读取")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UploadError("文档含有宏，已拒收；请另存为不含宏的文档后上传")
            return kind
    raise UploadError("文件已损坏：不是有效的 Word 或 Excel 文档")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_zip(zf, len(data))
            names = set(zf.namelist())
            if "[Content_Types].xml" in names:
                return _ooxml_kind(zf, names)
            if "OFD.xml" in names:
                if not _xml_ok(zf.read("OFD.xml")):
                    raise UploadError("文件已损坏：OFD 文档的入口文件无法读取")
                return "ofd"
    except zipfile.BadZipFile:
        raise UploadError("文件已损坏：不是有效的压缩格式") from None
    return "zip"


# --- other kinds --------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise UploadError("文件已损坏：不是可以打开的 PDF 文档") from None
    try:
        if len(pdf) < 1:
            raise UploadError("PDF 文档没有任何页面")
    finally:
        pdf.close()


def _check_image(data: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > MAX_IMAGE_PIXELS:
                raise UploadError("图片尺寸过大，已拒收")
            im.verify()
    except UploadError:
        raise
    except Exception:
        raise UploadError("图片已损坏，无法打开") from None


def _check_ole(data: bytes) -> None:
    """The compound-file header of .doc/.xls/.wps (MS-CFB 2.2): byte order and sector size."""
    if len(data) < 1024 or data[28:30] != b"\xfe\xff" or struct.unpack("<H", data[30:32])[0] not in (9, 12):
        raise UploadError("文件已损坏：不是有效的 Office 97-2003 或 WPS 文档")


def detect_kind(data: bytes) -> str | None:
    """The file type from its content (for ZIP containers, their checked structure)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE):
        return "ole"  # doc, xls or wps: the compound-file container they share
    return None


def _extension(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"jpeg": "jpg", "htm": "html"}.get(ext, ext)


def check_upload(name: str, data: bytes, max_bytes: int, allowed: tuple[str, ...] = ALLOWED_KINDS) -> str:
    """Return the file's kind (one of ``allowed``) or raise :class:`UploadError` (Chinese)."""
    if not data:
        raise UploadError("文件为空")
    if len(data) > max_bytes:
        raise UploadError(f"文件过大：{len(data) / 1048576:.1f} MB，上限为 {max_bytes / 1048576:.0f} MB")
    ext = _extension(name)
    if ext not in allowed:
        raise UploadError(f"不支持的文件类型“.{ext or '无扩展名'}”，仅支持：{'、'.join(allowed)}")
    if ext in TEXT_KINDS:
        if data.startswith(_BINARY_MAGIC) or looks_binary(data):
            raise UploadError(f"文件内容与扩展名“.{ext}”不符：不是文本或网页")
        kind = ext
    else:
        kind = detect_kind(data)
        if kind == "ole" and ext in ("doc", "xls", "wps"):
            _check_ole(data)
            kind = ext
        elif kind != ext:
            raise UploadError(f"文件内容与扩展名“.{ext}”不符，请上传真实的{ext.upper()}文件")
        elif kind == "pdf":
            _check_pdf(data)
        elif kind in ("png", "jpg"):
            _check_image(data)
    from .clamav import scan_upload

    scan_upload(name, data)
    return kind


def check_attachment(name: str, data: bytes, max_bytes: int) -> str:
    """An attachment (of a document, of a message): :func:`check_upload` with the attachment kinds."""
    return check_upload(name, data, max_bytes, ALLOWED_KINDS)
