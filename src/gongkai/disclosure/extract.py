"""Text of attachments for full-text search (PDF, DOCX, XLSX); other kinds give no text."""

from __future__ import annotations

import io
import logging

log = logging.getLogger(__name__)


def extract_text(kind: str, data: bytes, limit: int = 200_000, *, attachment_id: int | None = None) -> str:
    """The file's text, at most ``limit`` characters; "" for other kinds and for a file that cannot
    be read (logged as a warning naming the attachment, never its content)."""
    try:
        if kind == "pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                text = "\n".join((page.extract_text() or "") for page in pdf.pages[:200])
        elif kind == "docx":
            import docx

            d = docx.Document(io.BytesIO(data))
            parts = [p.text for p in d.paragraphs]
            for table in d.tables:
                parts += [cell.text for row in table.rows for cell in row.cells]
            text = "\n".join(parts)
        elif kind == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            parts = []
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    parts.append(" ".join(str(v) for v in row if v is not None))
            text = "\n".join(parts)
        else:
            return ""
    except Exception as exc:
        log.warning(
            "text extraction failed attachment_id=%s kind=%s bytes=%d error=%s",
            attachment_id,
            kind,
            len(data),
            type(exc).__name__,
        )
        return ""
    return text[:limit]
