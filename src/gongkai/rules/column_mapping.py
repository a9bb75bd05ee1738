"""The default column mapping of a site import (栏目对照): an old site's column (栏目, ``ColumnName``)
or its own 主题分类 → the platform's 主题分类 and 体裁.

The administrator confirms or edits this proposal in the dry run (docs/import.md); a run without a
confirmed mapping uses it as it is and says so in its report. The catalogue needs a 主题分类 for every
document (Art. 12 of the Regulation: 政府信息公开目录 with 信息的索引、名称、内容概述、生成日期), so
a column matched by nothing below gets 综合政务. Pure: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_CATEGORY = "综合政务"

# Keyword in a column (or the site's 主题分类) → platform 主题分类; the first match wins.
CATEGORY_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("年报", "政府信息公开年度报告"),
    ("年度报告", "政府信息公开年度报告"),
    ("重点领域", "重点领域信息公开"),
    ("政务公开", "政务公开工作"),
    ("信息公开指南", "政务公开工作"),
    ("预算", "财政、金融、审计"),
    ("决算", "财政、金融、审计"),
    ("财政", "财政、金融、审计"),
    ("审计", "财政、金融、审计"),
    ("民政", "民政、扶贫、救灾"),
    ("救助", "民政、扶贫、救灾"),
    ("低保", "民政、扶贫、救灾"),
    ("养老", "民政、扶贫、救灾"),
    ("救灾", "民政、扶贫、救灾"),
    ("慈善", "民政、扶贫、救灾"),
    ("社会组织", "民政、扶贫、救灾"),
    ("殡葬", "民政、扶贫、救灾"),
    ("教育", "科技、教育"),
    ("科技", "科技、教育"),
    ("卫生", "卫生、体育"),
    ("医疗", "卫生、体育"),
    ("体育", "卫生、体育"),
    ("人事", "劳动、人事、监察"),
    ("招聘", "劳动、人事、监察"),
    ("就业", "劳动、人事、监察"),
    ("环境", "城乡建设、环境保护"),
    ("住房", "城乡建设、环境保护"),
    ("建设", "城乡建设、环境保护"),
    ("农业", "农业、林业、水利"),
    ("水利", "农业、林业、水利"),
    ("交通", "工业、交通"),
    ("市场监管", "市场监管、安全生产监管"),
    ("安全生产", "市场监管、安全生产监管"),
    ("公安", "公安、安全、司法"),
    ("司法", "公安、安全、司法"),
    ("宗教", "民族、宗教"),
    ("民族", "民族、宗教"),
)

# Keyword in a column → 体裁 (none when nothing matches: 体裁 is optional).
GENRE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("解读", "政策解读"),
    ("年报", "年度报告"),
    ("年度报告", "年度报告"),
    ("规划", "规划"),
    ("通知", "通知"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("意见", "意见"),
    ("办法", "办法"),
    ("报告", "报告"),
)

# The last words of a title → 体裁 (《党政机关公文处理工作条例》第八条: a title ends with its kind).
TITLE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("政策解读", "政策解读"),
    ("的解读", "政策解读"),
    ("年度报告", "年度报告"),
    ("通知", "通知"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("意见", "意见"),
    ("决定", "决定"),
    ("通报", "通报"),
    ("批复", "批复"),
    ("办法", "办法"),
    ("规定", "规定"),
    ("方案", "方案"),
    ("规划", "规划"),
    ("报告", "报告"),
    ("函", "函"),
)


@dataclass(frozen=True)
class Mapped:
    category: str  # a platform 主题分类 name
    genre: str  # a platform 体裁 name, or "" for none


def _keyword(text: str, table: tuple[tuple[str, str], ...], known: set[str]) -> str:
    for word, name in table:
        if word in text and name in known:
            return name
    return ""


def propose(column: str, site_category: str, categories: Iterable[str], genres: Iterable[str]) -> Mapped:
    """The default mapping of one column: the platform category the column or the site's own
    主题分类 names (exactly, else by keyword), else 综合政务; the 体裁 the column names, else none."""
    known_categories, known_genres = set(categories), set(genres)
    category = ""
    for text in (site_category, column):
        if text in known_categories:
            category = text
            break
    if not category:
        category = _keyword(f"{column} {site_category}", CATEGORY_KEYWORDS, known_categories)
    if not category and known_categories:
        category = DEFAULT_CATEGORY if DEFAULT_CATEGORY in known_categories else sorted(known_categories)[0]
    genre = column if column in known_genres else _keyword(column, GENRE_KEYWORDS, known_genres)
    return Mapped(category, genre)


# A note in brackets after the kind: 办法（试行）, 规定（暂行）, 方案（征求意见稿）, 条例（2024年修订）.
_TRAILING_NOTE = re.compile(r"\s*[（(【\[][^（()）【】\[\]]*[）)】\]]\s*$")


def genre_from_title(title: str, genres: Iterable[str]) -> str:
    """The 体裁 a title ends with (``关于…的通知`` → 通知; ``…办法（试行）`` → 办法), or ""."""
    known = set(genres)
    stripped = title.strip().rstrip("。.")
    while _TRAILING_NOTE.search(stripped):
        stripped = _TRAILING_NOTE.sub("", stripped).rstrip("。.")
    for ending, name in TITLE_ENDINGS:
        if stripped.endswith(ending) and name in known:
            return name
    return ""


@dataclass(frozen=True)
class Resolved:
    """The mapping a run uses: the confirmed rows, and the proposal for every column they miss."""

    used: dict[str, Mapped]
    unlisted: tuple[str, ...]  # columns found that the confirmed mapping does not list (proposal used)
    confirmed: bool  # False: no confirmed mapping at all, every column got the proposal


def resolve(proposed: Mapping[str, Mapped], confirmed: Mapping[str, Mapped] | None) -> Resolved:
    """Merge the administrator's confirmed mapping over the proposal. A column the confirmed file
    lists keeps what the administrator chose (even a column this run did not find); a column it
    does not list gets the proposal and is named in ``unlisted`` so the report can say so."""
    if confirmed is None:
        return Resolved(dict(proposed), (), False)
    unlisted = tuple(sorted(c for c in proposed if c not in confirmed))
    used = {c: proposed[c] for c in unlisted}
    used.update(confirmed)
    return Resolved(used, unlisted, True)


def check_confirmed(
    columns: object, categories: Iterable[str], genres: Iterable[str]
) -> tuple[dict[str, Mapped], list[str]]:
    """A confirmed mapping's ``columns`` (``{栏目: {"主题分类": …, "体裁": …}}``) read against the
    platform's lists: the rows, and the problems (Chinese; none when it can be used). A 主题分类 is
    required (Art. 12: every catalogue entry has one); an empty 体裁 means "none, the title decides"."""
    if not isinstance(columns, Mapping):
        return {}, ["对照表格式不正确：columns 应为“栏目 → {主题分类, 体裁}”"]
    known_categories, known_genres = set(categories), set(genres)
    problems: list[str] = []
    out: dict[str, Mapped] = {}
    for column, row in columns.items():
        if not isinstance(row, Mapping):
            problems.append(f'栏目“{column}”的对照应为 {{"主题分类": …, "体裁": …}}')
            continue
        category = str(row.get("主题分类", "") or "").strip()
        genre = str(row.get("体裁", "") or "").strip()
        if not category:
            problems.append(f"栏目“{column}”没有填写主题分类")
        elif category not in known_categories:
            problems.append(f"栏目“{column}”的主题分类“{category}”不在本平台的主题分类表中")
        if genre and genre not in known_genres:
            problems.append(f"栏目“{column}”的体裁“{genre}”不在本平台的体裁表中")
        out[str(column)] = Mapped(category, genre)
    return out, problems
