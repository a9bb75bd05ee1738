"""``gongkai annual harvest SITES.csv --year YEAR [--jsonl OUT] [--import]`` (see :mod:`.run`).

Exit status: 0 when the harvest ran (agencies without a report are results, not errors); 2 on bad
input (the list, the year, the options)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from .run import earlier_lines, harvest
from .sites import SitesError, read_sites
from .walk import Options


def add_arguments(parser: Any) -> None:
    parser.add_argument("sites", metavar="SITES.csv", help="机关名单：机关名称、机关类型（政府或部门）、网址")
    parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="报告年度")
    parser.add_argument(
        "--jsonl", metavar="OUT", help="结果写入 OUT（每个机关一行；再次运行时跳过已完成的机关）"
    )
    parser.add_argument(
        "--import", dest="do_import", action="store_true", help="把找到的报告存入收集的年度报告"
    )
    parser.add_argument(
        "--owner", metavar="CODE", help="与 --import 一起：导入机关的机构代码（默认为命令行导入）"
    )
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="同时采集的进程数（默认 1）")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--celery",
        action="store_true",
        help="交给 Celery 的 harvest 队列（需设置 GONGKAI_BROKER 为 Redis，并运行 celery -A gongkai worker -Q harvest）",
    )
    where.add_argument("--local", action="store_true", help="即使设置了 GONGKAI_BROKER 也在本机进程中采集")
    parser.add_argument(
        "--rate",
        type=float,
        default=Options.rate,
        help="每个网站每秒请求数（默认 2；0 为不限，仅用于本机测试）",
    )
    parser.add_argument(
        "--max-pages", type=int, default=Options.max_pages, help="每个机关最多查看的页面数（默认 30）"
    )
    parser.add_argument(
        "--timeout", type=float, default=Options.timeout, help="每次请求的超时秒数（默认 15）"
    )


def _check_celery() -> None:
    """``--celery`` needs a Redis broker (which also keeps the results) and a worker listening
    on the ``harvest`` queue; otherwise the command would wait for ever."""
    from gongkai.celery import app

    from .run import QUEUE

    if app.conf.task_always_eager or not str(app.conf.broker_url or "").startswith("redis"):
        raise CommandError(
            "--celery 需要设置 GONGKAI_BROKER（Redis，如 redis://127.0.0.1:6379/0）", returncode=2
        )
    try:
        queues = app.control.inspect(timeout=2.0).active_queues() or {}
    except Exception as exc:  # the broker is unreachable
        raise CommandError(f"无法连接 Celery 的消息队列（{type(exc).__name__}）", returncode=2) from exc
    if not any(q.get("name") == QUEUE for worker in queues.values() for q in worker):
        raise CommandError(
            f"没有 Celery worker 监听 {QUEUE} 队列：请先运行 celery -A gongkai worker -Q {QUEUE}",
            returncode=2,
        )


def _importer(cmd: BaseCommand, owner_code: str | None, kept: dict[str, int]) -> Any:
    """The ``on_line`` of ``--import``: each line kept in its own transaction (:mod:`.keep`)."""
    from gongkai.agencies.models import Agency

    from .keep import KeepError, keep_line

    owner = None
    if owner_code:
        owner = Agency.objects.filter(code=owner_code).first()
        if owner is None:
            raise CommandError(f"找不到机构代码为“{owner_code}”的机关（--owner）", returncode=2)

    def on_line(line: dict[str, Any]) -> None:
        if line.get("retry"):
            return  # the site could not be reached: nothing to keep, a re-run tries again
        try:
            keep_line(line, owner=owner)
        except (KeepError, ValueError) as exc:
            cmd.stderr.write(f"未导入：{exc}")
        else:
            kept["n"] += 1

    return on_line


def handle(cmd: BaseCommand, options: dict[str, Any]) -> int:
    year = options["year"]
    if not 2008 <= year <= 9998:
        raise CommandError(f"年度无效：{year}", returncode=2)
    if options["workers"] < 1 or options["max_pages"] < 1 or options["rate"] < 0:
        raise CommandError("--workers、--max-pages 须为正数，--rate 不能为负数", returncode=2)
    try:
        sites = read_sites(options["sites"])
    except SitesError as exc:
        raise CommandError(str(exc), returncode=2) from exc
    if options["owner"] and not options["do_import"]:
        raise CommandError("--owner 只能与 --import 一起使用", returncode=2)
    celery = bool(options["celery"])
    if celery:
        _check_celery()
    kept = {"n": 0}
    on_line = _importer(cmd, options["owner"], kept) if options["do_import"] else None
    opts = Options(rate=options["rate"], max_pages=options["max_pages"], timeout=options["timeout"])
    out = Path(options["jsonl"]) if options["jsonl"] and options["jsonl"] != "-" else None
    if on_line is not None and out is not None:  # lines of an earlier run: kept again (idempotent)
        for line in earlier_lines(out, {s.name for s in sites}):
            on_line(line)

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=sys.stderr)
    with Progress(
        TextColumn(f"采集{year}年度报告"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("harvest", total=len(sites))

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = harvest(
            sites,
            year,
            out=out,
            stream=cmd.stdout._out if out is None else None,
            workers=options["workers"],
            celery=celery,
            opts=opts,
            on_line=on_line,
            progress=progress,
        )
    cmd.stderr.write(str(summary))
    if on_line is not None:
        cmd.stderr.write(f"已导入收集的年度报告：{kept['n']} 个机关")
    return 0
