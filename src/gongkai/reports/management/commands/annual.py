"""``gongkai annual <subcommand>``: annual reports (政府信息公开工作年度报告, Art. 49–50).

Subcommands live in ``SUBCOMMANDS`` (name → (help, add_arguments, handler)); adding one
(``build``, ``render``) is adding an entry, nothing else changes.

- ``parse FILE --json``: read one published report (.html/.htm, .txt, .md, .docx, text .pdf)
  and print it as one JSON object of the interchange form; warnings and findings go to stderr.
- ``parse DIR_OR_FILES... --jsonl OUT``: read many (directories are searched recursively),
  writing one line per file ``{"source", "report", "warnings", "findings", "error"}``, with a
  progress bar and a summary (parsed, with warnings, failed).
- ``build --agency CODE --year YYYY --json``: the report of an agency (by its 机构代码) for a
  year, computed from records and the figures entered on its stored report, as spec JSON.
- ``render FILE.json --to html|docx|pdf|xlsx -o OUT``: export a report.
- ``harvest SITES.csv --year YYYY [--jsonl OUT] [--import]``: find, read and check each agency's
  report on its own website (see :mod:`gongkai.collected.harvest`).
- ``check FILE.json``: print the findings of the consistency rules (勾稽关系), one per line
  (FILE.json holds a report, or one line of ``parse --jsonl`` output);
  ``--text`` adds rule 6 against a prose file, ``--previous`` rule 5 against last year's report.

Exit status: 0; 1 when ``check`` finds anything, or ``parse --strict`` finds anything; 2 on
bad input, and when nothing could be read (an empty, binary or unreadable file, a file without the
report's tables; with ``--jsonl``, when not one file was read).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.rules.annual.checks import check_report
from gongkai.rules.annual.parse import parse_file
from gongkai.rules.annual.parse.extract import UnreadableFile

PARSE_SUFFIXES = {".html", ".htm", ".txt", ".md", ".docx", ".pdf"}
NO_TABLES = "没有找到年度报告的表格（可能不是年度报告，或原文不完整）"


def _add_parse(parser) -> None:
    parser.add_argument("paths", nargs="+", help="报告文件或目录（.html .htm .txt .md .docx .pdf）")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="单个文件：输出一个 JSON 对象（默认）")
    out.add_argument("--jsonl", metavar="OUT", help="多个文件：每行一个结果写入 OUT（- 为标准输出）")
    parser.add_argument("--strict", action="store_true", help="发现任何勾稽问题时以状态 1 退出")


def _files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PARSE_SUFFIXES)
        elif p.is_file():
            files.append(p)
        else:
            raise CommandError(f"找不到文件或目录：{raw}")
    return files


def _handle_parse(cmd: BaseCommand, options: dict[str, Any]) -> int:
    files = _files(options["paths"])
    if options["jsonl"] is None:
        if len(files) != 1:
            raise CommandError("--json 只能用于一个文件；多个文件请用 --jsonl OUT")
        try:
            result = parse_file(files[0])
        except UnreadableFile as exc:
            raise CommandError(f"{files[0]}：{exc}", returncode=2) from exc
        if not result.found_tables:  # nothing read: no all-blank report with status 0
            raise CommandError(f"{files[0]}：{NO_TABLES}", returncode=2)
        cmd.stdout.write(json.dumps(result.report, ensure_ascii=False, indent=1))
        for w in result.warnings:
            cmd.stderr.write(f"提示 {w}")
        for f in result.findings:
            cmd.stderr.write(f"勾稽 {f}")
        return 1 if options["strict"] and result.findings else 0
    return _parse_many(cmd, files, options["jsonl"], options["strict"])


def _parse_many(cmd: BaseCommand, files: list[Path], out_path: str, strict: bool) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    counts = {"parsed": 0, "with_warnings": 0, "failed": 0, "findings": 0}
    out = sys.stdout if out_path == "-" else open(out_path, "w", encoding="utf-8")  # noqa: SIM115
    console = Console(file=sys.stderr)
    try:
        with Progress(
            TextColumn("解析年度报告"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as progress:
            task = progress.add_task("parse", total=len(files))
            for path in files:
                line: dict[str, Any] = {
                    "source": str(path),
                    "report": None,
                    "warnings": [],
                    "findings": [],
                    "error": None,
                }
                try:
                    result = parse_file(path)
                except UnreadableFile as exc:
                    line["error"] = str(exc)
                else:
                    line["report"] = result.report
                    line["warnings"] = [str(w) for w in result.warnings]
                    line["findings"] = [f.as_dict() for f in result.findings]
                    if not result.found_tables:
                        line["error"] = NO_TABLES
                if line["error"]:
                    counts["failed"] += 1
                else:
                    counts["parsed"] += 1
                    counts["with_warnings"] += bool(line["warnings"])
                    counts["findings"] += bool(line["findings"])
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                progress.advance(task)
    finally:
        if out is not sys.stdout:
            out.close()
    cmd.stderr.write(
        f"共 {len(files)} 个文件：解析 {counts['parsed']} 个（其中有提示 {counts['with_warnings']} 个，"
        f"有勾稽问题 {counts['findings']} 个），失败 {counts['failed']} 个"
    )
    cmd.stderr.write(
        f"parsed={counts['parsed']} with_warnings={counts['with_warnings']} "
        f"findings={counts['findings']} failed={counts['failed']}"
    )
    if not counts["parsed"]:
        raise CommandError(
            "没有读取到任何年度报告" + ("（所有文件都无法读取）" if files else "（没有找到报告文件）"),
            returncode=2,
        )
    return 1 if strict and counts["findings"] else 0


def _add_check(parser) -> None:
    parser.add_argument("file", help="年度报告 JSON 文件（交换格式）")
    parser.add_argument("--text", help="报告正文文本文件（规则6：正文数字与表格核对）")
    parser.add_argument("--previous", help="同一机关上一年度报告的 JSON 文件（规则5：结转核对）")


def _load_json(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} 不是有效的 JSON：{exc}") from exc
    if isinstance(data, dict) and "format" not in data and isinstance(data.get("report"), dict):
        data = data["report"]  # one line of `parse --jsonl` output
    if not isinstance(data, dict) or "format" not in data:
        raise CommandError(f"{path} 不是年度报告的 JSON（缺少 format 字段）")
    return data


def _handle_check(cmd: BaseCommand, options: dict[str, Any]) -> int:
    report = _load_json(options["file"])
    previous = _load_json(options["previous"]) if options["previous"] else None
    text = None
    if options["text"]:
        try:
            text = Path(options["text"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取正文文件 {options['text']}：{exc}") from exc
    try:
        findings = check_report(report, text=text, previous=previous)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    for f in findings:
        cmd.stdout.write(str(f))
    return 1 if findings else 0


def _handle_render(cmd: BaseCommand, options: dict[str, Any]) -> int:
    from gongkai.rules.annual.render import ReportError
    from gongkai.rules.annual.render.cli import render_from_options

    try:
        out = render_from_options(options)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    if out is not None:
        cmd.stderr.write(f"已写入 {out}")
    return 0


def _add_render(parser) -> None:
    from gongkai.rules.annual.render.cli import add_render_arguments

    add_render_arguments(parser)


def _add_build(parser) -> None:
    parser.add_argument("--agency", required=True, metavar="CODE", help="机关的机构代码（索引号前缀）")
    parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="报告年度")
    parser.add_argument("--json", action="store_true", help="输出交换格式 JSON（默认即是）")


def _handle_build(cmd: BaseCommand, options: dict[str, Any]) -> int:
    from gongkai.agencies.models import Agency
    from gongkai.reports.build import build_report
    from gongkai.rules.application_stats import StatsError

    try:
        agency = Agency.objects.get(code=options["agency"])
    except Agency.DoesNotExist:
        raise CommandError(f"找不到机构代码为 {options['agency']} 的机关") from None
    if not 2021 <= options["year"] <= 9998:
        raise CommandError(f"年度无效：{options['year']}（2021年格式用于2021年及以后的报告）")
    try:
        report = build_report(agency, options["year"])
    except (StatsError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    cmd.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def _add_harvest(parser) -> None:
    from gongkai.collected.harvest.command import add_arguments

    add_arguments(parser)


def _handle_harvest(cmd: BaseCommand, options: dict[str, Any]) -> int:
    from gongkai.collected.harvest.command import handle

    return handle(cmd, options)


Handler = Callable[[BaseCommand, dict[str, Any]], int]
SUBCOMMANDS: dict[str, tuple[str, Callable[[Any], None], Handler]] = {
    "parse": ("读取已发布的年度报告，输出交换格式 JSON", _add_parse, _handle_parse),
    "check": ("检查年度报告 JSON 的勾稽关系（规则1–6）", _add_check, _handle_check),
    "build": ("按记录生成某机关某年度的年度报告（交换格式 JSON）", _add_build, _handle_build),
    "render": ("把年度报告 JSON 导出为 HTML、DOCX、PDF 或 XLSX", _add_render, _handle_render),
    "harvest": (
        "从各机关网站采集某年度的年度报告（读取、检查、判断是否逾期）",
        _add_harvest,
        _handle_harvest,
    ),
}


class Command(BaseCommand):
    help = (
        "政府信息公开工作年度报告：parse（读取已发布的报告）、build（按记录生成）、check（勾稽检查）、"
        "render（导出）"
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{" + ",".join(SUBCOMMANDS) + "}"
        )
        for name, (help_text, add, _handler) in SUBCOMMANDS.items():
            add(sub.add_parser(name, help=help_text, description=help_text))

    def handle(self, *args: Any, **options: Any) -> None:
        _help, _add, handler = SUBCOMMANDS[options["subcommand"]]
        code = handler(self, options)
        if code:
            self.stdout.flush()
            sys.exit(code)
