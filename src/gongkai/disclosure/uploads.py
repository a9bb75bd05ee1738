"""Attachment checks: the type is read from the content, not trusted from the name; size is limited."""

from __future__ import annotations

import io
import zipfile

ALLOWED_KINDS = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "zip", "png", "jpg")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UploadError(ValueError):
    """An attachment that is refused; the message is for users."""


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise UploadError("文件已损坏：不是有效的压缩格式") from None
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def detect_kind(data: bytes) -> str | None:
    """The file type from its first bytes (and, for ZIP containers, their contents)."""
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


def check_attachment(name: str, data: bytes, max_bytes: int) -> str:
    """Return the attachment's kind or raise :class:`UploadError` with a Chinese message."""
    if not data:
        raise UploadError("文件为空")
    if len(data) > max_bytes:
        raise UploadError(f"文件过大：{len(data) / 1048576:.1f} MB，上限为 {max_bytes / 1048576:.0f} MB")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "jpeg":
        ext = "jpg"
    if ext not in ALLOWED_KINDS:
        raise UploadError(f"不支持的文件类型“.{ext or '无扩展名'}”，仅支持：{'、'.join(ALLOWED_KINDS)}")
    kind = detect_kind(data)
    if kind == "ole" and ext in ("doc", "xls", "wps"):
        return ext
    if kind == ext:
        return kind
    raise UploadError(f"文件内容与扩展名“.{ext}”不符，请上传真实的{ext.upper()}文件")
