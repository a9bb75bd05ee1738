"""One document page of an agency's existing site → what the import needs (导入页面读取).

Combines the metadata reader (:mod:`gongkai.rules.page_metadata`, every layout of the seed pages)
with the main text (:mod:`.extract`), finds the title when no label or meta tag gives it (``<h1>``,
then ``<title>`` without the site name), and lists the attachments linked from the body (PDF, Word,
Excel, WPS, OFD, archives) as absolute URLs on the page's own host. Bytes are decoded as the
site-inspection crawler does (header, ``<meta charset>``, UTF-8, then GB18030 for GBK sites).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from gongkai.rules.page_metadata import PageMetadata, read_page
from gongkai.sitecheck.parse import decode

from .extract import Extracted, extract_main

ATTACHMENT_EXT = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "zip", "rar")
_TITLE_SPLIT = re.compile(r"\s*[-_|｜—]+\s*")


@dataclass
class PageRecord:
    url: str
    metadata: PageMetadata
    main: Extracted
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (absolute URL, link text)

    @property
    def title(self) -> str:
        return self.metadata.title


def _visible_text(tree) -> str:
    for bad in tree.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    for block in tree.iter("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "br", "table"):
        block.tail = ("\n" + block.tail) if block.tail else "\n"
    for cell in tree.iter("td", "th"):  # cells of a metadata table: label and value apart
        cell.tail = (" " + cell.tail) if cell.tail else " "
    return tree.text_content()


def read_document_page(url: str, body: bytes, content_type: str = "") -> PageRecord:
    """Read a fetched page; the caller decides whether it is a document (it has a body)."""
    html = decode(body, content_type)
    tree = lxml_html.fromstring(html or "<html></html>")
    h1 = " ".join(" ".join(tree.xpath("//h1//text()")).split())
    page_title = " ".join(" ".join(tree.xpath("//title//text()")).split())
    links = []
    host = urlsplit(url).netloc
    for a in tree.xpath("//a[@href]"):
        target = urljoin(url, a.get("href").strip())
        path = urlsplit(target).path.lower()
        if urlsplit(target).netloc == host and path.rsplit(".", 1)[-1] in ATTACHMENT_EXT and "." in path:
            name = " ".join(a.text_content().split()) or path.rsplit("/", 1)[-1]
            if target not in [t for t, _ in links]:
                links.append((target, name))
    metadata = read_page(html, _visible_text(lxml_html.fromstring(html or "<html></html>")))
    if not metadata.title:
        fallback = h1 or (_TITLE_SPLIT.split(page_title)[0] if page_title else "")
        if fallback:
            metadata.title, metadata.found["title"] = fallback, "页面标题"
    return PageRecord(url, metadata, extract_main(html), links)
