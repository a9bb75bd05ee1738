"""Bounds on ZIP containers (DOCX, XLSX, OFD, ZIP) before anything inflates them: a zip bomb — a
few hundred kilobytes that expand to gigabytes — is recognised from the central directory alone.
Python's zipfile never yields more than an entry's declared size, so bounding the declared sizes
bounds what python-docx, openpyxl or mammoth will read."""

from __future__ import annotations

import zipfile

MAX_ENTRIES = 10_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 10 * 1024 * 1024  # below this, any ratio is harmless (XML compresses well)


def zip_problem(
    zf: zipfile.ZipFile, size: int, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_ratio: int = MAX_RATIO
) -> str | None:
    """Why the archive (``size`` bytes) must not be opened further, in Chinese; ``None`` if it may."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        return f"压缩包内文件过多（{len(infos)}个），已拒收"
    if any(i.flag_bits & 0x1 for i in infos):
        return "压缩包已加密，无法检查其内容，已拒收"
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        return f"文件解压后达 {total / 1048576:.0f} MB，超过上限 {max_uncompressed / 1048576:.0f} MB，已拒收"
    if total > RATIO_FROM and total > max_ratio * size:
        return f"文件压缩比异常（解压后是原文件的 {total // max(size, 1)} 倍），疑似压缩炸弹，已拒收"
    return None
