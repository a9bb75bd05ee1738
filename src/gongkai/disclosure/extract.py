"""Text of attachments for full-text search (PDF, DOCX, XLSX); other kinds give no text."""

from __future__ import annotations

import io


def extract_text(kind: str, data: bytes, limit: int = 200_000) -> str:
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
    except Exception:  # noqa: BLE001 - a damaged file is kept, it just gives no search text
        return ""
    return text[:limit]
