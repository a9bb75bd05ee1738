"""Reading the metadata of a document page on an agency's existing website (网页元数据与信息公开要素).

Government pages carry their metadata in one or more of these layouts (docs/import.md):

1. the 网页元数据 meta tags of 《政府网站网页设计规范》/《政府网站发展指引》: ``ArticleTitle``,
   ``PubDate``, ``ContentSource``, ``ColumnName``, ``Keywords``, ``SiteIDCode`` (and ``Author``,
   ``Description``);
2. a metadata block as text, labels followed by values that may be empty (``索引号: 发布机构:
   南芬区人民政府 … 废止日期: 文 号: 关键词:``, seed 002);
3. the same as a table whose labels are padded with spaces (``索 引 号:``, ``分     类:``,
   ``文   号:``, ``效力状态:``, seed 004);
4. a line above the body, ``发布时间: 2024-01-09 10:06 浏览次数:1`` or ``发布日期:2018-12-10
   来源:濮阳民政`` (seeds 000 and 001).

:func:`read_page` combines them: the labelled block (what the agency's catalogue says, Art. 12 of
the Regulation: 索引, 名称, 生成日期 …) wins over the meta tags, which win over the date line. An
empty label stays empty — it never takes the next label's value. Pure: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser

from .numbers import NumberError, normalize_document_number
from .text import halfwidth_digits
from .validity import read_validity

META_NAMES = ("ArticleTitle", "PubDate", "ContentSource", "ColumnName", "Keywords", "SiteIDCode", "Author")

# Field → the labels sites use for it (the characters may be padded with spaces: 索 引 号).
LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号",),
    "publisher": ("发布机构", "发文机关", "发文单位"),
    "title": ("信息名称", "名称", "标题"),
    "category": ("主题分类", "分类"),
    "published": ("发布日期", "发布时间"),
    "written_on": ("成文日期", "发文日期"),
    "expires_on": ("废止日期",),
    "doc_number": ("文号", "发文字号"),
    "keywords": ("关键词", "主题词"),
    "validity": ("效力状态", "有效性"),
    "source": ("来源", "信息来源"),
    # Not kept, but they end the value before them:
    "_views": ("浏览次数", "点击数", "访问量"),
    "_font": ("字体", "【字体"),
}
HEADER_LINES = 25  # labels are looked for in the lines above the body only

_DATE = re.compile(
    r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:\s*(\d{1,2}):(\d\d)(?::(\d\d))?)?"
)
_SPACE = "[ \t\u3000\xa0]*"


def _label_regex() -> re.Pattern[str]:
    alternatives: list[str] = []
    for name, labels in LABELS.items():
        for label in sorted(labels, key=len, reverse=True):
            spaced = _SPACE.join(re.escape(ch) for ch in label)
            alternatives.append(f"(?P<{name}_{len(alternatives)}>{spaced})")
    # A label is a label when a colon follows it (half- or full-width).
    return re.compile(rf"(?:^|(?<=[\s【\[|｜]))(?:{'|'.join(alternatives)}){_SPACE}[:：]")


_LABEL = _label_regex()


@dataclass
class PageMetadata:
    """What one page says about its document; empty strings and ``None`` where it says nothing."""

    title: str = ""
    index_number: str = ""
    publisher: str = ""
    category: str = ""  # 主题分类 as the site names it
    column: str = ""  # ColumnName: the site's column (栏目), mapped to 主题分类/体裁 on import
    published: datetime | None = None
    written_on: date | None = None
    expires_on: date | None = None
    doc_number: str = ""  # stored form with 〔〕 when it parses as a 文号
    keywords: str = ""
    validity: str = ""  # valid / expired / repealed / amended, or "" when not stated or not known
    validity_stated: str = ""  # the 效力状态 as the page words it (部分失效 …), see rules.validity
    source: str = ""  # 来源 / ContentSource
    site_id: str = ""  # SiteIDCode, 网站标识码
    found: dict[str, str] = field(default_factory=dict)  # field → the layout it came from

    @property
    def layouts(self) -> set[str]:
        return set(self.found.values())


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            name = values.get("name", "")
            for wanted in META_NAMES:
                if name.lower() == wanted.lower() and wanted not in self.meta:
                    self.meta[wanted] = values.get("content", "").strip()
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def meta_tags(html: str) -> dict[str, str]:
    """The 网页元数据 meta tags present in ``html`` (names as the specification spells them)."""
    parser = _MetaParser()
    parser.feed(html)
    parser.close()
    return parser.meta


def parse_datetime(text: str) -> datetime | None:
    """The first date (with its time, if given) in ``text``: 2017-06-21 09:00, 2018年3月9日, 2018/03/09."""
    m = _DATE.search(halfwidth_digits(text or ""))
    if not m:
        return None
    year, month, day, hour, minute, second = m.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    when = parse_datetime(text)
    return when.date() if when else None


def labelled_values(text: str, max_lines: int = HEADER_LINES) -> dict[str, str]:
    """``{field: value}`` of the labels in the first ``max_lines`` non-empty lines of ``text``.

    A value runs from its label to the next label or the end of the line, so an empty label
    (``索引号: 发布机构: 南芬区人民政府``) gives ``""``. The first occurrence of a field wins."""
    found: dict[str, str] = {}
    lines = [line for line in text.splitlines() if line.strip()][:max_lines]
    for line in lines:
        matches = list(_LABEL.finditer(line))
        for i, m in enumerate(matches):
            name = next(k for k, v in m.groupdict().items() if v is not None).rsplit("_", 1)[0]
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[m.end() : end].strip(" \t\u3000\xa0|｜【】[]")
            if not name.startswith("_") and name not in found:
                found[name] = re.sub(r"\s+", " ", value)
    return found


def _doc_number(value: str) -> str:
    value = value.strip()
    try:
        return normalize_document_number(value)
    except NumberError:
        return value


def read_page(html: str, text: str) -> PageMetadata:
    """Metadata of a document page from its HTML (meta tags) and its visible text (labels).

    ``text`` is the page's text with one line per block (as a browser shows it)."""
    meta = meta_tags(html)
    labels = labelled_values(text)
    page = PageMetadata()

    def take(attr: str, value: str | None, layout: str) -> None:
        if value and not getattr(page, attr):
            setattr(page, attr, value)
            page.found[attr] = layout

    block = "元数据块" if "index_number" in labels or "doc_number" in labels else "发布信息行"
    take("title", labels.get("title"), block)
    take("title", meta.get("ArticleTitle"), "网页元数据")
    take("index_number", labels.get("index_number"), block)
    take("publisher", labels.get("publisher"), block)
    take("category", labels.get("category"), block)
    take("doc_number", _doc_number(labels.get("doc_number", "")), block)
    take("keywords", labels.get("keywords"), block)
    take("keywords", meta.get("Keywords"), "网页元数据")
    take("source", labels.get("source"), block)
    take("source", meta.get("ContentSource"), "网页元数据")
    take("column", meta.get("ColumnName"), "网页元数据")
    take("site_id", meta.get("SiteIDCode"), "网页元数据")
    validity = read_validity(labels.get("validity", ""))
    take("validity", validity.value, block)
    take("validity_stated", validity.stated, block)
    for attr, reader in (("written_on", parse_date), ("expires_on", parse_date)):
        value = reader(labels.get(attr, ""))
        if value:
            setattr(page, attr, value)
            page.found[attr] = block
    published = parse_datetime(labels.get("published", ""))
    if published:
        page.published, page.found["published"] = published, block
    else:
        published = parse_datetime(meta.get("PubDate", ""))
        if published:
            page.published, page.found["published"] = published, "网页元数据"
    return page
