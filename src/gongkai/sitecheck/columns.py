"""Columns (栏目): list pages whose items carry dates, found by rules that work on common CMS layouts.

A list item is the nearest element around a link (``li``, ``tr``, ``dd``, ``p``, ``div`` …, up to
three levels) whose text, outside the link itself, holds a full date; the items' parent is the list.
The list with the most dated items is the page's column list. Per site, :class:`ColumnSelector`
CSS selectors override the rules (``items``, ``date`` and ``name``); then a selector matching no
item means an empty column. Without selectors a page is an empty column when it shows a marker
such as 暂无信息 and no dated item. Continuation pages (reached by 下一页/尾页, or named
``index_2.html``) are not columns of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .config import ColumnSelector
from .dates import find_dates

_ITEM_TAGS = {"li", "tr", "dd", "dt", "p", "div", "td", "span", "article", "section", "h3", "h4"}
_STOP_TAGS = {"body", "html", "ul", "ol", "table", "tbody", "dl"}
_MAX_ITEM_TEXT = 300
# An item has its title link and perhaps one more (its column, an attachment); a block with more
# links around the one dated item of a short list is not an item (a page with a single entry).
_MAX_ITEM_LINKS = 2
_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|尾页|末页|最后一页|后页|next|last|>|>>|»)\s*$", re.I)
_CONTINUATION_URL = re.compile(
    r"(?:index|list|default)_\d+\.s?html?$|[?&](?:page|pageno|pageindex|pagenum|"
    r"curpage|currentpage|p)=(?:[2-9]|\d{2,})(?:&|$)",
    re.I,
)
_BREADCRUMB = re.compile(r"(?:当前位置|您的位置|您现在的位置|所在位置|位置)\s*[:：]\s*([^\n]{1,120})")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|＞|»|›|→|/|\\)\s*")
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|—–]|\s{2,})\s*")


@dataclass
class ColumnInfo:
    """What a page shows as a column: its name, its dated items and whether it is empty."""

    name: str
    dates: list[date] = field(default_factory=list)
    item_links: list[str] = field(default_factory=list)
    empty: bool = False
    by_selector: bool = False

    @property
    def latest(self) -> date | None:
        return max(self.dates) if self.dates else None


def is_continuation_url(url: str) -> bool:
    return bool(_CONTINUATION_URL.search(url))


def pagination_targets(anchors) -> list[str]:
    """hrefs of 下一页 / 尾页 links (raw, unresolved)."""
    return [a.attributes.get("href") or "" for a in anchors if _NEXT_TEXT.match(a.text(deep=True) or "")]


def column_name(tree, title: str, text: str) -> str:
    """The column's name: the last breadcrumb segment, else the first part of <title>, else h1/h2."""
    m = _BREADCRUMB.search(text)
    if m:
        parts = [p for p in _CRUMB_SPLIT.split(m[1].strip()) if p]
        if parts:
            return parts[-1].strip()[:40]
    if title:
        return _TITLE_SPLIT.split(title.strip())[0][:40]
    head = tree.css_first("h1, h2")
    return (head.text(deep=True).strip() if head else "")[:40]


def dated_items(anchors, today: date | None = None) -> dict[int, list[tuple[date, str]]]:
    """List id → [(date, href)] for every link that sits in a dated list item."""
    groups: dict[int, list[tuple[date, str]]] = {}
    for a in anchors:
        href = a.attributes.get("href")
        if not href:
            continue
        own = a.text(deep=True) or ""
        node = a.parent
        for _ in range(3):
            if node is None or node.tag in _STOP_TAGS:
                break
            if node.tag in _ITEM_TAGS:
                text = node.text(deep=True) or ""
                if len(text) > _MAX_ITEM_TEXT or len(node.css("a[href]")) > _MAX_ITEM_LINKS:
                    break  # a block holding a short list, not one item of it
                dates = find_dates(text.replace(own, " ", 1) if own else text)
                if today is not None:
                    dates = [d for d in dates if d <= today]
                if dates:
                    parent = node.parent
                    groups.setdefault(parent.mem_id if parent is not None else 0, []).append((dates[0], href))
                    break
            node = node.parent
    return groups


def detect_column(
    tree,
    anchors,
    name: str,
    text: str,
    selector: ColumnSelector | None,
    empty_markers,
    today: date | None = None,
) -> tuple[ColumnInfo | None, list[date]]:
    """The page's column (or None) and the dates of every dated item on the page (for the homepage)."""
    groups = dated_items(anchors, today)
    all_dates = [d for items in groups.values() for d, _ in items]
    if selector is not None:
        items = tree.css(selector.items)
        info = ColumnInfo(name=_selector_name(tree, selector) or name, by_selector=True, empty=not items)
        for item in items:
            node = item.css_first(selector.date) if selector.date else item
            found = find_dates(node.text(deep=True) if node is not None else "")
            if found and (today is None or found[0] <= today):
                info.dates.append(found[0])
            link = item.css_first("a[href]") if item.tag != "a" else item
            if link is not None:
                info.item_links.append(link.attributes.get("href") or "")
        return info, all_dates
    best = max(groups.values(), key=len, default=[])
    if best:
        return ColumnInfo(name=name, dates=[d for d, _ in best], item_links=[h for _, h in best]), all_dates
    if any(marker in text for marker in empty_markers):
        return ColumnInfo(name=name, empty=True), all_dates
    return None, all_dates


def _selector_name(tree, selector: ColumnSelector) -> str:
    if not selector.name:
        return ""
    node = tree.css_first(selector.name)
    return node.text(deep=True).strip()[:40] if node is not None else ""
