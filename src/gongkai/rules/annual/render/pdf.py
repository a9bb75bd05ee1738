"""An annual report (年度报告) as a PDF: the HTML page (:mod:`.html`) typeset by WeasyPrint on A4.

The fonts are found through fontconfig; with Debian's fonts-noto-cjk installed, Noto Serif CJK SC
and Noto Sans CJK SC stand in for 仿宋_GB2312/方正小标宋简体 and 黑体. WeasyPrint embeds
every font it uses (as a subset), so the PDF reads the same on a machine without them.
"""

from __future__ import annotations

from typing import Any

from gongkai.rules.annual.render.html import render_page


def render_pdf(report: dict[str, Any], *, prose: dict[str, str] | None = None,
               title: str | None = None) -> bytes:
    """The report as a PDF file (bytes)."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    page = render_page(report, prose=prose, title=title)
    return HTML(string=page).write_pdf()
