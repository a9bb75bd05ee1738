"""Old Word (.doc) and WPS (.wps) attachments (旧版 Word 与 WPS 文档), via LibreOffice.

Many agencies still attach their annual report as a ``.doc`` (Word 97–2003) or a ``.wps`` (WPS
Office); both are OLE2 compound files. LibreOffice Writer, run headless (Debian
``libreoffice-writer-nogui``), converts them to DOCX, which the DOCX extractor then reads: its
tables keep their cells. Each conversion uses its own LibreOffice profile in a temporary
directory, so that conversions running at the same time do not wait on each other's lock.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of .doc, .wps, .xls …
TIMEOUT_S = 180


class OfficeUnavailable(RuntimeError):
    """LibreOffice is missing or the conversion failed (the message is Chinese)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str) -> bytes:
    """The DOCX form of a .doc/.wps file's content."""
    exe = soffice()
    if exe is None:
        raise OfficeUnavailable(
            f"{suffix} 文件需要 LibreOffice 转换后读取，但本机未安装"
            "（Debian 软件包 libreoffice-writer-nogui；make system-packages 会安装）；可另存为 DOCX 或 PDF 后再读取"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-office-") as tmp:
        src = Path(tmp) / f"report{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        try:
            out = subprocess.run(  # noqa: S603 - LibreOffice by its full path, our own files
                [
                    exe,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OfficeUnavailable(f"{suffix} 文件转换超时（超过{TIMEOUT_S}秒），未能读取") from exc
        result = Path(tmp) / "report.docx"
        if out.returncode != 0 or not result.exists():
            raise OfficeUnavailable(f"{suffix} 文件无法转换（文件可能已损坏或不是 Word/WPS 文档）")
        return result.read_bytes()
