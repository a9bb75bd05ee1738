"""The main text of a page on an agency's existing site, without the site's chrome (正文提取).

Government CMS pages (TRS WCM, 拓尔思, 大汉, 开普 …) put the body in a well-known container —
``div.TRS_Editor``, ``#zoom``, ``.article-content`` and the like — so those are tried first; any
other page goes through readability-lxml (a maintained port of Mozilla's Readability) told which
class names mean body and which mean chrome on such sites. Paragraphs and tables are kept; the
result is sanitised like any body typed by staff (``disclosure.sanitize``). No Django model here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

# Containers of the body on common government CMS templates, most specific first.
BODY_SELECTORS = (
    "div.TRS_Editor",
    "#zoom",
    "div.zoom",
    "#UCAP-CONTENT",
    "div.article-content",
    "div.article_content",
    "div.pages_content",
    "div.xxgk_content",
    "#content",
    "div.content",
)
POSITIVE = re.compile(r"TRS_Editor|zoom|article|content|pages_content|xxgk|zw|text", re.I)
NEGATIVE = re.compile(r"nav|menu|header|footer|foot|sidebar|share|print|crumb|position|xgwz|related|bottom|top|search", re.I)  # fmt: skip
MIN_CHARS = 20


@dataclass
class Extracted:
    body_html: str  # sanitised HTML: paragraphs and tables kept
    text: str  # plain text, one line per block
    method: str  # the container found ("div.TRS_Editor"), or "readability"


def _text(node) -> str:
    lines = []
    for block in node.iter("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "br"):
        block.tail = ("\n" + block.tail) if block.tail else "\n"
    for line in node.text_content().splitlines():
        if line.strip():
            lines.append(line.strip())
    return "\n".join(lines)


def extract_main(html: str) -> Extracted:
    """The main text of ``html``; an empty body when the page has none (the caller reports it)."""
    from gongkai.disclosure.sanitize import sanitize_html

    if not html or not html.strip():
        return Extracted("", "", "empty")
    tree = lxml_html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for node in tree.xpath("//*[@class or @id]"):  # site chrome by its usual class and id names
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if NEGATIVE.search(names) and not POSITIVE.search(names) and node.getparent() is not None:
            node.drop_tree()
    for selector in BODY_SELECTORS:
        found = tree.cssselect(selector)
        if found and len(found[0].text_content().strip()) >= MIN_CHARS:
            node = found[0]
            body = lxml_html.tostring(node, encoding="unicode")
            return Extracted(sanitize_html(body), _text(lxml_html.fromstring(body)), selector)
    from readability import Document

    # readability chooses the container (``xpath=True`` marks where each node came from); the
    # container is then taken whole from the page, as its own conditional cleaning drops short
    # tables, which government bodies often are.
    stripped = lxml_html.tostring(tree, encoding="unicode")
    summary = Document(
        stripped,
        positive_keywords=POSITIVE,
        negative_keywords=NEGATIVE,
        min_text_length=MIN_CHARS,
        xpath=True,
    ).summary(html_partial=True)
    chosen = None
    paths = re.findall(r'\bx="([^"]+)"', summary)
    if paths:
        page = lxml_html.fromstring(stripped)
        found = page.getroottree().xpath(paths[0]) or page.getroottree().xpath(paths[min(1, len(paths) - 1)])
        chosen = found[0] if found else None
    body = lxml_html.tostring(chosen, encoding="unicode") if chosen is not None else summary
    clean = sanitize_html(re.sub(r'\sx="[^"]*"', "", body))
    text = _text(lxml_html.fromstring(clean)) if clean.strip() else ""
    return Extracted(clean if text else "", text, "readability")
