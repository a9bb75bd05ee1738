"""``gongkai annual render FILE.json --to html|docx|pdf|xlsx -o OUT``: the function behind it.

The management command (owned elsewhere) calls :func:`render_main` and turns a
:class:`ReportError` into a command error; its message is Chinese and meant for the user.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gongkai.rules.annual.render import FORMATS, ReportError, render


def _read_json(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReportError(f"找不到{what}文件：{path}") from None
    except UnicodeDecodeError:
        raise ReportError(f"{what}文件不是 UTF-8 编码：{path}") from None
    except OSError as exc:
        raise ReportError(f"无法读取{what}文件 {path}：{exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(
            f"{what}文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：{path}"
        ) from None


def render_main(
    path_in: str | Path,
    to: str | None,
    out: str | Path | None = None,
    *,
    prose_path: str | Path | None = None,
    title: str | None = None,
) -> Path | None:
    """Render the report in ``path_in`` to ``out`` and return the path written.

    ``to`` may be omitted when ``out`` ends in .html/.docx/.pdf/.xlsx; ``out`` defaults to
    ``path_in`` with the new suffix; ``out="-"`` writes to standard output (returns ``None``).
    ``prose_path`` is a JSON file with the keys overview / problems / other_matters.
    """
    path_in = Path(path_in)
    if not to:
        suffix = Path(out).suffix.lstrip(".").lower() if out not in (None, "-") else ""
        if suffix not in FORMATS:
            raise ReportError("请用 --to 指定导出格式（html、docx、pdf 或 xlsx）")
        to = suffix
    to = to.lower()
    if to not in FORMATS:
        raise ReportError(f"不支持的导出格式：{to!r}（应为 html、docx、pdf 或 xlsx）")
    report = _read_json(path_in, "年度报告")
    prose = _read_json(Path(prose_path), "正文") if prose_path else None
    data = render(report, to, prose=prose, title=title)
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    target = Path(out) if out else path_in.with_suffix(f".{to}")
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise ReportError(f"无法写入 {target}：{exc.strerror}") from None
    return target


def add_render_arguments(parser: Any) -> None:
    """The arguments of ``annual render`` on an argparse (sub)parser, for the command's owner."""
    parser.add_argument("file", help="年度报告 JSON 文件")
    parser.add_argument("--to", choices=FORMATS, help="导出格式（缺省时按输出文件扩展名）")
    parser.add_argument("-o", "--output", help="输出文件（缺省为输入文件换扩展名；- 为标准输出）")
    parser.add_argument("--prose", help="正文 JSON 文件，键为 overview、problems、other_matters")
    parser.add_argument("--title", help="标题（缺省为“<机关><年度>年度政府信息公开工作年度报告”）")


def render_from_options(options: dict[str, Any]) -> Path | None:
    """Run :func:`render_main` with the options parsed by :func:`add_render_arguments`."""
    return render_main(
        options["file"],
        options.get("to"),
        options.get("output"),
        prose_path=options.get("prose"),
        title=options.get("title"),
    )
