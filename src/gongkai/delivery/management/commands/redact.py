"""``gongkai redact IN.pdf -o OUT.pdf --text 张三 --pattern REGEX --preset id --box 1:72,100,300,120``:
区分处理 (Art. 37) of a PDF from the command line, with the engine of the staff page
(:mod:`gongkai.delivery.redaction`).

Boxes are ``PAGE:X0,Y0,X1,Y1``: page from 1, PDF points (1/72 inch) from the page's top-left corner.
Exit status: 0 written; 1 when the file is encrypted or unreadable, an argument is wrong, or the
result fails its check (nothing is written then); the message on stderr is Chinese.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.delivery.redaction import PRESETS, RedactionError, parse_box, redact


class Command(BaseCommand):
    help = "区分处理：从PDF中删除指定文字、匹配内容和区域（原文件不变）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("input", metavar="IN.pdf", help="原PDF文件（不修改）")
        parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="写入区分处理后的文件")
        parser.add_argument("--text", action="append", default=[], help="要删除的文字（可多次）")
        parser.add_argument("--pattern", action="append", default=[], help="要删除内容的正则表达式（可多次）")
        parser.add_argument(
            "--preset",
            action="append",
            default=[],
            choices=sorted(PRESETS),
            help="常用模式：id 身份证号码、mobile 手机号码、landline 固定电话（可多次）",
        )
        parser.add_argument(
            "--box",
            action="append",
            default=[],
            metavar="PAGE:X0,Y0,X1,Y1",
            help="要删除的区域（页码从1起，单位为点，原点在左上角）",
        )

    def handle(self, *args, **options) -> None:
        src, out = Path(options["input"]), Path(options["output"])
        try:
            if not src.is_file():
                raise RedactionError(f"找不到文件：{src}")
            if out.exists() and out.resolve() == src.resolve():
                raise RedactionError("输出文件不能覆盖原文件（原件须保留）")
            boxes = [parse_box(spec) for spec in options["box"]]
            patterns = options["pattern"] + [PRESETS[name][1] for name in options["preset"]]
            if not (options["text"] or patterns or boxes):
                raise RedactionError("请至少指定一项 --text、--pattern、--preset 或 --box")
            result = redact(src.read_bytes(), texts=options["text"], patterns=patterns, boxes=boxes)
        except (RedactionError, OSError) as exc:
            sys.stderr.write(f"gongkai redact：{exc}\n")
            raise SystemExit(1) from None
        _write(out, result.data)
        pages = sorted({a.page + 1 for a in result.areas})
        where = "、".join(f"第{p}页" for p in pages) or "无"
        self.stdout.write(f"已删除 {len(result.areas)} 处（{where}），共 {result.pages} 页，已写入 {out}")
        for key in result.not_found:
            self.stderr.write(f"未找到：{key}")


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a temporary file beside the target, then renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
