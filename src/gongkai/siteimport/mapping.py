"""The column mapping file (栏目对照表) of a site import.

The dry run writes the columns it found with a proposal (:mod:`gongkai.rules.column_mapping`)::

    {"site": "http://mzj.example.gov.cn/", "confirmed": false,
     "columns": {"通知公告": {"主题分类": "综合政务", "体裁": "通知", "页面数": 12}, …}}

The administrator edits the 主题分类/体裁 of each column (names from the platform's lists; 体裁 may
be empty) and sets ``"confirmed": true``; ``--mapping FILE`` then imports with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.disclosure.models import Category, Genre
from gongkai.rules.column_mapping import check_confirmed, propose


class MappingError(ValueError):
    """A mapping file that cannot be used (message in Chinese)."""


def names() -> tuple[list[str], list[str]]:
    return list(Category.objects.values_list("name", flat=True)), list(
        Genre.objects.values_list("name", flat=True)
    )


def proposal(columns: dict[str, tuple[str, int]]) -> dict[str, dict]:
    """``{column: (site category, pages)}`` → ``{column: {"主题分类", "体裁", "页面数"}}``."""
    categories, genres = names()
    out = {}
    for column, (site_category, count) in sorted(columns.items()):
        mapped = propose(column, site_category, categories, genres)
        out[column] = {"主题分类": mapped.category, "体裁": mapped.genre, "页面数": count}
    return out


def validate(columns: dict) -> dict[str, dict]:
    """The ``columns`` of a mapping, checked against the platform's lists (MappingError if not)."""
    categories, genres = names()
    rows, problems = check_confirmed(columns, categories, genres)
    if problems:
        raise MappingError("；".join(problems))
    return {column: {"主题分类": m.category, "体裁": m.genre} for column, m in rows.items()}


def load(path: str | Path) -> dict[str, dict]:
    """A confirmed mapping file's columns (MappingError if missing, unreadable or not confirmed)."""
    p = Path(path)
    if not p.is_file():
        raise MappingError(f"找不到栏目对照表：{path}")
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError(f"栏目对照表不是有效的 JSON：{exc}") from None
    if not isinstance(data, dict):
        raise MappingError("栏目对照表格式不正确：应为一个 JSON 对象")
    if data.get("confirmed") is not True:
        raise MappingError('栏目对照表尚未确认：请核对每个栏目的主题分类和体裁，再把 "confirmed" 改为 true')
    return validate(data.get("columns", {}))


def write(path: str | Path, site: str, columns: dict[str, dict]) -> None:
    Path(path).write_text(
        json.dumps({"site": site, "confirmed": False, "columns": columns}, ensure_ascii=False, indent=2)
        + "\n",
        encoding="utf-8",
    )
