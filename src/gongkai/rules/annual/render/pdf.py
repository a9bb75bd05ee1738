"""An annual report (年度报告) as a PDF: the HTML page (:mod:`.html`) typeset by WeasyPrint on A4.

The fonts are found through fontconfig; with Debian's fonts-noto-cjk installed, Noto Serif CJK SC
and Noto Sans CJK SC stand in for 仿宋_GB2312/方正小标宋简体 and 黑体. WeasyPrint embeds
every font it uses (as a subset), so the PDF reads the same on a machine without them. Without
any Chinese font the PDF would show empty boxes, so that case is refused with a clear error.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from typing import Any

from gongkai.rules.annual.render.html import render_page
from gongkai.rules.annual.render.layout import ReportError, SignOff


@lru_cache(maxsize=1)
def chinese_fonts_installed() -> bool:
    """Whether fontconfig knows a font covering Chinese (``fc-list :lang=zh``); True when
    fontconfig's tools are absent, since then nothing can be said."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        result = subprocess.run(  # noqa: S603 - fc-list by its full path, constant arguments
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return True
    return bool(result.stdout.strip())


def render_pdf(
    report: dict[str, Any],
    *,
    prose: dict[str, str] | None = None,
    title: str | None = None,
    sign_off: SignOff | None = None,
) -> bytes:
    """The report as a PDF file (bytes), with its 落款 when ``sign_off`` (agency, date) is given."""
    page = render_page(report, prose=prose, title=title, sign_off=sign_off)  # input errors first
    if not chinese_fonts_installed():
        raise ReportError("系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成 PDF")
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    pdf: bytes = HTML(string=page).write_pdf()
    return pdf
