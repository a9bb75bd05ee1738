"""The page frame's data: the site profile for a page (site values, overridden by the agency's),
the government-website meta tags (网页元数据, 《政府网站发展指引》 附件), the 落款 of a document."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from django.db import DatabaseError
from django.utils import timezone

FRAME_FIELDS = (
    "site_name",
    "domain",
    "sponsor",
    "organizer",
    "contact",
    "site_code",
    "icp",
    "police_record",
    "emblem",
)
DEFAULT_SITE_NAME = "政府信息公开平台"


@dataclass
class Frame:
    site_name: str = DEFAULT_SITE_NAME
    domain: str = ""
    sponsor: str = ""
    organizer: str = ""
    contact: str = ""
    site_code: str = ""
    icp: str = ""
    police_record: str = ""
    emblem: str = ""

    @property
    def has_footer_items(self) -> bool:
        return any(
            getattr(self, f.name) for f in fields(self) if f.name not in ("site_name", "domain", "emblem")
        )


def frame_for(agency=None) -> Frame:
    """The site's values, each replaced by the agency's own where the agency sets it.

    Never raises: the 500 page renders this too, when the database may be what failed."""
    from .models import SiteProfile

    frame = Frame()
    try:
        rows = list(SiteProfile.objects.filter(agency__isnull=True))
        if agency is not None and getattr(agency, "pk", None):
            rows += list(SiteProfile.objects.filter(agency_id=agency.pk))
    except DatabaseError:
        return frame
    for row in rows:
        for name in FRAME_FIELDS:
            value = getattr(row, name)
            if value:
                setattr(frame, name, value)
    return frame


_TAGS = re.compile(r"<[^>]+>")
_IMG = re.compile(r"""<img\b[^>]*\bsrc=["']([^"']+)["']""", re.I)
_SPACE = re.compile(r"\s+")


def plain(html: str, limit: int = 120) -> str:
    text = _SPACE.sub(" ", _TAGS.sub(" ", html or "")).strip()
    return text[:limit]


def article_meta(request, document) -> dict[str, str]:
    """The article class of the meta tags, from the document's record."""
    published = (
        timezone.localtime(document.published_at).strftime("%Y-%m-%d %H:%M") if document.published_at else ""
    )
    image = _IMG.search(document.body or "")
    return {
        "ArticleTitle": document.title,
        "PubDate": published,
        "ContentSource": document.publisher or document.agency.name,
        "Keywords": document.keywords,
        "Author": document.publisher or document.agency.name,
        "Description": document.summary or plain(document.body),
        "Image": request.build_absolute_uri(image.group(1)) if image else "",
        "Url": request.build_absolute_uri(request.path),
    }


# A 落款 as published: the last paragraphs of a body — the issuing body's name and the date
# (2017年12月20日, 二〇一七年十二月二十日) — are set right-aligned.
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日\s*$"
)
_LAST_P = re.compile(r"<p>([^<]{1,40})</p>\s*$")
_CLOSING = re.compile(r"(?:\s*</div>)*\s*$")  # a 落款 in its own block (a published annual report's)


def mark_signature(html: str) -> str:
    """Give the closing date paragraph (and the issuer's name right above it) ``class="signature"``."""
    html = html or ""
    closing = _CLOSING.search(html)
    body, tail = html[: closing.start()], html[closing.start() :]
    m = _LAST_P.search(body)
    if not m or not _DATE_LINE.match(m.group(1)):
        return html
    head, date = body[: m.start()], f'<p class="signature">{m.group(1)}</p>'
    above = _LAST_P.search(head)
    if above and len(above.group(1).strip()) <= 30 and not re.search(r"[。，；：！？]", above.group(1)):
        head = head[: above.start()] + f'<p class="signature">{above.group(1)}</p>'
    return head + date + tail
