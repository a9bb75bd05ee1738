"""A Word document (.docx) as the body of a document: converted to clean HTML by mammoth, which
maps Word's styles to plain tags (headings, paragraphs, bold, lists, tables) and drops the
formatting noise, then sanitised by :func:`~.sanitize.sanitize_html` like every body.

Pictures in the Word file are not embedded in the body (they would be megabytes of ``data:``
URLs): the editor is told how many were left out and uploads them as attachments. No Django import.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .sanitize import sanitize_html
from .uploads import UploadError

# Word's heading styles one level down: the page's <h1> is the document's title. Chinese Word
# stores the built-in names in English ("heading 1"); "标题 1" covers files whose styles were renamed.
STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h2:fresh",
        *(f"p[style-name='{name} {n}'] => h{n + 1}:fresh" for n in (1, 2, 3) for name in ("Heading", "标题")),
    ]
)
_IMG = re.compile(r"<img\b[^>]*>", re.I)


@dataclass(frozen=True)
class WordBody:
    html: str
    notes: tuple[str, ...]  # what the editor should know (pictures left out, unknown styles)


def docx_to_html(data: bytes) -> WordBody:
    """The body of a .docx file as sanitised HTML; raises :class:`UploadError` (Chinese) if the
    file cannot be read as a Word document."""
    import mammoth

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(lambda image: {})
        )
    except Exception as exc:
        raise UploadError(f"无法读取该Word文档（{type(exc).__name__}），请另存为 .docx 后重试") from None
    raw = result.value
    pictures = len(_IMG.findall(raw))
    html = sanitize_html(_IMG.sub("", raw))
    if not re.sub(r"<[^>]+>|\s", "", html):
        raise UploadError("Word文档中没有文字内容")
    notes = []
    if pictures:
        notes.append(f"Word文档中的{pictures}张图片未放入正文，如需公开请作为附件上传")
    unknown = sum(1 for m in result.messages if m.type == "warning")
    if unknown:
        notes.append(f"Word文档中有{unknown}处样式未能识别，已按普通段落导入，请核对")
    return WordBody(html, tuple(notes))
