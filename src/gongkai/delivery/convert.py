"""Word and Excel files to PDF with LibreOffice headless, so that they can be redacted (区分处理 works on
PDF pages). Debian: libreoffice-writer-nogui (DOCX) and libreoffice-calc-nogui (XLSX)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 180
PACKAGES = {"docx": "libreoffice-writer-nogui", "xlsx": "libreoffice-calc-nogui"}


class ConversionError(ValueError):
    """The file could not be converted; the message is for users (Chinese)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(data: bytes, kind: str) -> bytes:
    """The PDF of a DOCX or XLSX file; :class:`ConversionError` (Chinese) when LibreOffice is
    missing, fails or takes longer than :data:`TIMEOUT` seconds."""
    exe = soffice()
    package = PACKAGES.get(kind, "libreoffice")
    if exe is None:
        raise ConversionError(
            f"服务器未安装 LibreOffice（Debian 软件包 {package}），无法将该文件转换为PDF；"
            "请另行转换为PDF后上传，或请系统管理员安装（make system-packages）"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-convert-") as tmp:
        source = Path(tmp) / f"document.{kind}"
        source.write_bytes(data)
        # A profile of its own: a second conversion at the same time does not wait for a lock.
        command = [
            exe,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 - our fixed arguments, the file in our own temporary folder
                command,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired:
            raise ConversionError(f"转换为PDF超过{TIMEOUT}秒未完成，请另行转换为PDF后上传") from None
        except OSError:
            raise ConversionError("无法启动 LibreOffice，无法将该文件转换为PDF") from None
        result = Path(tmp) / "document.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise ConversionError(
                f"LibreOffice 未能将该文件转换为PDF（需安装 Debian 软件包 {package}）；请另行转换为PDF后上传"
            )
        return result.read_bytes()
