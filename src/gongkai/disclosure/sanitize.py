"""Rich-text bodies are sanitised on save: only harmless formatting tags and attributes survive."""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "span",
    "div",
    "hr",
    "pre",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "img": {"src", "alt", "width", "height"},
}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def text_to_html(text: str) -> str:
    """Plain text (one paragraph per line) as safe HTML."""
    from html import escape

    paragraphs = [line.strip() for line in (text or "").splitlines()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<!--")


def body_html(text: str) -> str:
    """A body as entered: HTML is sanitised; text without any tag (pasted from Word or typed) becomes
    one paragraph per line."""
    text = text or ""
    if text.strip() and not _TAG.search(text):
        return text_to_html(text)
    return sanitize_html(text)
