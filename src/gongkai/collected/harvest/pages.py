"""One HTML page of an agency's site, as the harvest needs it: its links (with the date a listing
shows beside each), its publication date and its attachments; and which links look like the
report on a year or lead towards it. No Django import, no network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from gongkai.rules.text import halfwidth_digits, to_simplified
from gongkai.sitecheck.dates import find_dates, publication_date
from gongkai.sitecheck.parse import resolve

ATTACHMENT_EXT = ("pdf", "docx", "doc", "wps")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_SPACE = re.compile(r"\s+")
_PAGING = {"下一页", "下页", "更多", "more", ">>", "»", "›", "后页", "尾页"}
_META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time")


@dataclass(frozen=True)
class PageLink:
    url: str
    text: str
    listed_on: date | None  # the date printed beside the link in a listing, if any


def _clean(text: str) -> str:
    return _SPACE.sub("", to_simplified(halfwidth_digits(text or "")))


def _cn_year(text: str) -> str:
    """二〇二五年 → 2025年 (years written in Chinese numerals)."""
    return re.sub(
        r"([〇零○一二三四五六七八九]{4})(?=年)",
        lambda m: m[1].translate(_CN_DIGITS),
        text,
    )


def links(base_url: str, html: str) -> list[PageLink]:
    """Every ``<a href>`` of the page with its text (or title) and the listing's date."""
    tree = LexborHTMLParser(html)
    base = tree.css_first("base[href]")
    base_url = resolve(base_url, base.attributes.get("href") or "") or base_url if base else base_url
    out: list[PageLink] = []
    seen: set[str] = set()
    for node in tree.css("a[href]"):
        url = resolve(base_url, node.attributes.get("href") or "")
        if url is None or url in seen:
            continue
        seen.add(url)
        text = node.text(strip=True) or node.attributes.get("title") or ""
        title = node.attributes.get("title") or ""
        if len(title) > len(text):  # lists cut long titles short and keep the whole in title=
            text = title
        listed_on = None
        parent = node.parent
        if parent is not None and parent.tag in ("li", "td", "dd", "p", "span", "div", "tr"):
            row = parent.parent if parent.tag in ("td", "span") and parent.parent is not None else parent
            dates = find_dates(row.text(separator=" ")[:300])
            listed_on = dates[-1] if dates else None
        out.append(PageLink(url, text.strip(), listed_on))
    return out


def page_date(html: str) -> date | None:
    """The page's publication date: ``<meta name="PubDate">`` (政府网站 metadata), else the date
    after 发布日期 / 发布时间 / 日期 in the text, else a date printed with a time of day."""
    tree = LexborHTMLParser(html)
    for meta in tree.css("meta[name], meta[property]"):
        name = (meta.attributes.get("name") or meta.attributes.get("property") or "").lower()
        if name in _META_DATE:
            dates = find_dates(meta.attributes.get("content") or "")
            if dates:
                return dates[0]
    body = tree.body
    text = body.text(separator=" ") if body is not None else ""
    return publication_date(text)


def title(html: str) -> str:
    tree = LexborHTMLParser(html)
    node = tree.css_first("title")
    return node.text(strip=True) if node is not None else ""


def extension(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


_PAGE_EXT = {"", "html", "htm", "shtml", "xhtml", "jsp", "jspx", "php", "asp", "aspx", "do", "action", "cgi"}


def is_file(url: str) -> bool:
    """Whether ``url`` names a file (PDF, Word, image …) rather than a page to read links from."""
    return extension(url) not in _PAGE_EXT


def report_score(text: str, year: int, agency: str = "") -> int:
    """How much a link's text looks like the title of the report on ``year`` (0: not at all).

    Titles vary: “…2025年…政府信息公开工作年度报告”, “…2025年政府信息公开年度报告”,
    “…2025年度…年报” — and the year may be written 二〇二五年."""
    t = _cn_year(_clean(text))
    if f"{year}年" not in t:
        return 0
    public = any(w in t for w in ("政府信息公开", "信息公开", "政务公开"))
    if not (("年度报告" in t and public) or ("年报" in t and (public or f"{year}年度" in t))):
        return 0
    score = 10 + (5 if "政府信息公开" in t else 0)
    if agency and _clean(agency) in t:
        score += 3
    if t.startswith("关于") or any(w in t for w in ("通知", "解读", "模板", "填报说明", "图解")):
        score -= 8
    return max(score, 0)


def lead_score(text: str, url: str, year: int) -> int:
    """How likely a link leads towards the report (a 年报 column, the 信息公开 home, the next page
    of a listing); 0 for links not worth following. Another year's report is not followed."""
    t = _cn_year(_clean(text))
    years = re.findall(r"(?:19|20)\d\d年", t)
    if years and f"{year}年" not in years and ("年度报告" in t or "年报" in t):
        return 0
    path = urlsplit(url).path.lower()
    score = 0
    if "年报" in t or "年度报告" in t:
        score = 30
    elif any(k in path for k in ("ndbg", "gknb", "xxgknb", "annual")):
        score = 25
    elif "信息公开" in t or "政务公开" in t:
        score = 20
    elif t.lower() in _PAGING or t.isdigit() and len(t) <= 3:
        score = 10
    return score
