"""The list of agencies to harvest (SITES.csv): 机关名称, 机关类型 (政府 or 部门), 网址."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gongkai.rules.annual.timeliness import agency_type

COLUMNS = ("机关名称", "机关类型", "网址")


class SitesError(ValueError):
    """The list cannot be read; the message (Chinese) names the line."""


@dataclass(frozen=True)
class Site:
    name: str
    kind: str  # 部门 or 政府 (Art. 49)
    url: str  # the agency's 年报 column or its site's home page

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _text(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SitesError("机关名单的编码无法识别（应为 UTF-8 或 GBK）")


def parse_sites(data: bytes) -> list[Site]:
    """The agencies of a SITES.csv; every problem is reported with its line number."""
    reader = csv.DictReader(io.StringIO(_text(data)))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SitesError(f"机关名单缺少列：{'、'.join(missing)}（应有 {'、'.join(COLUMNS)}）")
    reader.fieldnames = header
    sites: list[Site] = []
    seen: set[str] = set()
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        name = (row.get("机关名称") or "").strip()
        kind = (row.get("机关类型") or "").strip()
        url = (row.get("网址") or "").strip()
        if not (name or kind or url):
            continue
        if not name:
            problems.append(f"第{line}行：缺少机关名称")
            continue
        try:
            kind = agency_type(kind)
        except ValueError as exc:
            problems.append(f"第{line}行：{exc}")
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"第{line}行：网址“{url}”无效，应以 http:// 或 https:// 开头")
            continue
        if name in seen:
            problems.append(f"第{line}行：机关“{name}”重复")
            continue
        seen.add(name)
        sites.append(Site(name, kind, url))
    if problems:
        raise SitesError("；".join(problems[:10]) + (f"；等{len(problems)}处" if len(problems) > 10 else ""))
    if not sites:
        raise SitesError("机关名单是空的")
    return sites


def read_sites(path: str | Path) -> list[Site]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SitesError(f"无法读取机关名单 {path}：{exc.strerror or exc}") from exc
    return parse_sites(data)
