"""Open a downloaded file the way its reader would and return what a person sees in it: the
text of a PDF (pdfplumber), the paragraphs of a Word file (python-docx), the cells of a
spreadsheet (openpyxl). Download tests assert on this, not on the first bytes."""

from __future__ import annotations

import io
import re


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace removed (CJK lines wrap anywhere)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    """The paragraphs of the body and of its tables, one a line."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def xlsx_cells(data: bytes) -> list[str]:
    """Every non-empty cell of every sheet, as text, row by row."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [
        str(c)
        for ws in workbook.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c not in (None, "")
    ]
