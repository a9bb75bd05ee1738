"""Which fetched pages of an old site are documents (信息页面), and under which column each falls.

A document page carries document metadata (a 索引号, a 文号 or a publication date in any layout
of :mod:`gongkai.rules.page_metadata`) and a body of its own; a list page (栏目页), the home page or
a search page has neither, or its "body" is mostly links. No Django model here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html as lxml_html

from .page import PageRecord

MIN_BODY_CHARS = 30
MAX_LINK_SHARE = 0.5  # a body whose text is more than half link text is a list
NO_COLUMN = "（未标明栏目）"


def link_share(body_html: str) -> float:
    if not body_html.strip():
        return 1.0
    tree = lxml_html.fromstring(body_html)
    total = len("".join(tree.text_content().split()))
    linked = sum(len("".join(a.text_content().split())) for a in tree.iter("a"))
    return linked / total if total else 1.0


def not_a_document(record: PageRecord) -> str:
    """Why ``record`` is not a document page ("" when it is one)."""
    m = record.metadata
    if not (m.index_number or m.doc_number or m.published):
        return "没有信息要素（索引号、文号或发布日期）"
    if len(record.main.text) < MIN_BODY_CHARS:
        return "没有正文"
    if link_share(record.main.body_html) > MAX_LINK_SHARE:
        return "正文主要是链接（栏目或列表页）"
    return ""


def column_of(record: PageRecord) -> str:
    """The old site's column of a page: its ``ColumnName``, else its own 主题分类, else its folder."""
    m = record.metadata
    if m.column:
        return m.column[:100]
    if m.category:
        return m.category[:100]
    folder = urlsplit(record.url).path.rsplit("/", 1)[0] + "/"
    return f"目录 {folder}"[:100] if folder != "/" else NO_COLUMN
