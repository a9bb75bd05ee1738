"""Reading published annual reports (年度报告解析): HTML, text, markdown, DOCX and text PDF.

``parse_text(text)`` and ``parse_file(path)`` return a :class:`ParseResult` — the report in the
interchange JSON form, warnings and the findings of the consistency rules. Pure Python, no
Django import, no network.
"""

from gongkai.rules.annual.parse.extract import parse_bytes, parse_file
from gongkai.rules.annual.parse.report import ParseResult, ParseWarning, parse_text

__all__ = ["ParseResult", "ParseWarning", "parse_bytes", "parse_file", "parse_text"]
