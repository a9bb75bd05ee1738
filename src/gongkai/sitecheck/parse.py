"""One HTML page → what the inspection needs from it: links, column, metadata and text problems.

Decoding follows the HTTP header, then ``<meta charset>``, then UTF-8, then GB18030 (a superset of
GBK and GB2312, which many Chinese government CMS sites still serve). Links come from ``a``,
``area``, ``frame``, ``iframe``, ``img`` and ``<meta http-equiv="refresh">``; ``javascript:``,
``mailto:``, ``tel:`` and bare ``#`` links are ignored, relative links resolve against
``<base href>`` or the page URL, fragments are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from gongkai.rules.numbers import looks_like_index_number
from gongkai.rules.text import to_simplified

from .columns import ColumnInfo, column_name, detect_column, pagination_targets
from .config import SiteConfig
from .dates import publication_date
from .text_checks import TextProblem, check_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_ALIASES = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "utf8": "utf-8",
}
_INDEX_LABEL = re.compile(r"索\s*引\s*号\s*[:：]?\s*([0-9A-Za-z][0-9A-Za-z/\-_.]{3,40})")
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:", "sms:")
_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")


def normalise_url(url: str) -> str | None:
    """Canonical form for de-duplication: lower-case scheme and host, no default port, no fragment."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path or "/", parts.query, ""))


def drop_params(url: str, names) -> str:
    """``url`` without the query parameters ``names`` (views of the same page, e.g. ?lang=, ?mode=)."""
    if not names or "?" not in url:
        return url
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] not in names]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), ""))


@lru_cache(maxsize=65536)
def _absolute(origin: str, href: str) -> str | None:
    return normalise_url(urljoin(origin, href))


def resolve(base: str, href: str) -> str | None:
    """``href`` as an absolute, normalised URL, or None for links that lead nowhere to check."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(_SKIP_SCHEMES):
        return None
    if href.startswith(("http://", "https://")):
        return _absolute("", href)
    if href.startswith("/") and not href.startswith("//"):
        # Root-relative links (navigation) repeat on every page: resolve once per origin.
        parts = urlsplit(base)
        return _absolute(f"{parts.scheme}://{parts.netloc}", href)
    return normalise_url(urljoin(base, href))


def decode(body: bytes, content_type: str = "") -> str:
    """Page bytes → text, honouring the declared charset and falling back to GB18030."""
    declared = None
    m = re.search(r"charset\s*=\s*['\"]?([\w-]+)", content_type or "", re.I)
    if m:
        declared = m[1]
    else:
        m = _META_CHARSET.search(body[:4096])
        if m:
            declared = m[1].decode("ascii", "ignore")
    if declared:
        encoding = _ALIASES.get(declared.lower(), declared.lower())
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace")


@dataclass(slots=True)
class Link:
    """A link found on a page: ``tag`` is a, area, frame, iframe, img or refresh."""

    target: str
    tag: str
    text: str = ""
    notice: bool = False
    # rel="nofollow" (a catalogue's filter and sort links): the target is checked, not crawled
    follow: bool = True


@dataclass
class PageAnalysis:
    title: str = ""
    links: list[Link] = field(default_factory=list)
    column: ColumnInfo | None = None
    item_dates: list[date] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)
    published: date | None = None
    index_number: str | None = None
    problems: list[TextProblem] = field(default_factory=list)
    page_notice: bool = False  # a script on the page warns before leaving the site


@lru_cache(maxsize=8)
def _marker_re(markers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(m) for m in markers if m) or "(?!)", re.I)


def _has_marker(value: str, markers) -> bool:
    return bool(value) and _marker_re(tuple(markers)).search(value) is not None


def _link(el, base: str, config: SiteConfig, markers) -> Link | None:
    """The link an element makes (a, area, frame, iframe, img, meta refresh), or None."""
    tag = el.tag
    attrs = el.attributes
    if tag == "meta":
        if (attrs.get("http-equiv") or "").lower() != "refresh":
            return None
        m = _REFRESH.search(attrs.get("content") or "")
        raw, tag = (m[1] if m else ""), "refresh"
    elif tag in ("a", "area"):
        raw = attrs.get("href") or ""
    else:
        raw = attrs.get("src") or ""
    if tag == "img" and not config.check_images:
        return None
    target = resolve(base, raw)
    if target is not None and config.ignore_params:
        target = drop_params(target, config.ignore_params)
    if target is None:
        return None
    text = ""
    notice = False
    if tag in ("a", "area"):
        text = (el.text(deep=True) or attrs.get("title") or attrs.get("alt") or "").strip()[:80]
        if len(attrs) > 1:
            notice = _has_marker(" ".join(str(v) for k, v in attrs.items() if k != "href" and v), markers)
    follow = "nofollow" not in (attrs.get("rel") or "").lower().split()
    return Link(target, tag, text, notice, follow)


def analyse(url: str, html: str, config: SiteConfig, today: date | None = None) -> PageAnalysis:
    """Everything the findings need from one page (the parse happens once)."""
    tree = LexborHTMLParser(html)
    out = PageAnalysis()
    node = tree.css_first("title")
    out.title = node.text(deep=True).strip() if node is not None else ""
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = urljoin(url, base_node.attributes.get("href") or "")

    markers = config.notice_markers
    for script in tree.css("script"):
        if _has_marker((script.attributes.get("src") or "") + (script.text(deep=True) or ""), markers):
            out.page_notice = True
            break

    seen: set[tuple[str, str]] = set()
    for el in tree.css("a[href], area[href], frame[src], iframe[src], img[src], meta[http-equiv]"):
        link = _link(el, base, config, markers)
        if link is not None and (link.target, link.tag) not in seen:
            seen.add((link.target, link.tag))
            out.links.append(link)

    anchors = tree.css("a[href]")
    out.pagination = [t for t in (resolve(base, h) for h in pagination_targets(anchors)) if t]

    for junk in tree.css("script, style, noscript, template"):
        junk.decompose()
    body = tree.body
    text = body.text(deep=True, separator="\n") if body is not None else ""
    # Traditional-script pages (繁体版) are checked as simplified text: the labels (發佈日期, 索引號),
    # column names and the dictionary behind the doubled-character check are simplified.
    text = to_simplified(_SPACES.sub(" ", text))
    out.published = publication_date(text)
    m = _INDEX_LABEL.search(text)
    if m:
        out.index_number = m[1]
    else:
        out.index_number = next((w for w in text.split() if looks_like_index_number(w)), None)

    selector = next((s for s in config.column_selectors if s.url_contains in url), None)
    name = to_simplified(column_name(tree, out.title, text))
    column, out.item_dates = detect_column(tree, anchors, name, text, selector, config.empty_markers, today)
    if column is not None:
        column.item_links = [t for t in (resolve(base, h) for h in column.item_links) if t]
    out.column = column
    out.problems = check_text(text, config.leaders, config.sensitive_words)
    return out
